"""Bounds on what the Markdown renderer accepts: a text past them is refused before rendering,
with a French message saying what and where (`MarkdownTooComplex`).

The renderer (`articles.markdown`) calls `check_complexity()` first; forms and the importer
call it through rendering, so every path refuses the same texts.
"""

import re

from articles import markdoc

# An image reference `![alt](<uuid>)`, whatever the case of its hexadecimal digits.
IMAGE_REF_RE = re.compile(
    r"!\[[^\]]*\]\(\s*<?([0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})>?"
)

# These bounds were set for Python-Markdown (quadratic in brackets and tags within a paragraph,
# recursive in nesting, re-reading a block at each of its lines) and kept for markdown-it-py,
# which is linear but pure Python: measured again with it, every shape of text they accept
# renders under a second (0.94 s at worst on a loaded machine: long list items at the
# length limit), so no bound was loosened. They keep every shape under a second on the 2-core
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
