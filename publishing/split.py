"""Split a long article shaped like the seed into its body and its role sub-articles.

A role section is a level-2 heading followed by a nickname line (`**Son surnom : …**`,
`**Le surnom : …**`). Inside it we recognise an image, a `### Missions principales` list, a
`### Parcours type` list, a link to a dedicated article and an `**Itérations** : …` line; anything
else stays in the role's Markdown. The article keeps its other sections, with the roles
placeholder where the roles stood. We recognise the pattern, not particular role titles.
"""

import re

from articles.markdown import ROLES_PLACEHOLDER
from publishing.read import Document

FENCE_RE = re.compile(r"^\s*(```|~~~)")
H2_RE = re.compile(r"^##\s+(.+?)\s*#*\s*$")
H1_OR_H2_RE = re.compile(r"^#{1,2}\s+\S")
H3_RE = re.compile(r"^###\s+(.+?)\s*:?\s*#*\s*$")
NICKNAME_RE = re.compile(
    r"^\s*\*{0,2}\s*(?:son|sa|le|la)\s+surnom\s*\*{0,2}\s*:\s*\*{0,2}\s*(.+?)\s*\*{0,2}\s*$",
    re.IGNORECASE,
)
IMAGE_RE = re.compile(r"^\s*!\[([^\]]*)\]\(\s*<?([0-9a-fA-F-]{36})>?\s*\)\s*$")
LIST_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
ITERATIONS_RE = re.compile(r"^\s*\*\*\s*it[ée]rations?\s*(?::\s*)?\*\*\s*:?\s*(.+)$", re.IGNORECASE)
DEDICATED_RE = re.compile(
    r"article\s+d[ée]di[ée].*?\[(?P<label>[^\]]+)\]\((?P<url>[^)\s]+)\)\s*\.?\s*$", re.IGNORECASE
)
RULE_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
ARTICLE_PREFIX_RE = re.compile(r"^(?:le|la|les)\s+|^l['’]\s*", re.IGNORECASE)
EXPERIENCE_RE = re.compile(
    r"^\s*\*{0,2}exp[ée]riences?(?:\s+pr[ée]alables?)?\s*\*{0,2}\s*:\s*", re.I
)
CERTIFICATION_RE = re.compile(
    r"^\s*\*{0,2}certifications?(?:\s+recommand[ée]e?s?)?\s*\*{0,2}\s*:\s*", re.I
)
MISSIONS_HEADINGS = {"missions principales", "missions", "ses missions", "missions clés"}
BACKGROUND_HEADINGS = {"parcours type", "parcours", "profil type", "parcours typique"}


def role_title(heading):
    """« Le Revenue Ops Manager » → « Revenue Ops Manager »; « L'Enablement Manager » too."""
    stripped = ARTIFACT_STRIP.sub("", heading).strip()
    title = ARTICLE_PREFIX_RE.sub("", stripped, count=1).strip()
    return title or stripped


ARTIFACT_STRIP = re.compile(r"^\*\*|\*\*$")


def _code_mask(lines):
    """True for lines inside fenced code blocks, where nothing is recognised."""
    mask, inside = [], False
    for line in lines:
        if FENCE_RE.match(line):
            mask.append(True)
            inside = not inside
        else:
            mask.append(inside)
    return mask


def _next_content(lines, start):
    for index in range(start, len(lines)):
        if lines[index].strip():
            return index
    return None


def find_role_sections(lines):
    """(start, end) line ranges of the role sections, in order."""
    code = _code_mask(lines)
    sections = []
    for index, line in enumerate(lines):
        if code[index] or not H2_RE.match(line):
            continue
        following = _next_content(lines, index + 1)
        if following is None or code[following] or not NICKNAME_RE.match(lines[following]):
            continue
        end = next(
            (
                n
                for n in range(index + 1, len(lines))
                if not code[n] and H1_OR_H2_RE.match(lines[n])
            ),
            len(lines),
        )
        sections.append((index, end))
    return sections


def split_roles(document):
    """Return (article body with the placeholder, role documents); no roles: (body, [])."""
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


def parse_role(document, lines, start, end, position):
    """Turn one role section into a role Document with structured front matter."""
    line_no = document.body_line + start
    heading = H2_RE.match(lines[start]).group(1)
    nickname_index = _next_content(lines, start + 1)
    meta = {
        "title": role_title(heading),
        "nickname": NICKNAME_RE.match(lines[nickname_index]).group(1).strip(" *"),
    }
    keys = {"title": line_no, "nickname": document.body_line + nickname_index}
    rest = []
    index = nickname_index + 1
    image_seen = False
    while index < end:
        line = lines[index]
        heading3 = H3_RE.match(line)
        name = heading3.group(1).strip().rstrip(":").strip().lower() if heading3 else ""
        if not image_seen and not any(r.strip() for r in rest) and IMAGE_RE.match(line):
            match = IMAGE_RE.match(line)
            meta["image"] = match.group(2).lower()
            meta["image_alt"] = match.group(1)
            image_seen = True
            index += 1
            continue
        if name in MISSIONS_HEADINGS:
            items, index = _list_after(lines, index + 1, end)
            meta["missions"] = items
            keys["missions"] = document.body_line + index
            continue
        if name in BACKGROUND_HEADINGS:
            items, index = _list_after(lines, index + 1, end)
            background, others = {"experience": [], "certifications": []}, []
            for item in items:
                if EXPERIENCE_RE.match(item):
                    background["experience"].append(EXPERIENCE_RE.sub("", item, count=1))
                elif CERTIFICATION_RE.match(item):
                    background["certifications"].append(CERTIFICATION_RE.sub("", item, count=1))
                else:
                    others.append(item)
            meta["background"] = {k: v for k, v in background.items() if v}
            if others:  # not recognised: kept in the role's Markdown, never dropped
                rest.extend([f"### {heading3.group(1)}", "", *[f"- {o}" for o in others], ""])
            continue
        iterations = ITERATIONS_RE.match(line)
        if iterations:
            meta["alternative_titles"] = parse_alternative_titles(iterations.group(1))
            keys["alternative_titles"] = document.body_line + index
            index += 1
            continue
        dedicated = DEDICATED_RE.search(line)
        if dedicated and "dedicated" not in meta:
            meta["dedicated"] = dedicated.group("url")
            meta["dedicated_label"] = dedicated.group("label").strip().rstrip(".").strip()
            index += 1
            continue
        rest.append(line)
        index += 1
    body = "\n".join(_strip_rules(rest)).strip("\n")
    body = re.sub(r"\n{3,}", "\n\n", body)
    role = Document(
        path=document.path,
        meta=meta,
        body=body + "\n" if body else "",
        lines=keys,
        body_line=line_no,
    )
    role.position = position
    return role


def _list_after(lines, index, end):
    """The list items that follow a heading (blank lines allowed before and between)."""
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


def parse_alternative_titles(text):
    """`**A** (note) / **B** ou **C** (note)` → [{title, note}, …]; bold is only formatting."""
    text = text.replace("**", "").strip()
    titles = []
    for part in _split_top_level(text, "/"):
        part = part.strip()
        if not part:
            continue
        title, note = part, ""
        if part.endswith(")"):
            opening = _matching_open(part)
            if opening > 0:
                title, note = part[:opening].strip(), part[opening + 1 : -1].strip()
        for name in re.split(r"\s+ou\s+", title):
            name = name.strip(" ,;")
            if name:
                titles.append({"title": name, **({"note": note} if note else {})})
    return titles


def _split_top_level(text, separator):
    parts, depth, current = [], 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _matching_open(text):
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            depth -= 1
            if depth == 0:
                return index
    return -1
