"""Headings of rendered Markdown: levels under the page's `h1`, ids, « # » links.

Ids are unique on the page that shows them: the ids the page templates give their own parts
(`PAGE_IDS`, `PAGE_ID_PREFIXES`: `<main id="contenu">`, a role card's `role-<slug>`…) are never
a heading's (`## Contenu` gets `section-contenu`), and a heading written twice gets `-2`, then
`-3`. Every id a text holds goes through `PageIds.claim()`: headings and attribute lists here,
raw HTML in the sanitiser (`articles.sanitise`), which runs last.
"""

import html
import re
import xml.etree.ElementTree as etree

from django.utils.text import slugify
from markdown.extensions.toc import remove_fnrefs, render_inner_html, strip_tags
from markdown.treeprocessors import Treeprocessor

# The ids page templates give their own elements (`templates/`; `tests/test_page_ids.py`
# checks that every `id="…"` there is listed here), and the prefixes of the ids they build
# (`id="role-{{ role.slug }}"`).
PAGE_IDS = frozenset({
    "contenu", "site-search", "search-q", "role-results", "article-results", "toc-title",
    "author-title", "related-title", "roles-title", "missions", "parcours", "iterations",
})  # fmt: skip
PAGE_ID_PREFIXES = ("role-",)
# What goes before a text's id that a page already uses.
RESERVED_PREFIX = "section-"

TAG_RE = re.compile(r"<[^>]+>")
HEADING_TAG_RE = re.compile(r"^h[1-6]$")
RAW_ID_RE = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


def heading_id(value, separator="-"):
    """Stable, ASCII heading ids: « Rôles clés » → roles-cles."""
    return slugify(html.unescape(TAG_RE.sub("", value))) or "section"


def page_safe(value):
    """`value`, or `section-value` when a page template uses that id (or its prefix)."""
    if value in PAGE_IDS or value.startswith(PAGE_ID_PREFIXES):
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


def raw_ids(md):
    """The ids written in the text's raw HTML (kept aside by Python-Markdown), as the sanitiser
    will read them: headings take other names, so their table of contents stays right."""
    found = set()
    for block in md.htmlStash.rawHtmlBlocks:
        block = str(block)
        if "id" not in block.lower():
            continue
        for match in RAW_ID_RE.finditer(block):
            value = html.unescape(next(group for group in match.groups() if group is not None))
            found.update((value, page_safe(value)))
    return found


class HeadingLevelsProcessor(Treeprocessor):
    """Place body headings under the page's own `h1`, without jumps in the outline.

    The first heading becomes an h2; a deeper heading goes one level below the heading it
    follows, however deep it was written; a heading goes back to the level of the last heading
    written at its level or above. So `## A` then `# B` then `## C` gives h2, h2, h3.
    """

    def run(self, root):
        stack = []  # (level as written, level given)
        for element in root.iter():
            if not HEADING_TAG_RE.match(element.tag):
                continue
            written = int(element.tag[1])
            while stack and stack[-1][0] > written:
                stack.pop()
            if stack and stack[-1][0] == written:
                given = stack.pop()[1]
            else:
                given = min(stack[-1][1] + 1, 6) if stack else 2
            stack.append((written, given))
            element.tag = f"h{given}"


class IdsProcessor(Treeprocessor):
    """Every id of the text, in order: headings named from their text as the table of contents
    names them, ids of attribute lists (`{#id}`) and footnotes kept unless taken. Registered
    after attribute lists (8) and before the table of contents (5), which keeps them."""

    def run(self, root):
        ids = PageIds(raw_ids(self.md))
        headings = []
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            if "id" in element.attrib:
                element.set("id", ids.claim(element.get("id")))
            elif HEADING_TAG_RE.match(element.tag):
                # Named as the table of contents would name it (toc's own helpers).
                name = strip_tags(render_inner_html(remove_fnrefs(element), self.md))
                element.set("id", ids.claim(heading_id(html.unescape(name))))
            else:
                continue
            if HEADING_TAG_RE.match(element.tag):
                headings.append(element.get("id"))
        self.md.heading_ids = headings


class HeadingAnchorProcessor(Treeprocessor):
    """A visible « # » link on each section heading, for sharing a section."""

    def run(self, root):
        for element in root.iter():
            if HEADING_TAG_RE.match(element.tag) and element.get("id"):
                anchor = etree.SubElement(element, "a")
                anchor.set("class", "heading-anchor")
                anchor.set("href", f"#{element.get('id')}")
                anchor.set("aria-label", "Lien vers cette section")
                anchor.text = "#"
