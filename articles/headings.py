"""Headings of rendered Markdown: levels under the page's `h1`, ids, « # » links."""

import html
import re
import xml.etree.ElementTree as etree

from django.utils.text import slugify
from markdown.treeprocessors import Treeprocessor

TAG_RE = re.compile(r"<[^>]+>")
HEADING_TAG_RE = re.compile(r"^h[1-6]$")


def heading_id(value, separator="-"):
    """Stable, ASCII heading ids: « Rôles clés » → roles-cles."""
    return slugify(html.unescape(TAG_RE.sub("", value))) or "section"


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
