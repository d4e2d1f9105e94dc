"""A search result's extract: the passage where the searched words are, each in `<mark>`.

The words are found as the search finds them: folded (accents, case and ligatures ignored,
articles.search.fold), so « role » marks « rôle » and « RÔLE ». The text is the page's own
(its stored HTML, tags removed), cut at word boundaries around the first paragraph holding the
most searched words; escaped, the marks being the only markup."""

import html
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.search import fold, terms_of

WIDTH = 240  # characters of extract, about two lines of a card
BLOCK_END_RE = re.compile(r"</(?:p|li|h[1-6]|blockquote|td|th|figcaption|pre)>|<br\s*/?>", re.I)
SPACE_RE = re.compile(r"\s+")
# A tag of sanitised HTML (`articles.sanitise`: no comment, no script), its quoted attribute
# values read whole (an alt text may hold « > »). Django's `strip_tags` parses the HTML again
# for every block, which cost more than the rest of the passage's search.
TAG_RE = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")


def paragraphs(body_html):
    """The text's blocks, tags removed, one at a time: the search for the passage stops at the
    first block holding every word, so the rest of a long text is never stripped."""
    for piece in BLOCK_END_RE.split(body_html or ""):
        for block in html.unescape(TAG_RE.sub("", piece)).split("\n"):
            block = SPACE_RE.sub(" ", block).strip()
            if block:
                yield block


class Folds(dict):
    """{code point: its character folded}, filled as characters are met (`str.translate`
    reads it); `uneven` holds the characters folding to other than one character (a ligature,
    a mark dropped)."""

    def __init__(self):
        super().__init__()
        self.uneven = set()

    def __missing__(self, point):
        char = chr(point)
        piece = char.lower() if char < "\x80" else fold(char)
        if len(piece) != 1:
            self.uneven.add(char)
        self[point] = piece
        return piece


FOLDS = Folds()


def folded_map(text):
    """`text` folded, and for each folded character the index of the character it comes from."""
    folded = text.translate(FOLDS)
    if not FOLDS.uneven.intersection(text):  # one character each: the same positions
        return folded, range(len(text))
    folded, origin = [], []
    for index, char in enumerate(text):
        piece = FOLDS[ord(char)]
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin


def spans(text, terms):
    """(start, end) in `text` of every word holding a term (« rôles » for « role »), sorted,
    overlaps merged."""
    folded, origin = folded_map(text)
    found = []
    for term in terms:
        for match in re.finditer(re.escape(term), folded):
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            while start > 0 and text[start - 1].isalnum():
                start -= 1
            while end < len(text) and text[end].isalnum():
                end += 1
            found.append((start, end))
    merged = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def window(text, first, width=WIDTH):
    """(start, end) of about `width` characters around position `first`, on word boundaries."""
    if len(text) <= width:
        return 0, len(text)
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    start = max(0, end - width)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    return start, end


def snippet(body_html, query, width=WIDTH):
    """The extract with the words of `query` marked (safe HTML), or "" when the text has none."""
    terms = terms_of(query)
    if not terms:
        return ""
    best, best_count = None, 0
    for block in paragraphs(body_html):
        folded = fold(block)
        count = sum(1 for term in terms if term in folded)
        if count > best_count:
            best, best_count = block, count
            if count == len(terms):
                break
    if best is None:
        return ""
    marks = spans(best, terms)
    if not marks:
        return ""
    start, end = window(best, marks[0][0], width)
    parts, position = [], start
    for mark_start, mark_end in marks:
        if mark_start < start or mark_end > end:
            continue
        parts.append(escape(best[position:mark_start]))
        parts.append(f"<mark>{escape(best[mark_start:mark_end])}</mark>")
        position = mark_end
    parts.append(escape(best[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(best) else ""
    return mark_safe(prefix + "".join(parts).strip() + suffix)  # noqa: S308 (escaped above)
