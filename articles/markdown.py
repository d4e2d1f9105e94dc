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
from dataclasses import dataclass, field

import markdown
from django.template.loader import render_to_string
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor
from markdown.treeprocessors import Treeprocessor

from articles.headings import (
    HeadingAnchorProcessor,
    HeadingLevelsProcessor,
    IdsProcessor,
    heading_id,
)
from articles.limits import IMAGE_REF_RE, MarkdownTooComplex, check_complexity
from articles.markdoc_blocks import (
    MarkdocBlockProcessor,
    MarkdocLeftoverProcessor,
    MarkdocPreprocessor,
    scrub_markdoc,
    undrawn_as_written,
)
from articles.sanitise import sanitise
from articles.typography import apply_to_tree, french_spacing

# A line holding only this marks where an article shows its roles.
ROLES_PLACEHOLDER = "[[roles]]"
ROLES_SLOT = '<div class="roles-slot"></div>'

UUID_RE = re.compile(r"^<?([0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})>?$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")
TAG_RE = re.compile(r"<[^>]+>")
# Characters that may start Markdown or HTML syntax (or a Markdoc tag) in one line of text.
MARKUP_RE = re.compile(r"[*_`\[\]<>!&\\#~|]|\{%|^\s*\d+\.|^\s*[-+>=]")

# The width an image takes in the article column (see .article in site.css).
BODY_SIZES = "(min-width: 48rem) 46rem, calc(100vw - 2rem)"
IMAGE_TEMPLATE = "includes/_image.html"
FIGURE_TEMPLATE = "includes/_figure.html"
EMBED_FIGURE_RE = re.compile(r"<figure\b[^>]*\bdata-embed=[^>]*>.*?</figure>", re.DOTALL)
EMBED_TITLE_RE = re.compile(r'\bdata-embed-title="([^"]*)"')


@dataclass
class Rendered:
    html: str
    toc: list = field(default_factory=list)
    word_count: int = 0
    image_ids: list = field(default_factory=list)
    # What the renderer drew, stored with the HTML (`rendered_meta`) so that nothing reads the
    # Markdown again: "images", the ids of the images it placed (lower case, as written in any
    # case, whether their asset exists yet or not); "players", each player it drew; "headings",
    # the ids of its headings, in order.
    meta: dict = field(default_factory=dict)


def _found():
    return {"images": [], "players": []}


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

    def __init__(self, md, assets, found):
        super().__init__(md)
        self.assets = assets  # replaced before each conversion (see _converter)
        self.placeholders = False  # likewise: the editors' previews draw missing images
        self.found = found  # the extension's, emptied before each conversion

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
        if asset_id not in self.found["images"]:
            self.found["images"].append(asset_id)
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


class TypographyProcessor(Treeprocessor):
    def run(self, root):
        apply_to_tree(root)


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
        self.found = _found()  # what the processors drew in it (`Rendered.meta`)
        super().__init__(**kwargs)

    def reset(self):
        for drawn in self.found.values():
            drawn.clear()

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's API)
        md.registerExtension(self)  # its reset() runs before each conversion
        found = self.found
        table = md.parser.blockprocessors["table"]
        md.parser.blockprocessors.register(
            BoundedTableProcessor(md.parser, table.config), "table", 75
        )
        components = self.components
        md.preprocessors.register(MarkdocPreprocessor(md, components), "markdoc", 24)
        # A marker starting a block: after list items' indented continuations (90) and
        # definitions' (85), before indented code (80). Within a block: before paragraphs (10).
        md.parser.blockprocessors.register(
            MarkdocBlockProcessor(md.parser, components, found, anywhere=False), "markdoc", 84
        )
        md.parser.blockprocessors.register(
            MarkdocBlockProcessor(md.parser, components, found, anywhere=True), "markdoc_inline", 11
        )
        # Before inline parsing (20), which then reads the bodies drawn here.
        md.treeprocessors.register(MarkdocLeftoverProcessor(md, components, found), "markdoc", 21)
        md.treeprocessors.register(ImageAssetProcessor(md, self.assets, found), "image_assets", 15)
        md.treeprocessors.register(HeadingLevelsProcessor(md), "heading_levels", 10)
        # After attribute lists (8) have set the ids written `{#…}`, before the TOC (5).
        md.treeprocessors.register(IdsProcessor(md), "ids", 6)
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


def _convert(text, images, placeholders):
    """(HTML as Python-Markdown wrote it, not sanitised yet; the converter that wrote it)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    check_complexity(text)
    ids = image_ids(text)
    md = _converter(images(ids) if ids else {}, placeholders)
    md.heading_ids = []  # an empty text runs no tree processor: nothing of the last text stays
    try:
        return undrawn_as_written(md, md.convert(_place_roles_slot(text))), md
    except RecursionError as exc:
        _local.md = None  # a converter interrupted mid-document is not reused
        raise MarkdownTooComplex("Texte trop imbriqué pour être affiché : simplifiez-le.") from exc


def _sanitised(converted, *, ids=True):
    """The last step of every rendering. The Markdoc scrub reads the text as the sanitiser
    decoded it (`&#123;%` is a `{%` there); when it takes anything out, what is left is
    sanitised again, so that nothing it joins (`java{%x%}script:`) reaches a page unchecked."""
    clean = sanitise(converted, ids=ids)
    scrubbed = scrub_markdoc(clean)
    return clean if scrubbed == clean else sanitise(scrubbed, ids=ids)


def render_markdown(text, images, *, placeholders=False):
    """Render Markdown to sanitised HTML, with its table of contents and word count.

    `images(ids)` returns the assets named by a list of image ids, as a dict keyed by id; it is
    called once per text, and only when the text refers to images. `placeholders`: missing
    images drawn as the visible placeholder (editors' previews), never in stored HTML.
    """
    converted, md = _convert(text, images, placeholders)
    body = _sanitised(converted)
    words = len(WORD_RE.findall(plain_text(body)))
    return Rendered(
        html=body,
        toc=_toc_entries(md.toc_tokens),
        word_count=words,
        image_ids=image_ids(text),
        meta=_meta(md),
    )


def _meta(md):
    found = md.treeprocessors["image_assets"].found
    return {**{name: list(drawn) for name, drawn in found.items()}, "headings": md.heading_ids}


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


def render_item(text, images):
    """Render one line of Markdown (a mission, a note) without the surrounding paragraph; a
    fragment of the role's page, without ids of its own."""
    if not MARKUP_RE.search(text or ""):
        # Plain text: no parser, but the same French typography as a rendered text.
        plain = html.escape(french_spacing(" ".join((text or "").split())), quote=False)
        return Rendered(html=sanitise(plain, ids=False), meta={**_found(), "headings": []})
    converted, md = _convert(text, images, False)
    converted = converted.strip()
    if converted.startswith("<p>") and converted.endswith("</p>") and converted.count("<p>") == 1:
        converted = converted[3:-4]
    return Rendered(html=_sanitised(converted, ids=False), meta=_meta(md))


def render_inline(text, images):
    """The HTML of `render_item()`."""
    return render_item(text, images).html
