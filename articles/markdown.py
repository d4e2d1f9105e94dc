"""The one Markdown pipeline: Markdown in, safe HTML out.

`render_markdown()` is used by `save()` of articles and roles and, through `markdownify()`, by
the admin's live preview, so what an editor previews is what readers get. It gives headings
stable ids (accents folded), builds the table of contents, counts words, resolves
`![alt](<uuid>)` to the `ImageAsset`'s image, and sanitises the result with nh3.
"""

import html
import re
import threading
import uuid
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
import nh3
from django.utils.text import slugify
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from articles.typography import apply_to_tree

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
# Characters that may start Markdown or HTML syntax in one line of text.
MARKUP_RE = re.compile(r"[*_`\[\]<>!&\\#~|]|^\s*\d+\.|^\s*[-+>=]")

# The width an image takes in the article column (see .article in site.css).
BODY_SIZES = "(min-width: 48rem) 46rem, calc(100vw - 2rem)"

ALLOWED_TAGS = {
    "picture", "source",
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "title", "lang"},
    "a": {"href", "id", "aria-label"},
    "abbr": {"title"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "figure": {"role", "aria-label"},
    "ol": {"start", "reversed"},
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto", "tel"}


# Python-Markdown's inline parsing is quadratic in brackets and tags within a paragraph, and
# recursive in nesting: a hostile body could hold a worker for minutes or crash it. These
# bounds keep the worst case under a second on the 2-core development machine (measured:
# 600 « [ » in one paragraph 0.06 s, so 6,000 in a document at most 0.6 s).
MAX_MARKDOWN_CHARS = 300_000
MAX_BRACKETS_PER_PARAGRAPH = 600
MAX_BRACKETS = 6_000
MAX_TAGS_PER_PARAGRAPH = 1_500
MAX_NESTING = 30
NESTING_RE = re.compile(r"^(?:[ \t]*(?:[-*+][ \t]|>|\d+[.)][ \t]))+", re.MULTILINE)
NESTING_MARK_RE = re.compile(r"[-*+][ \t]|>|\d+[.)][ \t]")


class MarkdownTooComplex(ValueError):
    """The text would take too long to render: refused with a French message saying why."""


def check_complexity(text):
    if len(text) > MAX_MARKDOWN_CHARS:
        raise MarkdownTooComplex(
            f"Texte trop long ({len(text)} caractères, {MAX_MARKDOWN_CHARS} au plus) : "
            "découpez-le en plusieurs articles."
        )
    if text.count("[") > MAX_BRACKETS:
        raise MarkdownTooComplex(
            f"Trop de crochets « [ » ({text.count('[')}, {MAX_BRACKETS} au plus dans un texte)."
        )
    for number, paragraph in enumerate(text.split("\n\n"), start=1):
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
    for match in NESTING_RE.finditer(text):
        depth = len(NESTING_MARK_RE.findall(match.group(0)))
        if depth > MAX_NESTING:
            line = text.count("\n", 0, match.start()) + 1
            raise MarkdownTooComplex(
                f"Ligne {line} : {depth} niveaux de listes ou de citations imbriqués "
                f"({MAX_NESTING} au plus)."
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


def _figure_for(asset, alt):
    """Build the <figure> (or placeholder) element for an image asset."""
    figure = etree.Element("figure")
    if asset is None or not asset.file:
        figure.set("class", "image-missing")
        figure.set("role", "img")
        label = alt or (asset.alt if asset else "") or "image"
        figure.set("aria-label", f"Image manquante : {label}")
        badge = etree.SubElement(figure, "span")
        badge.set("class", "image-missing__badge")
        badge.text = "Image manquante"
        text = etree.SubElement(figure, "span")
        text.set("class", "image-missing__alt")
        text.text = label
        return figure
    figure.set("class", "figure")
    figure.append(_picture_element(asset, alt))
    if asset.caption or asset.credit:
        caption = etree.SubElement(figure, "figcaption")
        caption.text = asset.caption
        if asset.credit:
            credit = etree.SubElement(caption, "small")
            credit.set("class", "credit")
            credit.text = asset.credit
    return figure


def _picture_element(asset, alt):
    """`<picture>`: AVIF and WebP sources, the original format as the `<img>` fallback."""
    from articles.images import picture

    data = picture(asset)
    element = etree.Element("picture")
    for source in data["sources"]:
        child = etree.SubElement(element, "source")
        child.set("type", source["type"])
        child.set("srcset", source["srcset"])
        child.set("sizes", BODY_SIZES)
    img = etree.SubElement(element, "img")
    img.set("src", data["src"])
    if data["srcset"]:
        img.set("srcset", data["srcset"])
        img.set("sizes", BODY_SIZES)
    img.set("alt", alt or asset.alt)
    if data["width"] and data["height"]:
        img.set("width", str(data["width"]))
        img.set("height", str(data["height"]))
    img.set("loading", "lazy")
    img.set("decoding", "async")
    return element


class ImageAssetProcessor(Treeprocessor):
    """Turn `![alt](<uuid>)` into the asset's image, or a visible placeholder."""

    def __init__(self, md, assets):
        super().__init__(md)
        self.assets = assets  # replaced before each conversion (see _converter)

    def run(self, root):
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "p" and self._is_lone_image(child):
                    img = child[0]
                    asset_id = self._asset_id(img)
                    if asset_id is not None:
                        figure = _figure_for(self.assets.get(asset_id), img.get("alt", ""))
                        figure.tail = child.tail
                        parent.remove(child)
                        parent.insert(index, figure)
                        continue
                if child.tag == "img":
                    self._inline(parent, index, child)

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

    def _inline(self, parent, index, img):
        asset_id = self._asset_id(img)
        if asset_id is None:
            img.set("loading", "lazy")
            img.set("decoding", "async")
            return
        asset = self.assets.get(asset_id)
        if asset is not None and asset.file:
            element = _picture_element(asset, img.get("alt", ""))
            element.tail = img.tail
            parent.remove(img)
            parent.insert(index, element)
            return
        span = etree.Element("span")
        span.set("class", "image-missing image-missing--inline")
        span.text = f"[Image manquante : {img.get('alt') or 'image'}]"
        span.tail = img.tail
        parent.remove(img)
        parent.insert(index, span)


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


class BlogExtension(Extension):
    """Our tree processors, around Python-Markdown's inline parsing (20) and TOC (5)."""

    def __init__(self, assets, **kwargs):
        self.assets = assets
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's API)
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


def _load_assets(ids):
    if not ids:
        return {}
    from articles.models import ImageAsset

    valid = []
    for value in ids:
        try:
            valid.append(uuid.UUID(value))
        except ValueError:
            continue
    return {str(asset.pk): asset for asset in ImageAsset.objects.filter(pk__in=valid)}


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


def sanitise(value):
    """Remove anything executable from HTML: scripts, event handlers, dangerous URLs."""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


_local = threading.local()


def _converter(assets):
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
    return md


def render_markdown(text, images=None):
    """Render Markdown to sanitised HTML, with its table of contents and word count."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    check_complexity(text)
    ids = image_ids(text)
    assets = _load_assets(ids) if images is None else (images(ids) if ids else {})
    md = _converter(assets)
    try:
        body = sanitise(md.convert(_place_roles_slot(text)))
    except RecursionError as exc:
        _local.md = None  # a converter interrupted mid-document is not reused
        raise MarkdownTooComplex("Texte trop imbriqué pour être affiché : simplifiez-le.") from exc
    words = len(WORD_RE.findall(plain_text(body)))
    return Rendered(html=body, toc=_toc_entries(md.toc_tokens), word_count=words, image_ids=ids)


def plain_text(value):
    """The visible text of rendered HTML (heading anchors left out), for search and counts."""
    value = value.replace(">#</a>", "></a>")
    return " ".join(html.unescape(TAG_RE.sub(" ", value)).split())


def render_inline(text, images=None):
    """Render one line of Markdown (a mission, a note) without the surrounding paragraph."""
    if not MARKUP_RE.search(text or ""):
        return html.escape(" ".join((text or "").split()), quote=False)  # plain text: no parser
    rendered = render_markdown(text, images).html.strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return rendered


def markdownify(text):
    """django-markdownx's preview hook: the same pipeline as the published page."""
    try:
        rendered = render_markdown(text)
    except MarkdownTooComplex as exc:
        return f'<p class="errornote">{html.escape(str(exc))}</p>'
    return rendered.html.replace(
        ROLES_SLOT,
        '<div class="roles-slot roles-slot--preview">'
        "Les rôles de l'article s'affichent ici.</div>",
    )
