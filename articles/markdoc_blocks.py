"""Markdoc tags inside Python-Markdown: where the renderer (`articles.markdown`) draws them.

`articles.markdoc` reads the tags of a text and says what each one becomes; the processors here
put each drawn tag in Python-Markdown's tree, where it stands: a marker alone on its line before
the block parser runs (`MarkdocPreprocessor`), drawn as a block (`MarkdocBlockProcessor`) or
within a line (`MarkdocLeftoverProcessor`), and as written in code. `scrub_markdoc()` takes the
markup off any `{% … %}` left outside code; the renderer sanitises after it.

What was drawn is recorded for the stored HTML (`drawn`: the players a page shows).
"""

import html
import re
import xml.etree.ElementTree as etree

from django.template.loader import render_to_string
from markdown import util
from markdown.blockprocessors import BlockProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from articles import markdoc

EMBED_TEMPLATE = "includes/_embed.html"
CALLOUT_LABEL = "À retenir"  # a callout's accessible name when it has no title
# A Markdoc marker alone on its line (see markdoc.transform), and what is left of the syntax.
MARKER_LINE_RE = re.compile(r"^[ ]*\x02mdoc(\d+)\x03[ ]*(?:\n|$)", re.MULTILINE)
LEFTOVER_TAG_RE = re.compile(r"\{%[^{}<>]{0,1000}?%\}")
LEFTOVER_BRACE_RE = re.compile(r"\{+(?=%)")
CODE_HTML_RE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE)


class MarkdocPreprocessor(Preprocessor):
    """Markdoc tags (`articles.markdoc`): each tag drawn becomes a marker alone on its line, its
    component kept aside for the block parser; the markup of the others is removed.

    Registered after fenced code blocks are put aside (25), so tags in them stay text, and
    before raw HTML blocks are (20)."""

    def __init__(self, md, components):
        super().__init__(md)
        self.components = components  # shared with the processors below, refilled per text

    def run(self, lines):
        self.components.clear()
        text = "\n".join(lines)
        if "{%" not in text:
            return lines
        text, components = markdoc.transform(text)
        self.components.update(components)
        return text.split("\n")


def _component_element(parser, component, found):
    """The element a Markdoc component is drawn as, its body parsed as Markdown inside it; a
    player drawn is added to `found["players"]`."""
    if component.kind == "embed":
        embed = component.embed
        found["players"].append(
            {"kind": embed.kind, "id": embed.id, "title": embed.title, "show_id": embed.show_id}
        )
        html = render_to_string(EMBED_TEMPLATE, {"embed": component.embed}).strip()
        element = etree.Element("p")  # a block placeholder: the stash replaces it whole
        element.text = parser.md.htmlStash.store(html)
        return element
    if component.kind == markdoc.CALLOUT:
        element = etree.Element("aside", {"class": "callout", "role": "note"})
        if component.title:
            title = etree.SubElement(element, "p", {"class": "callout__title"})
            etree.SubElement(title, "strong").text = component.title
        else:
            element.set("aria-label", CALLOUT_LABEL)
    else:
        element = etree.Element("blockquote", {"class": "statement"})
    # Paragraphs inside, even in a tight list item (as a block quote does).
    parser.state.set("markdoc")
    parser.parseChunk(element, component.body)
    parser.state.reset()
    return element


class MarkdocBlockProcessor(BlockProcessor):
    """Draw a Markdoc marker line: registered twice, once before indented code (a marker that
    starts a block, however indented) and once before paragraphs (one within a block)."""

    def __init__(self, parser, components, found, anywhere):
        super().__init__(parser)
        self.components = components
        self.found = found
        self.anywhere = anywhere

    def test(self, parent, block):
        if "\x02mdoc" not in block:
            return False
        found = MARKER_LINE_RE.search if self.anywhere else MARKER_LINE_RE.match
        return found(block) is not None

    def run(self, parent, blocks):
        block = blocks.pop(0)
        match = MARKER_LINE_RE.search(block)
        before, after = block[: match.start()], block[match.end() :]
        if before.strip():
            self.parser.parseBlocks(parent, [before.rstrip("\n")])
        component = self.components.pop(int(match.group(1)), None)
        if component is not None:
            parent.append(_component_element(self.parser, component, self.found))
        if after.strip():
            blocks.insert(0, after)


class MarkdocLeftoverProcessor(Treeprocessor):
    """Markers the block parser met within a line (a table cell, a heading): drawn where they
    stand; in an indented code block, the tag as it was written."""

    def __init__(self, md, components, found):
        super().__init__(md)
        self.components = components
        self.found = found

    def run(self, root):
        if not self.components:
            return
        code = {e for block in root.iter() if block.tag in ("pre", "code") for e in block.iter()}
        for parent in list(root.iter()):
            if parent in code:
                if parent.text and "\x02mdoc" in parent.text:
                    parent.text = util.AtomicString(
                        markdoc.MARKER_RE.sub(self._source, parent.text)
                    )
                continue
            self._draw_in(parent)

    def _source(self, match):
        component = self.components.pop(int(match.group(1)), None)
        return util.code_escape(component.source) if component else ""

    def _draw_in(self, parent):
        texts = [(None, parent.text)] + [(child, child.tail) for child in parent]
        for child, text in texts:
            if not text or "\x02mdoc" not in text:
                continue
            pieces = markdoc.MARKER_RE.split(text)
            if child is None:
                parent.text, index = pieces[0], 0
            else:
                child.tail, index = pieces[0], list(parent).index(child) + 1
            previous = child
            for number in range(1, len(pieces), 2):
                component = self.components.pop(int(pieces[number]), None)
                following = pieces[number + 1]
                if component is None:
                    _append_text(parent, previous, following)
                    continue
                element = _component_element(self.md.parser, component, self.found)
                element.tail = following
                parent.insert(index, element)
                index += 1
                previous = element


def _append_text(parent, previous, text):
    if previous is None:
        parent.text = (parent.text or "") + text
    else:
        previous.tail = (previous.tail or "") + text


def undrawn_as_written(md, value):
    """A marker no processor met (put aside with a raw HTML block, or in inline code) becomes
    its tag as written again: text in code, and elsewhere text once `scrub_markdoc` has taken
    the markup off. Nothing an author wrote is lost."""
    if "\x02mdoc" not in value:
        return value
    components = md.preprocessors["markdoc"].components

    def source(match):
        component = components.get(int(match.group(1)))
        return html.escape(component.source) if component else ""

    return markdoc.MARKER_RE.sub(source, value)


def scrub_markdoc(value):
    """No `{%` outside code, whatever the text held: a tag written where the Markdoc reading
    could not see it (in raw HTML, as an entity `&#123;%`) loses its markup here."""
    if "{" not in value:
        return value
    out, position = [], 0
    for code in CODE_HTML_RE.finditer(value):
        out.append(_scrub_text(value[position : code.start()]))
        out.append(code.group())
        position = code.end()
    out.append(_scrub_text(value[position:]))
    return "".join(out)


def _scrub_text(value):
    if "{" not in value or "%" not in value:
        return value
    return LEFTOVER_BRACE_RE.sub("", LEFTOVER_TAG_RE.sub("", value))
