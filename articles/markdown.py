"""The one Markdown pipeline: Markdown in, safe HTML out, read as CommonMark by markdown-it-py.

`render_markdown()` is used by `save()` of every content type and, through
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

from django.template.loader import render_to_string
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from articles import registry
from articles.fences import code_line_mask
from articles.headings import heading_anchors, heading_ids, heading_levels
from articles.limits import (  # noqa: F401 (check_complexity: publishing's loaders import it here)
    IMAGE_REF_RE,
    MAX_NESTING,
    MarkdownTooComplex,
    check_complexity,
)
from articles.markdoc_blocks import markdoc_plugin, scrub_markdoc, transform, undrawn_as_written
from articles.sanitise import sanitise
from articles.typography import french_spacing, typography_rule


def slot_names():
    """The slots content types declare (`articles.registry.Kind.slot`): a line holding only
    `[[name]]` marks where a whole shows those parts, drawn as an empty `slot_html(name)`."""
    return [kind.slot for kind in registry.kinds() if kind.slot]


def placeholder(name):
    """The line that marks the slot `name` in Markdown: `[[name]]`."""
    return f"[[{name}]]"


def slot_html(name):
    """The empty slot `name` in stored HTML, where the page draws what it holds."""
    return f'<div class="{name}-slot"></div>'


UUID_RE = re.compile(r"^<?([0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})>?$")
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
    # the ids of its headings, in order; "h1", how many headings were written `# …` (each drawn
    # one level lower: the page has its own h1; the checklist says so).
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


def _asset_id(image):
    match = UUID_RE.match((image.attrGet("src") or "").strip())
    return match.group(1).lower() if match else None


def _lone_image(inline):
    """The image a paragraph holds alone, or None."""
    children = [
        child
        for child in inline.children or ()
        if not (child.type == "text" and not child.content.strip()) and child.type != "softbreak"
    ]
    if len(children) == 1 and children[0].type == "image":
        return children[0]
    return None


def _drawn_image(state, image, *, figure):
    """The partial's HTML for `![alt](<uuid>)`; None for an image from elsewhere."""
    asset_id = _asset_id(image)
    if asset_id is None:
        return None
    env = state.env
    if asset_id not in env["found"]["images"]:
        env["found"]["images"].append(asset_id)
    alt = state.md.renderer.renderInlineAsText(image.children or [], state.md.options, env)
    asset = env["assets"].get(asset_id)
    return _image_html(asset, alt, figure=figure, placeholders=env["placeholders"])


def image_assets(state):
    """A markdown-it-py core rule: `![alt](<uuid>)` becomes the asset's image drawn by the
    templates' partial (a figure when it stands alone in its paragraph, or the visible
    placeholder in editors' previews; nothing for readers when it is missing); an image from
    elsewhere stays as written, fetched lazily. The partial's HTML is a token of raw HTML:
    typography never touches its attributes or URLs."""
    tokens, out, number = state.tokens, [], 0
    while number < len(tokens):
        token = tokens[number]
        if token.type == "paragraph_open" and not token.hidden and number + 2 < len(tokens):
            image = _lone_image(tokens[number + 1])
            drawn = None if image is None else _drawn_image(state, image, figure=True)
            if drawn is not None:
                if drawn:  # a missing image readers are not shown: no empty paragraph either
                    block = Token("html_block", "", 0)
                    block.content = drawn + "\n"
                    out.append(block)
                number += 3
                continue
        if token.type == "inline" and token.children:
            token.children = [_inline_image(state, child) for child in token.children]
        out.append(token)
        number += 1
    state.tokens[:] = out


def _inline_image(state, child):
    if child.type != "image":
        return child
    drawn = _drawn_image(state, child, figure=False)
    if drawn is None:  # an outside URL: left as written, fetched lazily
        child.attrSet("loading", "lazy")
        child.attrSet("decoding", "async")
        return child
    token = Token("html_inline", "", 0)
    token.content = drawn
    return token


def _place_slots(text):
    """Replace the first placeholder line of each slot outside code by its empty slot (later
    ones go)."""
    wanted = {placeholder(name): name for name in slot_names() if placeholder(name) in text}
    if not wanted:
        return text
    lines = text.split("\n")
    code = code_line_mask(lines)
    placed = set()
    for number, line in enumerate(lines):
        name = wanted.get(line.strip())
        if name is not None and not code[number]:
            lines[number] = "" if name in placed else f"\n{slot_html(name)}\n"
            placed.add(name)
    return "\n".join(lines)


TASK_BOX_RE = re.compile(r'<input class="task-list-item-checkbox"( checked="checked")?')
TASK_BOXES = ('<span class="task-box">☐</span> ', '<span class="task-box">☑</span> ')


