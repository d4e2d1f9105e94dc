"""Markdoc tags as a markdown-it-py plugin: where the renderer (`articles.markdown`) draws them.

`articles.markdoc` reads the tags of a text and says what each one becomes. Here `transform()`
turns each tag to draw into a marker alone on its line (its component kept aside in the
parser's environment, `env["markdoc"]`) and takes the markup off the others, before parsing;
then, in markdown-it-py:
- the block rule `markdoc_block` (before indented code, and interrupting paragraphs, lists
  and quotes) draws a marker line: a player's facade (`includes/_embed.html`), or a callout's
  `<aside>` / a statement's `<blockquote>` around its body, parsed as Markdown at that place
  (nested as deep as `markdoc.MAX_DEPTH`);
- the core rule `markdoc_inline` draws a marker met within a line (a table cell, a heading);
- `undrawn_as_written()` writes a marker nothing drew (in an indented code block, in raw
  HTML) back as its tag, escaped: nothing an author wrote is lost.
`scrub_markdoc()` takes the markup off any `{% … %}` left outside code; the renderer sanitises
after it.

What was drawn is recorded for the stored HTML (`env["found"]["players"]`: the players a
page shows, `rendered_meta`).
"""

import html
import re

from django.template.loader import render_to_string
from markdown_it.token import Token

from articles import markdoc
from articles.fences import CODE_HTML_RE
from articles.typography import french_spacing

EMBED_TEMPLATE = "includes/_embed.html"
CALLOUT_LABEL = "À retenir"  # a callout's accessible name when it has no title
# A Markdoc marker alone on its line (see `transform`), and what is left of the syntax.
MARKER_LINE_RE = re.compile(r"\x02mdoc(\d+)\x03[ \t]*")
LEFTOVER_TAG_RE = re.compile(r"\{%[^{}<>]{0,1000}?%\}")
LEFTOVER_BRACE_RE = re.compile(r"\{+(?=%)")
# What may stand before a component on its line: indentation, quote marks, a list marker.
PREFIX_RE = re.compile(r"[ >]*")
LIST_MARKER_RE = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ ]+")
CONTAINER_RE = re.compile(r"[ >]*(?:(?:[-*+]|\d{1,9}[.)])[ ]+)?")
QUOTES_RE = re.compile(r"(?:>[ ]?)*")
QUOTE_MARK_RE = re.compile(r"[ ]{0,3}>[ ]?")


