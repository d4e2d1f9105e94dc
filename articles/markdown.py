"""The one Markdown pipeline: Markdown in, safe HTML out.

`render_markdown()` is used by `save()` of articles and roles and, through
`articles.editor.markdownify()`, by the admin's live preview, so what an editor previews is
what readers get. It gives headings stable ids (accents folded), builds the table of contents,
counts words, resolves `![alt](<uuid>)` through the image lookup it is given, draws Markdoc tags
(`{% callout %}`, players: see `articles.markdoc`), and sanitises the result with nh3.

An image whose asset or file is missing is drawn for whom the HTML is: the stored HTML (readers)
leaves a block image out and keeps an inline image's alt text; the editors' previews ask for
`placeholders=True` and get the visible « Image manquante » placeholder. Readers are never shown
the placeholder, editors always are, and the partial decides both (`show_missing_images`).

It knows no model: callers pass the lookup (`ImageAsset.objects.lookup` in the site), and body
images are drawn by the same template partial as the pages' images (`includes/_image.html`), and
players by the pages' facade partial (`includes/_embed.html`).
"""

import html
import re
import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
import nh3
from django.template.loader import render_to_string
from django.utils.text import slugify
from markdown import util
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from articles import markdoc
from articles.embeds import FRAME_HOSTS
from articles.typography import apply_to_tree, french_spacing

# A line holding only this marks where an article shows its roles.
ROLES_PLACEHOLDER = "[[roles]]"
ROLES_SLOT = '<div class="roles-slot"></div>'

UUID_RE = re.compile(r"^<?([0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})>?$")
IMAGE_REF_RE = re.compile(
    r"!\[[^\]]*\]\(\s*<?([0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})>?"
)
FENCE_RE = re.compile(r"^\s*(```|~~~)")
WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")
TAG_RE = re.compile(r"<[^>]+>")
HEADING_TAG_RE = re.compile(r"^h[1-6]$")
# Characters that may start Markdown or HTML syntax (or a Markdoc tag) in one line of text.
MARKUP_RE = re.compile(r"[*_`\[\]<>!&\\#~|]|\{%|^\s*\d+\.|^\s*[-+>=]")

# The width an image takes in the article column (see .article in site.css).
BODY_SIZES = "(min-width: 48rem) 46rem, calc(100vw - 2rem)"
IMAGE_TEMPLATE = "includes/_image.html"
FIGURE_TEMPLATE = "includes/_figure.html"
EMBED_TEMPLATE = "includes/_embed.html"
CALLOUT_LABEL = "À retenir"  # a callout's accessible name when it has no title
# A Markdoc marker alone on its line (see markdoc.transform), and what is left of the syntax.
MARKER_LINE_RE = re.compile(r"^[ ]*\x02mdoc(\d+)\x03[ ]*(?:\n|$)", re.MULTILINE)
LEFTOVER_TAG_RE = re.compile(r"\{%[^{}<>]{0,1000}?%\}")
LEFTOVER_BRACE_RE = re.compile(r"\{+(?=%)")
CODE_HTML_RE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE)
EMBED_FIGURE_RE = re.compile(r"<figure\b[^>]*\bdata-embed=[^>]*>.*?</figure>", re.DOTALL)
EMBED_TITLE_RE = re.compile(r'\bdata-embed-title="([^"]*)"')

