"""Split a long article shaped like the seed into its body and its role sub-articles, losing no
word of it.

A role section is a heading (`## Le Revenue Ops Manager`, or `### …` under a `## Les rôles`)
followed by a nickname line (`**Son surnom : …**`, `**Le surnom : …**`). Inside it we recognise
an image, a missions list and a background list (after a heading or a bold label such as
« Missions principales »), a link to a dedicated article and the alternative titles (after an
« Itérations » label, alone or in a `{% callout %}`). Each becomes a field of the role, and a
marker (`[[missions]]`…, see `roles.body`) takes its place in the role's text, so that
the role page shows everything the source said, in the source's order: the labels, headings and
lead-ins around a field stay text, and only the field itself is drawn from the role. Anything
else stays in the role's Markdown as written. The article keeps its other sections, with the
roles placeholder where the roles stood. We recognise the pattern, not particular role titles.
"""

import re

from articles.fences import code_line_mask
from roles.body import MARKERS
from roles.parts import PLACEHOLDER as ROLES_PLACEHOLDER
from roles.split_titles import LIST_RE, parse_alternative_titles, titles_of

HEADING_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
BOLD_LABEL_RE = re.compile(r"^\s*\*\*\s*(.+?)\s*\*\*\s*:?\s*$")
NICKNAME_RE = re.compile(
    r"^\s*(?P<open>\*{0,2})\s*(?P<label>(?:son|sa|le|la)\s+surnom)\s*\*{0,2}\s*:\s*\*{0,2}\s*"
    r"(?P<value>.+?)\s*(?P<close>\*{0,2})\s*$",
    re.IGNORECASE,
)
IMAGE_RE = re.compile(r"^\s*!\[([^\]]*)\]\(\s*<?([0-9a-fA-F-]{36})>?\s*\)\s*$")
TITLES_LABEL = r"(?:it[ée]rations?|autres\s+intitul[ée]s(?:\s+du\s+poste)?)"
# `**Itérations** : …`, `**Itérations :** …`, `Itérations : …`: the label, then the titles.
ITERATIONS_RE = re.compile(
    rf"^(?P<label>\s*(?:\*\*)?\s*{TITLES_LABEL}\s*(?::\s*\*\*|\*\*\s*:|:))\s*(?P<titles>.*)$",
    re.IGNORECASE,
)
CALLOUT_OPEN_RE = re.compile(r"^\s*\{%\s*callout\b(?P<attributes>[^%]*)%\}\s*$")
CALLOUT_CLOSE_RE = re.compile(r"^\s*\{%\s*/callout\s*%\}\s*$")
TITLES_CALLOUT_RE = re.compile(rf"""\btitle\s*=\s*["']\s*{TITLES_LABEL}\s*:?\s*["']""", re.I)
DEDICATED_RE = re.compile(r"article\s+d[ée]di[ée]", re.IGNORECASE)
LINK_RE = re.compile(r"\[(?P<label>[^\]]+)\]\((?P<url>[^)\s]+)\)")
RULE_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
ARTICLE_PREFIX_RE = re.compile(r"^(?:le|la|les)\s+|^l['’]\s*", re.IGNORECASE)
ARTIFACT_STRIP = re.compile(r"^\*\*|\*\*$")
EXPERIENCE_RE = re.compile(
    r"^\s*\*{0,2}exp[ée]riences?(?:\s+pr[ée]alables?)?\s*\*{0,2}\s*:\s*\*{0,2}\s*", re.I
)
CERTIFICATION_RE = re.compile(
    r"^\s*\*{0,2}certifications?(?:\s+recommand[ée]e?s?)?\s*\*{0,2}\s*:\s*\*{0,2}\s*", re.I
)
MISSIONS_HEADINGS = {"missions principales", "missions", "ses missions", "missions clés"}
BACKGROUND_HEADINGS = {"parcours type", "parcours", "profil type", "parcours typique"}