def task_boxes(state):
    """A task list's box (`- [ ] à faire`, `- [x] fait`) as the character ☐ or ☑: the sanitiser
    lets no form field through, and a reader has nothing to tick."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        first = token.children[0]
        match = first.type == "html_inline" and TASK_BOX_RE.match(first.content)
        if match:
            first.content = TASK_BOXES[bool(match.group(1))]
            if len(token.children) > 1 and token.children[1].type == "text":
                token.children[1].content = token.children[1].content.lstrip()


TOO_DEEP = "Texte trop imbriqué pour être affiché : simplifiez-le."


def inline_depth(state):
    """Refuse emphasis or links nested deeper than `MAX_NESTING` (`**` × 2,500 around a word):
    markdown-it-py reads them in linear time, but no reader wants that page, and a browser
    flattens it anyway."""
    for token in state.tokens:
        children = token.children if token.type == "inline" else None
        if children and max(child.level for child in children) > MAX_NESTING:
            raise MarkdownTooComplex(TOO_DEEP)


def sorted_attributes(state):
    """Attributes in alphabetical order, as the stored HTML always had them."""
    for token in state.tokens:
        for each in (token, *(token.children or ())):
            if each.attrs and len(each.attrs) > 1:
                each.attrs = dict(sorted(each.attrs.items()))


def _parser():
    """The one markdown-it-py parser: CommonMark, GFM tables, strikethrough and task lists,
    footnotes and definition lists (as Python-Markdown's « extra » had), Markdoc tags, then our
    core rules in order: images, heading levels, ids and table of contents (from the text as
    written), French typography, « # » links."""
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 2 * MAX_NESTING + 20})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(deflist_plugin).use(tasklists_plugin).use(markdoc_plugin)
    # Every address is written as it is: the sanitiser, last, is the one judge of schemes (a
    # `javascript:` link loses its address there and keeps its text, as a link).
    md.validateLink = lambda url: True
    md.core.ruler.after("inline", "inline_depth", inline_depth)
    md.core.ruler.after("github-tasklists", "task_boxes", task_boxes)
    for name, rule in (
        ("image_assets", image_assets),
        ("heading_levels", heading_levels),
        ("heading_ids", heading_ids),
        ("typography", typography_rule),
        ("heading_anchors", heading_anchors),
        ("sorted_attributes", sorted_attributes),
    ):
        md.core.ruler.push(name, rule)
    return md


_local = threading.local()


def _md():
    """A parser per thread (building one costs more than rendering a short text)."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = _parser()
    return md


def _convert(text, images, placeholders):
    """(HTML as markdown-it-py wrote it, not sanitised yet; the environment it filled)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x02", "").replace("\x03", "")  # the Markdoc markers' own characters
    check_complexity(text)
    ids = image_ids(text)
    env = {
        "assets": images(ids) if ids else {},
        "placeholders": placeholders,
        "found": _found(),
        "markdoc": {},
        "toc": [],
        "headings": [],
    }
    source = _place_slots(text)
    if "{%" in source:
        source, env["markdoc"] = transform(source)
    components = dict(env["markdoc"])  # the rules take out what they draw
    try:
        converted = _md().render(source, env)
    except RecursionError as exc:
        _local.md = None  # a parser interrupted mid-document is not reused
        raise MarkdownTooComplex(TOO_DEEP) from exc
    return undrawn_as_written(components, converted), env


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
    converted, env = _convert(text, images, placeholders)
    body = _sanitised(converted)
    words = len(WORD_RE.findall(plain_text(body)))
    return Rendered(
        html=body.strip("\n"),
        toc=env["toc"],
        word_count=words,
        image_ids=image_ids(text),
        meta=_meta(env),
    )


def _meta(env):
    found = env["found"]
    drawn = {name: list(drawn) for name, drawn in found.items()}
    return {**drawn, "headings": env["headings"], "h1": env.get("h1", 0)}


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
    fragment of a page (an item of a list), without ids of its own."""
    if not MARKUP_RE.search(text or ""):
        # Plain text: no parser, but the same French typography as a rendered text.
        plain = html.escape(french_spacing(" ".join((text or "").split())), quote=False)
        return Rendered(html=sanitise(plain, ids=False), meta={**_found(), "headings": [], "h1": 0})
    converted, env = _convert(text, images, False)
    converted = converted.strip()
    if converted.startswith("<p>") and converted.endswith("</p>") and converted.count("<p>") == 1:
        converted = converted[3:-4]
    return Rendered(html=_sanitised(converted, ids=False), meta=_meta(env))


def render_inline(text, images):
    """The HTML of `render_item()`."""
    return render_item(text, images).html
