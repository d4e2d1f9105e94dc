"""Headings of rendered Markdown: levels under the page's `h1`, ids, « # » links.

Ids are unique on the page that shows them: the ids the page templates give their own parts
(`page_ids()`, `page_id_prefixes()`: `<main id="contenu">`, a part card's `role-<slug>`…) are never
a heading's (`## Contenu` gets `section-contenu`), and a heading written twice gets `-2`, then
`-3`. Every id a text holds goes through `PageIds.claim()`: headings and attribute lists here,
raw HTML in the sanitiser (`articles.sanitise`), which runs last.

The rules here are markdown-it-py core rules (`articles.markdown` registers them), run on the
token stream once inline parsing is done: levels, then ids and the table of contents, then
the « # » links.
"""

import html
import re

from django.utils.text import slugify
from markdown_it.token import Token

from articles import registry

# The ids the blog's own page templates give their elements (`templates/`;
# `tests/test_page_ids.py` checks that every `id="…"` there is listed here or by a content type:
# `Kind.page_ids`, and `Kind.page_id_prefixes` for the ids they build, `role-<slug>`).
SITE_IDS = frozenset({
    "contenu", "site-search", "search-q", "article-results", "toc-title", "author-title",
    "related-title",
})  # fmt: skip
# What goes before a text's id that a page already uses.
RESERVED_PREFIX = "section-"

TAG_RE = re.compile(r"<[^>]+>")
HEADING_TAG_RE = re.compile(r"^h[1-6]$")
RAW_ID_RE = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


def heading_id(value, separator="-"):
    """Stable, ASCII heading ids: « Rôles clés » → roles-cles."""
    return slugify(html.unescape(TAG_RE.sub("", value))) or "section"


def page_ids():
    """Every id a page template gives its own elements: the blog's and the content types'."""
    return SITE_IDS.union(*(kind.page_ids for kind in registry.kinds()))


def page_id_prefixes():
    """The prefixes of the ids page templates build (`role-<slug>`)."""
    return tuple(prefix for kind in registry.kinds() for prefix in kind.page_id_prefixes)


def page_safe(value):
    """`value`, or `section-value` when a page template uses that id (or its prefix)."""
    if value in page_ids() or value.startswith(page_id_prefixes()):
        return RESERVED_PREFIX + value
    return value


class PageIds:
    """The ids given so far in one text: `claim()` hands out each id once, in linear time
    however many headings share a name (a counter per name, not a search from 2)."""

    def __init__(self, taken=()):
        self.taken = set(taken)
        self.counters = {}

    def claim(self, value):
        base = page_safe(value)
        candidate, number = base, self.counters.get(base, 1)
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.counters[base] = number
        self.taken.add(candidate)
        return candidate


HEADING_ATTRIBUTES_RE = re.compile(r"[ \t]*\{:?[ \t]*#([\w-]+)[ \t]*\}[ \t]*$")
TOC_LEVELS = (2, 3)
ANCHOR = '<a aria-label="Lien vers cette section" class="heading-anchor" href="#{}">#</a>'


def raw_ids(tokens):
    """The ids written in the text's raw HTML, as the sanitiser will read them: headings take
    other names, so their table of contents stays right."""
    found = set()
    for token in _all(tokens):
        if token.type not in ("html_block", "html_inline") or "id" not in token.content.lower():
            continue
        for match in RAW_ID_RE.finditer(token.content):
            value = html.unescape(next(group for group in match.groups() if group is not None))
            found.update((value, page_safe(value)))
    return found


def _all(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from token.children


def heading_levels(state):
    """Place body headings under the page's own `h1`, without jumps in the outline.

    The first heading becomes an h2; a deeper heading goes one level below the heading it
    follows, however deep it was written; a heading goes back to the level of the last heading
    written at its level or above. So `## A` then `# B` then `## C` gives h2, h2, h3. A body
    that starts with `# Titre` gets an h2 (the page has its h1): the checklist says so.
    """
    stack = []  # (level as written, level given)
    current = "h2"
    for token in state.tokens:
        if token.type == "heading_open":
            written = int(token.tag[1])
            if written == 1:  # counted for the checklist: the page has its own h1
                state.env["h1"] = state.env.get("h1", 0) + 1
            while stack and stack[-1][0] > written:
                stack.pop()
            if stack and stack[-1][0] == written:
                given = stack.pop()[1]
            else:
                given = min(stack[-1][1] + 1, 6) if stack else 2
            stack.append((written, given))
            token.tag = current = f"h{given}"
        elif token.type == "heading_close":
            token.tag = current


def heading_name(inline):
    """A heading's text as its table of contents shows it: text and code, without markup,
    images or footnote references."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
    return "".join(parts).strip()


def heading_ids(state):
    """Every id of the text, in order: headings named from their text (an id written `{#id}`
    at the end of a heading kept unless taken), each claimed once (`PageIds`). Fills the
    environment's "toc" (levels 2 and 3, nested) and "headings" (every heading's id)."""
    env = state.env
    ids = env.setdefault("page_ids", PageIds())
    ids.taken |= raw_ids(state.tokens)
    entries = []
    tokens = state.tokens
    for number, token in enumerate(tokens):
        if token.type != "heading_open" or token.attrGet("id"):
            continue
        inline = tokens[number + 1]
        written = _written_id(inline)
        name = heading_name(inline)
        value = ids.claim(written or heading_id(name))
        token.attrSet("id", value)
        env.setdefault("headings", []).append(value)
        level = int(token.tag[1])
        if TOC_LEVELS[0] <= level <= TOC_LEVELS[1]:
            entries.append({"id": value, "name": name, "level": level, "children": []})
    env.setdefault("toc", []).extend(nest(entries))


def _written_id(inline):
    """The id of `## Titre {#id}` (attribute list syntax), taken off the heading's text."""
    children = inline.children or []
    if not children or children[-1].type != "text" or "{" not in children[-1].content:
        return None
    match = HEADING_ATTRIBUTES_RE.search(children[-1].content)
    if match is None:
        return None
    children[-1].content = children[-1].content[: match.start()]
    return match.group(1)


def nest(entries):
    """Table of contents entries nested under the entry of the level above them."""
    top, stack = [], []
    for entry in entries:
        while stack and stack[-1]["level"] >= entry["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else top).append(entry)
        stack.append(entry)
    return top


def heading_anchors(state):
    """A visible « # » link on each section heading, for sharing a section."""
    tokens = state.tokens
    for number, token in enumerate(tokens):
        if token.type == "heading_open" and token.attrGet("id"):
            anchor = Token("html_inline", "", 0)
            anchor.content = ANCHOR.format(html.escape(token.attrGet("id")))
            tokens[number + 1].children = [*(tokens[number + 1].children or []), anchor]