def role_title(heading):
    """« Le Revenue Ops Manager » → « Revenue Ops Manager »; « L'Enablement Manager » too."""
    stripped = ARTIFACT_STRIP.sub("", heading).strip()
    title = ARTICLE_PREFIX_RE.sub("", stripped, count=1).strip()
    return title or stripped


def _code_mask(lines):
    """True for lines inside code blocks (fenced or indented, as the renderer reads them:
    `articles.fences`), where nothing is recognised."""
    return code_line_mask(lines)


def _next_content(lines, start, end=None):
    for index in range(start, len(lines) if end is None else end):
        if lines[index].strip():
            return index
    return None


def _label(line):
    """The name a sub-heading or a bold label line gives (lower case, no colon), or ''."""
    match = HEADING_RE.match(line) or BOLD_LABEL_RE.match(line)
    if not match:
        return ""
    return match.group(match.lastindex).strip(" *:").strip().lower()


def find_role_sections(lines):
    """(start, end) line ranges of the role sections, in order: a heading followed by a
    nickname line, up to the next heading of its level or above (a « Missions » or « Parcours
    type » heading of that level stays in the role)."""
    code = _code_mask(lines)
    sections = []
    for index, line in enumerate(lines):
        heading = None if code[index] else HEADING_RE.match(line)
        if not heading or len(heading.group(1)) < 2:
            continue
        following = _next_content(lines, index + 1)
        if following is None or code[following] or not NICKNAME_RE.match(lines[following]):
            continue
        if sections and index < sections[-1][1]:
            continue  # inside the role before (which cannot hold another role)
        level = len(heading.group(1))
        end = next(
            (
                n
                for n in range(index + 1, len(lines))
                if not code[n]
                and (other := HEADING_RE.match(lines[n]))
                and len(other.group(1)) <= level
                and _label(lines[n]) not in MISSIONS_HEADINGS | BACKGROUND_HEADINGS
            ),
            len(lines),
        )
        sections.append((index, end))
    return sections


def split_roles(document):
    """Return (article body with the placeholder, role documents); no roles: (body, []).
    The role documents are of the class of `document` (publishing's `Document`)."""
    lines = document.body.split("\n")
    sections = find_role_sections(lines)
    if not sections:
        return document.body, []
    roles = []
    for position, (start, end) in enumerate(sections, start=1):
        roles.append(parse_role(document, lines, start, end, position))
    kept = []
    cursor = 0
    for number, (start, end) in enumerate(sections):
        kept.extend(lines[cursor:start])
        if number == 0:
            kept.extend([ROLES_PLACEHOLDER, ""])
        cursor = end
    kept.extend(lines[cursor:])
    body = "\n".join(_trim_rules(kept)).strip("\n") + "\n"
    return re.sub(r"\n{3,}", "\n\n", body), roles


def _trim_rules(lines):
    """Drop horizontal rules left dangling next to the placeholder (they separated roles)."""
    result = list(lines)
    index = result.index(ROLES_PLACEHOLDER)
    before = index - 1
    while before >= 0 and (not result[before].strip() or RULE_RE.match(result[before])):
        before -= 1
    after = index + 1
    while after < len(result) and (not result[after].strip() or RULE_RE.match(result[after])):
        after += 1
    return [*result[: before + 1], "", ROLES_PLACEHOLDER, "", *result[after:]]