def markdoc_plugin(md):
    md.block.ruler.before(
        "code", "markdoc", markdoc_block, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.core.ruler.after("inline", "markdoc_inline", markdoc_inline)


# --- Drawing ---------------------------------------------------------------------------------


def _embed_html(component, env):
    embed = component.embed
    env["found"]["players"].append(
        {"kind": embed.kind, "id": embed.id, "title": embed.title, "show_id": embed.show_id}
    )
    return render_to_string(EMBED_TEMPLATE, {"embed": embed}).strip() + "\n"


def _frame(component):
    """(opening, closing) HTML of a callout or a statement."""
    if component.kind == markdoc.CALLOUT:
        if component.title:
            title = html.escape(french_spacing(component.title), quote=False)
            opening = (
                '<aside class="callout" role="note">\n'
                f'<p class="callout__title"><strong>{title}</strong></p>\n'
            )
        else:
            opening = f'<aside aria-label="{CALLOUT_LABEL}" class="callout" role="note">\n'
        return opening, "</aside>\n"
    return '<blockquote class="statement">\n', "</blockquote>\n"


def _html_token(state, content, line):
    token = state.push("html_block", "", 0)
    token.content = content
    token.map = [line, line + 1]
    return token


def markdoc_block(state, start, end, silent):
    """A marker alone on its line, however indented: the component drawn as a block."""
    position = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("\x02mdoc", position):
        return False
    match = MARKER_LINE_RE.fullmatch(state.src, position, state.eMarks[start])
    if match is None:
        return False
    if silent:
        return True
    state.line = start + 1
    component = state.env["markdoc"].pop(int(match.group(1)), None)
    if component is None:
        return True
    if component.kind == "embed":
        _html_token(state, _embed_html(component, state.env), start)
        return True
    opening, closing = _frame(component)
    _html_token(state, opening, start)
    first = len(state.tokens)
    # Its body as Markdown of its own, at this place: paragraphs inside, even in a tight list.
    state.md.block.parse(component.body, state.md, state.env, state.tokens)
    for token in state.tokens[first:]:
        token.level += state.level + 1
        token.map = None
    _html_token(state, closing, start)
    return True


def markdoc_inline(state):
    """Markers the block rule did not see, within a line (a table cell, a heading): drawn where
    they stand. In inline code they stay, and are written back as their tag."""
    components = state.env.get("markdoc")
    if not components:
        return
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        if not any(c.type == "text" and "\x02mdoc" in c.content for c in token.children):
            continue
        children = []
        for child in token.children:
            if child.type != "text" or "\x02mdoc" not in child.content:
                children.append(child)
                continue
            for number, piece in enumerate(markdoc.MARKER_RE.split(child.content)):
                if number % 2 == 0:
                    if piece:
                        text = Token("text", "", 0)
                        text.content = piece
                        children.append(text)
                    continue
                component = components.pop(int(piece), None)
                if component is not None:
                    drawn = Token("html_inline", "", 0)
                    drawn.content = _inline_html(state, component)
                    children.append(drawn)
        token.children = children


def _inline_html(state, component):
    if component.kind == "embed":
        return _embed_html(component, state.env)
    opening, closing = _frame(component)
    md = state.md
    body = md.renderer.render(md.parse(component.body, state.env), md.options, state.env)
    return opening + body + closing


def undrawn_as_written(components, value):
    """A marker nothing drew (in an indented code block, in raw HTML or inline code) becomes
    its tag as written again: text in code, and elsewhere text once `scrub_markdoc` has taken
    the markup off. Nothing an author wrote is lost."""
    if "\x02mdoc" not in value:
        return value

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


# --- The text the renderer reads ----------------------------------------------------------


def transform(text):
    """(text with each drawn tag replaced by a marker alone on its line and dropped tags
    removed, {marker number: Component}). Bodies of callouts and statements are taken out of
    the text into their component, their own tags already transformed.

    Tags in fenced code and inline code stay as written, those in raw HTML blocks too, for the
    scrub to take their markup off (`scan`); a tag in an indented code
    block becomes a marker the renderer writes back as its source (`undrawn_as_written`).
    """
    tags = markdoc.scan(text, fences=True, raw_html=True)
    if not tags:
        return text, {}
    root, _ = markdoc.resolve(text, tags)
    components = {}
    return _lay_out(_replace(text, root.start, root.end, root.children, components)), components


def _replace(text, start, end, items, components):
    """text[start:end], each item's markup replaced by its marker or removed."""
    out, position = [], start
    for item in items:
        out.append(text[position : item.start])
        if item.component is not None:
            number = len(components)
            components[number] = item.component
            if item.pair:
                opening, closing = item.pair
                if closing is not opening:
                    inner = _replace(text, opening.end, closing.start, item.children, components)
                    item.component.body = _lay_out(_unindent(text, opening.start, inner))
            out.append(markdoc.MARKER.format(number))
        position = item.end
    out.append(text[position:end])
    return "".join(out)


def _unindent(text, opening, body):
    """A body as Markdown of its own: the quote marks its opening line stands in are taken off
    its lines, then their common indentation (bodies are often indented under their tag)."""
    line_start = text.rfind("\n", 0, opening) + 1
    quotes = PREFIX_RE.match(text, line_start, opening).group().count(">")
    lines = body.split("\n")
    first, rest = lines[0].strip(), lines[1:]
    if quotes:
        for number, line in enumerate(rest):
            for _ in range(quotes):
                mark = QUOTE_MARK_RE.match(line)
                if mark is None:
                    break
                line = line[mark.end() :]
            rest[number] = line
    indents = [len(line) - len(line.lstrip(" ")) for line in rest if line.strip()]
    cut = min(indents, default=0)
    rest = [line[cut:] if line.strip() else "" for line in rest]
    return "\n".join([first, *rest]).strip("\n")


def _lay_out(text):
    """Each marker alone on its line, behind the same indentation and quote marks as the text
    around it; between blank lines when it stands at the margin (or in a quote), where a tag
    line ends a paragraph or a list as Markdoc reads it. Indented, it stays in the list item
    it continues."""
    if "\x02mdoc" not in text:
        return text
    out = []
    for line in text.split("\n"):
        if "\x02mdoc" not in line or "|" in line:  # a table row stays whole: drawn in its cell
            out.append(line)
            continue
        prefix = PREFIX_RE.match(line).group()
        in_list = LIST_MARKER_RE.match(line, len(prefix)) is not None
        continuation = prefix + ("    " if in_list else "")
        isolated = not in_list and QUOTES_RE.fullmatch(prefix) is not None
        blank = prefix.rstrip()
        parts = markdoc.MARKER_RE.split(line)
        head = parts[0]
        if CONTAINER_RE.fullmatch(head):
            if isolated:
                out.append(blank)
            out.append(head + markdoc.MARKER.format(parts[1]))
        else:
            out.append(head.rstrip())
            if isolated:
                out.append(blank)
            out.append(continuation + markdoc.MARKER.format(parts[1]))
        for position in range(2, len(parts), 2):
            between = parts[position].strip()
            if between:
                if isolated:
                    out.append(blank)
                out.append(continuation + between)
            if position + 1 < len(parts):
                if isolated:
                    out.append(blank)
                out.append(continuation + markdoc.MARKER.format(parts[position + 1]))
        if isolated:
            out.append(blank)
    return "\n".join(out)