ALLOWED_TAGS = {
    "picture", "source",
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "title", "lang"},
    "a": {"href", "id", "aria-label"},
    "abbr": {"title"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding",
            "fetchpriority"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "figure": {"role", "aria-label", "data-embed-src", "data-embed-title"},
    "aside": {"aria-label"},
    "ol": {"start", "reversed"},
}  # fmt: skip
# Attributes allowed with these values only (nh3 wants them out of ALLOWED_ATTRIBUTES): what the
# callouts and the players' facades (includes/_embed.html) need, and nothing else.
ALLOWED_ATTRIBUTE_VALUES = {
    "aside": {"role": {"note"}},
    "figure": {"data-embed": set(FRAME_HOSTS)},
    "span": {"aria-hidden": {"true"}},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


# Python-Markdown's inline parsing is quadratic in brackets and tags within a paragraph, and
# recursive in nesting; its block parser works line by line, re-reading what is left of a
# block (no blank line in it) at each line: a hostile body could hold a worker for minutes or
# crash it. These bounds keep every shape of text they accept under a second on the 2-core
# development machine (`python bench/markdown_bench.py` renders the worst shapes at the largest
# size accepted; `make bench` prints the worst figure). Measured before choosing: the 300 KB
# limit alone let « #\n » × 150,000 run for minutes, and a linear parser (markdown-it-py) still
# took 2 to 5 s on 300 KB of short lines, lists or headings: no pure-Python parser renders
# that much structure in a second, so the structure is bounded, not only the length. The
# length limit is 200,000 characters (about 30,000 words, ten times a long article): at 300,000
# the worst shape (long list items) took 0.9 s, too close to the second on a loaded machine.
MAX_MARKDOWN_CHARS = 200_000
MAX_BRACKETS_PER_PARAGRAPH = 600
MAX_BRACKETS = 6_000
MAX_TAGS_PER_PARAGRAPH = 1_500
MAX_NESTING = 30
MAX_LINES = 5_000
MAX_BLOCK_LINES = 300
MAX_MARKS = 20_000
# Each image reference renders the image partial (about 0.3 ms with an asset's renditions):
# 6,000 references within the other limits took 0.9 s without assets, about 2 s with them.
MAX_IMAGES = 500
# Markdoc tags are read in one linear pass, but each drawn one is a block of its own, and each
# player renders the facade partial: 4,000 players within the other limits took 0.8 s, 3,700
# one-line callouts as long. A real article holds a handful; a thousand `{%` take 0.2 s.
MAX_MARKDOC_TAGS = markdoc.MAX_TAGS
NESTING_RE = re.compile(r"^[ \t]*(?:(?:[-*+][ \t]|>|\d+[.)][ \t])[ \t]*)*", re.MULTILINE)
NESTING_MARK_RE = re.compile(r"[-*+][ \t]|>|\d+[.)][ \t]")
# Characters that start inline syntax: each costs the inline parser a pattern match or more.
MARK_RE = re.compile(r"[*_&<\[`\\|~!]")
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")


class MarkdownTooComplex(ValueError):
    """The text would take too long to render: refused with a French message saying why."""


def check_complexity(text):
    """Refuse, with a French message saying why and where, a text the limits above refuse."""
    if len(text) > 10 * MAX_MARKDOWN_CHARS:  # far too long: not even worth counting
        raise too_long(text)
    written = text.rstrip("\n")  # a final newline ends the last line: it starts none
    lines = written.count("\n") + 1
    if lines > MAX_LINES:
        raise MarkdownTooComplex(
            f"Texte trop long ({lines} lignes, {MAX_LINES} au plus) : "
            "découpez-le en plusieurs articles."
        )
    marks = len(MARK_RE.findall(text))
    if marks > MAX_MARKS:
        raise MarkdownTooComplex(
            f"Trop de signes de mise en forme ({marks} parmi * _ & < [ ` \\ | ~ !, "
            f"{MAX_MARKS} au plus dans un texte)."
        )
    images = len(IMAGE_REF_RE.findall(text))
    if images > MAX_IMAGES:
        raise MarkdownTooComplex(
            f"Trop d'images ({images} références, {MAX_IMAGES} au plus dans un texte) : "
            "découpez-le en plusieurs articles."
        )
    tags = text.count("{%")
    if tags > MAX_MARKDOC_TAGS:
        raise MarkdownTooComplex(
            f"Trop de balises « {{% » ({tags}, {MAX_MARKDOC_TAGS} au plus dans un texte) : "
            "découpez-le en plusieurs articles."
        )
    if text.count("[") > MAX_BRACKETS:
        raise MarkdownTooComplex(
            f"Trop de crochets « [ » ({text.count('[')}, {MAX_BRACKETS} au plus dans un texte)."
        )
    line = 1
    for number, paragraph in enumerate(BLANK_LINE_RE.split(written), start=1):
        if paragraph.count("[") > MAX_BRACKETS_PER_PARAGRAPH:
            raise MarkdownTooComplex(
                f"Paragraphe {number} : trop de crochets « [ » ({paragraph.count('[')}, "
                f"{MAX_BRACKETS_PER_PARAGRAPH} au plus)."
            )
        if paragraph.count("<") > MAX_TAGS_PER_PARAGRAPH:
            raise MarkdownTooComplex(
                f"Paragraphe {number} : trop de balises « < » ({paragraph.count('<')}, "
                f"{MAX_TAGS_PER_PARAGRAPH} au plus)."
            )
        block_lines = paragraph.count("\n") + 1
        if block_lines > MAX_BLOCK_LINES:
            raise MarkdownTooComplex(
                f"Ligne {line} : {block_lines} lignes de suite sans ligne vide "
                f"({MAX_BLOCK_LINES} au plus) : séparez-les par des lignes vides."
            )
        line += block_lines + 1
    for match in NESTING_RE.finditer(text):
        prefix = match.group(0)
        if not prefix:
            continue
        markers = NESTING_MARK_RE.findall(prefix)
        indent = prefix[: len(prefix) - len(prefix.lstrip(" \t"))]
        depth = len(markers) + len(indent.expandtabs(4)) // 4
        if depth > MAX_NESTING:
            line = text.count("\n", 0, match.start()) + 1
            raise MarkdownTooComplex(
                f"Ligne {line} : {depth} niveaux de listes ou de citations imbriqués, "
                f"indentation comprise ({MAX_NESTING} au plus)."
            )
    # Last: a text over the length and another limit is told about the other one, which says
    # what to change.
    if len(text) > MAX_MARKDOWN_CHARS:
        raise too_long(text)


def too_long(text):
    return MarkdownTooComplex(
        f"Texte trop long ({len(text)} caractères, {MAX_MARKDOWN_CHARS} au plus) : "
        "découpez-le en plusieurs articles."
    )


@dataclass
class Rendered:
    html: str
    toc: list = field(default_factory=list)
    word_count: int = 0
    image_ids: list = field(default_factory=list)


def heading_id(value, separator="-"):
    """Stable, ASCII heading ids: « Rôles clés » → roles-cles."""
    return slugify(html.unescape(TAG_RE.sub("", value))) or "section"


def image_ids(text):
    """UUIDs of the images a Markdown text refers to, in order, without repeats."""
    seen = {}
    for match in IMAGE_REF_RE.finditer(text or ""):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)