class _RoleReader:
    """Reads one role section line by line into front matter and a body with markers."""

    def __init__(self, document, lines, start, end):
        self.document, self.lines, self.end = document, lines, end
        self.code = _code_mask(lines[start:end])
        self.start = start
        self.meta, self.keys, self.body = {}, {}, []
        self.nickname_in_body = False  # a label of its own: the nickname is drawn in the text

    def line_no(self, index):
        return self.document.body_line + index

    def in_code(self, index):
        return self.code[index - self.start]

    def marker(self, name, index):
        """The field's marker as a paragraph of its own, and the line the field came from."""
        self.body.extend(["", MARKERS[name], ""])
        self.keys[name] = self.line_no(index)

    def read(self):
        lines, start = self.lines, self.start
        heading = ARTIFACT_STRIP.sub("", HEADING_RE.match(lines[start]).group(2)).strip()
        self.meta["title"] = role_title(heading)
        if self.meta["title"] != heading:
            self.meta["heading"] = heading  # « Le Revenue Ops Manager », as the article wrote it
        self.keys["title"] = self.keys["heading"] = self.line_no(start)
        index = self.read_nickname(_next_content(lines, start + 1))
        index = self.read_image(index)
        while index < self.end:
            index = self.read_line(index)
        return self.meta, self.keys, self.body

    def read_nickname(self, index):
        match = NICKNAME_RE.match(self.lines[index])
        self.meta["nickname"] = match.group("value").strip(" *")
        self.keys["nickname"] = self.line_no(index)
        if match.group("label").lower() != "son surnom":
            # The page's own line says « Son surnom » : another label stays as it was written.
            line = self.lines[index]
            value_at, value_end = match.span("value")
            self.body.append(f"{line[:value_at]}{MARKERS['nickname']}{line[value_end:]}")
            self.body.append("")
            self.nickname_in_body = True
        return index + 1

    def read_image(self, index):
        """An image right after the nickname line is the role's image."""
        following = _next_content(self.lines, index, self.end)
        if following is None or self.in_code(following):
            return index
        match = IMAGE_RE.match(self.lines[following])
        if not match:
            return index
        self.meta["image"] = match.group(2).lower()
        self.meta["image_alt"] = match.group(1)
        if self.nickname_in_body:
            self.body.extend([MARKERS["image"], ""])  # after the nickname, where it stood
        return following + 1

    def read_line(self, index):
        line = self.lines[index]
        if self.in_code(index):
            self.body.append(line)
            return index + 1
        name = _label(line)
        if name in MISSIONS_HEADINGS and "missions" not in self.meta:
            items, after = _list_after(self.lines, index + 1, self.end)
            if items:
                self.body.append(line)
                self.meta["missions"] = items
                self.marker("missions", index + 1)
                return after
        if name in BACKGROUND_HEADINGS and "background" not in self.meta:
            after = self.read_background(index)
            if after is not None:
                return after
        if "alternative_titles" not in self.meta:
            after = self.read_titles(index)
            if after is not None:
                return after
        if "dedicated" not in self.meta and DEDICATED_RE.search(line):
            line = self.read_dedicated(line, index)
        self.body.append(line)
        return index + 1

    def read_background(self, index):
        """A background heading, then « Expérience préalable : … » / « Certifications
        recommandées : … » as a list or as lines of a paragraph. Other items stay as written,
        right after the marker."""
        items, after = _list_after(self.lines, index + 1, self.end)
        paragraph = not items
        if paragraph:
            items, after = _paragraph_after(self.lines, index + 1, self.end)
        background, others = {"experience": [], "certifications": []}, []
        for item in items:
            if EXPERIENCE_RE.match(item):
                background["experience"].append(EXPERIENCE_RE.sub("", item, count=1))
            elif CERTIFICATION_RE.match(item):
                background["certifications"].append(CERTIFICATION_RE.sub("", item, count=1))
            else:
                others.append(item)
        if not any(background.values()) or (paragraph and others):
            return None  # prose about the background: kept as written
        self.body.append(self.lines[index])
        self.meta["background"] = {key: value for key, value in background.items() if value}
        self.marker("background", index + 1)
        if others:  # not recognised: kept in the role's Markdown, never dropped
            self.body.extend([*[f"- {other}" for other in others], ""])
        return after

    def read_titles(self, index):
        """Alternative titles: after an « Itérations » label (on its line, or as a list below
        it), or as the body of a callout titled « Itérations »."""
        line = self.lines[index]
        callout = CALLOUT_OPEN_RE.match(line)
        if callout and TITLES_CALLOUT_RE.search(callout.group("attributes")):
            close = next(
                (n for n in range(index + 1, self.end) if CALLOUT_CLOSE_RE.match(self.lines[n])),
                None,
            )
            inner = [n for n in range(index + 1, close or index) if self.lines[n].strip()]
            titles = titles_of([self.lines[n] for n in inner])
            if close is None or not titles:
                return None
            self.body.append(line)
            self.meta["alternative_titles"] = titles
            self.marker("alternative_titles", inner[0])
            self.body.append(self.lines[close])
            return close + 1
        match = ITERATIONS_RE.match(line)
        if not match:
            return None
        if match.group("titles").strip():
            titles, after = titles_of([match.group("titles")]), index + 1
        else:
            items, after = _list_after(self.lines, index + 1, self.end)
            titles = [title for item in items for title in parse_alternative_titles(item)]
        if not titles:
            return None
        self.body.append(match.group("label").rstrip())
        self.meta["alternative_titles"] = titles
        self.marker("alternative_titles", index)
        return after

    def read_dedicated(self, line, index):
        """`… notre article dédié : [Le rôle en détail.](url)`: the link becomes the field,
        its lead-in stays around the marker."""
        lead = DEDICATED_RE.search(line)
        link = LINK_RE.search(line, lead.end())
        if not link:
            return line
        label = link.group("label").strip()
        self.meta["dedicated"] = link.group("url")
        self.meta["dedicated_label"] = label.rstrip(".").strip()
        self.keys["dedicated"] = self.line_no(index)
        tail = line[link.end() :]
        stop = "." if label.endswith(".") and not tail.lstrip().startswith(".") else ""
        return f"{line[: link.start()]}{MARKERS['dedicated']}{stop}{tail}"


