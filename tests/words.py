"""Words of a Markdown source and of the pages that show it, to tell what a reader lost.

`markdown_words()` reads a source as a reader would see it (front matter, Markdown and Markdoc
syntax, image references and URLs taken off); `reading_words()` reads an article page with
each of its role pages where the page shows its roles; `lost_words()` says which words of the
source the pages do not hold, in order. Words are compared without case, and apostrophes and
hyphens separate words (typography may change them, never the words between them).
"""

import difflib
import html
import re
from html.parser import HTMLParser

WORD_RE = re.compile(r"[^\W_]+")

FRONT_MATTER_RE = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
MARKDOC_RE = re.compile(r"\{%.*?%\}", re.DOTALL)
IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
AUTOLINK_RE = re.compile(r"<https?://[^>]*>")
TAG_RE = re.compile(r"<[^>]+>")


def words(text):
    return [word.casefold() for word in WORD_RE.findall(html.unescape(text))]


def markdown_words(source):
    """The words a reader of this Markdown source is meant to see, in order."""
    text = FRONT_MATTER_RE.sub("", source.replace("\r\n", "\n"))
    text = MARKDOC_RE.sub(" ", text)
    text = IMAGE_RE.sub(" ", text)
    text = AUTOLINK_RE.sub(" ", text)
    text = LINK_RE.sub(r" \1 ", text)
    text = TAG_RE.sub(" ", text)
    return words(text)  # `#`, `*`, `-`, `>` and `|` are no words: nothing else to take off


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Reader(HTMLParser):
    """The text of the first element of class `root`, navigation and scripts left out; the
    first element of class `slot` inside it is replaced by a mark."""

    SLOT_MARK = "\x00slot\x00"
    SKIPPED = {"nav", "script", "style", "template", "button"}

    def __init__(self, root, slot=None):
        super().__init__(convert_charrefs=True)
        self.root, self.slot = root, slot
        self.depth = None  # the root's depth once met
        self.stack = []
        self.skip_depth = None
        self.slot_depth = None
        self.slot_done = False
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append(tag)
        depth = len(self.stack)
        if self.depth is None:
            if self.root in classes:
                self.depth = depth
            return
        if self.skip_depth is None and self.slot_depth is None:
            if tag in self.SKIPPED:
                self.skip_depth = depth
            elif self.slot and not self.slot_done and self.slot in classes:
                self.slot_depth = depth
                self.parts.append(self.SLOT_MARK)

    def handle_endtag(self, tag):
        if tag in VOID or not self.stack:
            return
        depth = len(self.stack)
        while self.stack and self.stack[-1] != tag and tag in self.stack:
            self.stack.pop()  # an element left open: closed by its parent's end
            depth = len(self.stack)
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        if self.skip_depth is not None and depth <= self.skip_depth:
            self.skip_depth = None
        if self.slot_depth is not None and depth <= self.slot_depth:
            self.slot_depth = None
            self.slot_done = True
        if self.depth is not None and depth <= self.depth:
            self.depth = -1  # the root is closed: nothing more is read

    def handle_data(self, data):
        if self.depth is None or self.depth == -1:
            return
        if self.skip_depth is None and self.slot_depth is None:
            self.parts.append(data)

    def text(self):
        return " ".join(self.parts)


def page_words(page, root="article"):
    """The words of a page's main element (its first element of class `root`)."""
    reader = _Reader(root)
    reader.feed(page)
    return words(reader.text())


def reading_words(article_page, role_pages):
    """The words of an article page with the pages of its roles read where it shows them
    (its « Les rôles » section), each role page's own article only."""
    reader = _Reader("article", slot="roles")
    reader.feed(article_page)
    before, _, after = reader.text().partition(_Reader.SLOT_MARK)
    roles = [word for page in role_pages for word in page_words(page, root="role")]
    return [*words(before), *roles, *words(after)]


def lost_words(source, shown):
    """The words of `source` that `shown` does not hold in the same order (a longest common
    subsequence, as difflib finds it): [] when the pages hold every word of the source."""
    matcher = difflib.SequenceMatcher(None, source, shown, autojunk=False)
    matched = [False] * len(source)
    for block in matcher.get_matching_blocks():
        for index in range(block.a, block.a + block.size):
            matched[index] = True
    return [word for word, kept in zip(source, matched, strict=True) if not kept]


def is_in_order(source, shown):
    """Whether every word of `source` appears in `shown`, in the same order."""
    remaining = iter(shown)
    return all(word in remaining for word in source)
