"""The one answer, in Python, to « is this line of Markdown code? », and to « is this HTML code? ».

Every Python place that must leave code alone asks here: the roles placeholder (`[[roles]]`,
`articles.markdown`), Markdoc tags (`articles.markdoc`: tags in code are text), the importer's
role split (`publishing.split`). The answer is the renderer's own: markdown-it-py's block
parser (CommonMark) reads the text, and its `fence` and `code_block` tokens say which lines are
code. So a fence indented up to 3 spaces, ``` or ~~~ three or more, closed only by the same
character at least as long, an unclosed fence running to the end of its container, fences in
list items and block quotes: the same reading here as on the page, by construction.

The editor's JavaScript keeps its own reading (static/js), for its toolbar only.

`CODE_HTML_RE` is the same question asked of rendered HTML (`<pre>` and `<code>` elements).
"""

import re
from functools import lru_cache

from markdown_it import MarkdownIt

CODE_HTML_RE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE)
# A line that may open a fence (CommonMark 4.5), for a quick « no fence at all » answer.
FENCE_START_RE = re.compile(r"^[ \t>*+\-\d.)]*(```|~~~)", re.MULTILINE)


@lru_cache(maxsize=1)
def _block_parser():
    # Only the block structure is needed: inline rules never run (`md.block.parse`).
    return MarkdownIt("commonmark")


def code_blocks(text, *, indented=True, raw_html=False):
    """[(first line, end line)) of the code blocks of `text` (0-based, end excluded): fenced
    blocks, fence lines included; with `indented`, indented code blocks too; with `raw_html`,
    blocks of raw HTML as well (Markdown is not read there either)."""
    if not text:
        return []
    if not indented and not FENCE_START_RE.search(text) and not (raw_html and "<" in text):
        return []
    md = _block_parser()
    tokens = []
    md.block.parse(text.replace("\r\n", "\n").replace("\r", "\n"), md, {}, tokens)
    kinds = ("fence", "code_block") if indented else ("fence",)
    kinds += ("html_block",) if raw_html else ()
    return [tuple(token.map) for token in tokens if token.type in kinds and token.map]


def code_line_mask(lines, *, indented=True):
    """One boolean per line of `lines`: True for a line inside a code block (fence lines
    included)."""
    mask = [False] * len(lines)
    for first, end in code_blocks("\n".join(lines), indented=indented):
        for number in range(first, min(end, len(lines))):
            mask[number] = True
    return mask