def _image_html(asset, alt, *, figure, placeholders):
    """A body image drawn by the templates' own partial: one markup for pages and bodies ("" for
    a missing block image when readers are served)."""
    context = {
        "asset": asset,
        "alt": alt or (asset.alt if asset else ""),
        "sizes": BODY_SIZES,
        "show_missing_images": placeholders,
    }
    if figure:
        return render_to_string(FIGURE_TEMPLATE, context).strip()
    return render_to_string(IMAGE_TEMPLATE, {**context, "inline": True}).strip()


def _replace_with_text(parent, child, text):
    """Put `text` where `child` stood, followed by the text that came after it."""
    index = list(parent).index(child)
    text += child.tail or ""
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(child)


class ImageAssetProcessor(Treeprocessor):
    """Turn `![alt](<uuid>)` into the asset's image, or a visible placeholder.

    The partial's HTML goes into Python-Markdown's stash and only a placeholder into the tree,
    so French typography and the tree's serialiser never touch its attributes or URLs; a lone
    image's paragraph holds just the placeholder, which the stash replaces whole (a block).
    """

    def __init__(self, md, assets):
        super().__init__(md)
        self.assets = assets  # replaced before each conversion (see _converter)
        self.placeholders = False  # likewise: the editors' previews draw missing images

    def run(self, root):
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "p" and self._is_lone_image(child):
                    img = child[0]
                    asset_id = self._asset_id(img)
                    if asset_id is None:
                        continue
                    html = self._html(asset_id, img.get("alt", ""), figure=True)
                    if html:
                        child.remove(img)
                        child.text = self.md.htmlStash.store(html)
                    else:  # a missing image readers are not shown: no empty paragraph either
                        parent.remove(child)
                elif child.tag == "img":
                    self._inline(parent, child)

    @staticmethod
    def _asset_id(img):
        match = UUID_RE.match((img.get("src") or "").strip())
        return match.group(1).lower() if match else None

    @staticmethod
    def _is_lone_image(p):
        return (
            len(p) == 1
            and p[0].tag == "img"
            and not (p.text or "").strip()
            and not (p[0].tail or "").strip()
        )

    def _html(self, asset_id, alt, *, figure):
        asset = self.assets.get(asset_id)
        return _image_html(asset, alt, figure=figure, placeholders=self.placeholders)

    def _inline(self, parent, img):
        asset_id = self._asset_id(img)
        if asset_id is None:  # an outside URL: left as written, fetched lazily
            img.set("loading", "lazy")
            img.set("decoding", "async")
            return
        html = self._html(asset_id, img.get("alt", ""), figure=False)
        _replace_with_text(parent, img, self.md.htmlStash.store(html) if html else "")


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