def parse_role(document, lines, start, end, position):
    """Turn one role section into a role Document with structured front matter."""
    meta, keys, rest = _RoleReader(document, lines, start, end).read()
    body = "\n".join(_strip_rules(rest)).strip("\n")
    body = re.sub(r"\n{3,}", "\n\n", body)
    role = type(document)(
        path=document.path,
        meta=meta,
        body=body + "\n" if body else "",
        lines=keys,
        body_line=document.body_line + start,
    )
    role.position = position
    return role


def _list_after(lines, index, end):
    """The list items that follow a heading (blank lines allowed before and between), and the
    index after them."""
    items = []
    while index < end:
        line = lines[index]
        item = LIST_RE.match(line)
        if item:
            items.append(item.group(1).strip())
        elif line.strip() and line.startswith(("  ", "\t")) and items:
            items[-1] = f"{items[-1]} {line.strip()}"  # continuation of the previous item
        elif line.strip():
            break
        index += 1
    return items, index


def _paragraph_after(lines, index, end):
    """The lines of the paragraph that follows a heading, and the index after it."""
    start = _next_content(lines, index, end)
    if start is None or LIST_RE.match(lines[start]) or HEADING_RE.match(lines[start]):
        return [], index
    stop = start
    while stop < end and lines[stop].strip():
        stop += 1
    return [line.strip() for line in lines[start:stop]], stop


def _strip_rules(lines):
    """Horizontal rules at the edges of a role, or doubled up, only separated sections."""
    result = []
    for line in lines:
        if RULE_RE.match(line) and (not result or not any(r.strip() for r in result)):
            continue
        result.append(line)
    while result and (not result[-1].strip() or RULE_RE.match(result[-1])):
        result.pop()
    cleaned = []
    for line in result:
        previous = next((c for c in reversed(cleaned) if c.strip()), "")
        if RULE_RE.match(line) and RULE_RE.match(previous):
            continue
        cleaned.append(line)
    return cleaned