class TypographyProcessor(Treeprocessor):
    def run(self, root):
        apply_to_tree(root)


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


def _component_element(parser, component):
    """The element a Markdoc component is drawn as, its body parsed as Markdown inside it."""
    if component.kind == "embed":
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

    def __init__(self, parser, components, anywhere):
        super().__init__(parser)
        self.components = components
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
            parent.append(_component_element(self.parser, component))
        if after.strip():
            blocks.insert(0, after)


class MarkdocLeftoverProcessor(Treeprocessor):
    """Markers the block parser met within a line (a table cell, a heading): drawn where they
    stand; in an indented code block, the tag as it was written."""

    def __init__(self, md, components):
        super().__init__(md)
        self.components = components

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
                element = _component_element(self.md.parser, component)
                element.tail = following
                parent.insert(index, element)
                index += 1
                previous = element


def _append_text(parent, previous, text):
    if previous is None:
        parent.text = (parent.text or "") + text
    else:
        previous.tail = (previous.tail or "") + text


class BoundedTableProcessor(TableProcessor):
    """The tables extension's block test, reading only the rows it needs.

    Python-Markdown's own test splits the whole block into rows before looking at the first
    two, and runs once per line of a block with no blank line in it (each heading, rule or
    list item splits the block and hands the rest back): quadratic in the block's lines
    (« #\\n » × 60,000 took 40 s). Here the first two rows only, and the rest of the block row
    by row only in the one case that reads on (a one-column table with borders), stopping
    where Python-Markdown stops.
    """

    def test(self, parent, block):
        end = block.find("\n")
        if end < 0:
            return False
        second_end = block.find("\n", end + 1)
        head = block if second_end < 0 else block[:second_end]
        header = block[:end].strip(" ")
        self.border = header.startswith("|") or self.RE_END_BORDER.search(header) is not None
        if self.border and len(self._split_row(header)) == 1:
            # A one-column table needs a border on every row: read on only while they have one.
            while end >= 0:
                next_end = block.find("\n", end + 1)
                row = block[end + 1 : None if next_end < 0 else next_end].strip(" ")
                if not (row.startswith("|") or self.RE_END_BORDER.search(row)):
                    return False
                end = next_end
            return super().test(parent, block)  # a table: its run takes the whole block
        return super().test(parent, head)


class BlogExtension(Extension):
    """Our tree processors, around Python-Markdown's inline parsing (20) and TOC (5)."""

    def __init__(self, assets, **kwargs):
        self.assets = assets
        self.components = {}  # Markdoc components of the text being converted
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's API)
        table = md.parser.blockprocessors["table"]
        md.parser.blockprocessors.register(
            BoundedTableProcessor(md.parser, table.config), "table", 75
        )
        components = self.components
        md.preprocessors.register(MarkdocPreprocessor(md, components), "markdoc", 24)
        # A marker starting a block: after list items' indented continuations (90) and
        # definitions' (85), before indented code (80). Within a block: before paragraphs (10).
        md.parser.blockprocessors.register(
            MarkdocBlockProcessor(md.parser, components, anywhere=False), "markdoc", 84
        )
        md.parser.blockprocessors.register(
            MarkdocBlockProcessor(md.parser, components, anywhere=True), "markdoc_inline", 11
        )
        # Before inline parsing (20), which then reads the bodies drawn here.
        md.treeprocessors.register(MarkdocLeftoverProcessor(md, components), "markdoc", 21)
        md.treeprocessors.register(ImageAssetProcessor(md, self.assets), "image_assets", 15)
        md.treeprocessors.register(HeadingLevelsProcessor(md), "heading_levels", 10)
        # After the TOC has given ids and names from the text as written:
        md.treeprocessors.register(HeadingAnchorProcessor(md), "heading_anchors", 4)
        md.treeprocessors.register(TypographyProcessor(md), "typography", 3)


def _place_roles_slot(text):
    """Replace the first placeholder line outside code fences by the roles slot."""
    lines = text.split("\n")
    in_fence = False
    placed = False
    for number, line in enumerate(lines):
        if FENCE_RE.match(line):
            in_fence = not in_fence
        elif not in_fence and line.strip() == ROLES_PLACEHOLDER:
            lines[number] = "" if placed else f"\n{ROLES_SLOT}\n"
            placed = True
    return "\n".join(lines)


def _toc_entries(tokens):
    return [
        {
            "id": token["id"],
            "name": html.unescape(token["name"]),
            "level": token["level"],
            "children": _toc_entries(token.get("children", [])),
        }
        for token in tokens
    ]


def _frame_source(element, attribute, value):
    """A facade's frame (`data-embed-src`) only on the hosts players load from. Raw HTML in a
    body goes through the same allow-list as our components, so an author could write any
    `data-embed-src`: refused here, and checked again by static/js before a frame loads."""
    if attribute != "data-embed-src":
        return value
    return value if any(value.startswith(f"{host}/") for host in FRAME_HOSTS.values()) else None


def sanitise(value):
    """Remove anything executable from HTML: scripts, event handlers, dangerous URLs."""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        attribute_filter=_frame_source,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _undrawn_as_written(md, value):
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


_local = threading.local()


def _converter(assets, placeholders=False):
    """A Markdown instance per thread, reset between documents: building one costs more
    than converting a short text, and the importer renders thousands of them."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(
            extensions=["extra", "sane_lists", "toc", BlogExtension({})],
            extension_configs={"toc": {"slugify": heading_id, "toc_depth": "2-3"}},
            output_format="html",
        )
    md.reset()
    md.treeprocessors["image_assets"].assets = assets
    md.treeprocessors["image_assets"].placeholders = placeholders
    return md


def render_markdown(text, images, *, placeholders=False):
    """Render Markdown to sanitised HTML, with its table of contents and word count.

    `images(ids)` returns the assets named by a list of image ids, as a dict keyed by id; it is
    called once per text, and only when the text refers to images. `placeholders`: missing
    images drawn as the visible placeholder (editors' previews), never in stored HTML.
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    check_complexity(text)
    ids = image_ids(text)
    md = _converter(images(ids) if ids else {}, placeholders)
    try:
        converted = _undrawn_as_written(md, md.convert(_place_roles_slot(text)))
        body = scrub_markdoc(sanitise(converted))
    except RecursionError as exc:
        _local.md = None  # a converter interrupted mid-document is not reused
        raise MarkdownTooComplex("Texte trop imbriqué pour être affiché : simplifiez-le.") from exc
    words = len(WORD_RE.findall(plain_text(body)))
    return Rendered(html=body, toc=_toc_entries(md.toc_tokens), word_count=words, image_ids=ids)


def plain_text(value):
    """The visible text of rendered HTML, for search and counts: heading anchors left out, and
    of a player's facade only its title (« Regarder la vidéo », « Le lecteur se charge… » are
    the page's words, not the article's)."""
    value = value.replace(">#</a>", "></a>")
    if "data-embed" in value:
        value = EMBED_FIGURE_RE.sub(_embed_title, value)
    return " ".join(html.unescape(TAG_RE.sub(" ", value)).split())


def _embed_title(match):
    title = EMBED_TITLE_RE.search(match.group())
    return f" {title.group(1)} " if title else " "


def render_inline(text, images):
    """Render one line of Markdown (a mission, a note) without the surrounding paragraph."""
    if not MARKUP_RE.search(text or ""):
        # Plain text: no parser, but the same French typography as a rendered text.
        return html.escape(french_spacing(" ".join((text or "").split())), quote=False)
    rendered = render_markdown(text, images).html.strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered
