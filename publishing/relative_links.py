"""The relative links of imported texts (`[contact](/media/4)`, `(../x)`, `[id]: /fr/contact`).

An old site's relative links land, here, inside this site: `/media/4` is our media prefix, and
`../x` is read from the article's new address. Each one that leads to no page or file of this
site (`articles.links.dead_relative_links`, through `resolve()`) is told with its file and
line; with `--site-url`, it becomes an absolute link to the old site (and a link to one of the
old site's articles imported here then becomes internal, as absolute ones do).

A link is read where Markdown reads one (an inline link or image `](…)`, a reference
definition `[id]: …`, an HTML `href` or `src`), never in code: the text's rendering says what
is a link, so that fenced and indented code blocks and inline code keep what they show.
"""

import re
from urllib.parse import urljoin, urlsplit

from django.urls import reverse
from django.utils.text import slugify

from articles.links import (
    SitePages,
    dead_relative_links,
    hrefs,
    image_sources,
    relative_path,
)
from articles.markdoc import code_ranges
from articles.markdown import UUID_RE, MarkdownTooComplex, render_inline, render_markdown
from articles.models import ImageAsset
from publishing.errors import ContentError
from publishing.load_parts import localise_links
from publishing.read import document_slug

DESTINATION_RE = re.compile(
    r"\]\(\s*(?:<(?P<angled>[^>\n]*)>|(?P<plain>(?:[^\s()]|\([^\s()]*\))+))"
    r"|^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*(?:<(?P<ref_angled>[^>\n]*)>|(?P<ref>\S+))"
    r"""|\b(?:href|src)[ \t]*=[ \t]*(?:"(?P<double>[^"\n]*)"|'(?P<single>[^'\n]*)')""",
    re.MULTILINE | re.IGNORECASE,
)
HINT_RE = re.compile(r"\]\(|\]:|href|src", re.IGNORECASE)


def old_site(site_urls):
    """(the old site's root, its articles' base) from the first `--site-url`, or (None, None).
    `https://old.example` → (`https://old.example`, `https://old.example/blog/`)."""
    if not site_urls:
        return None, None
    url = str(site_urls[0]).strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ContentError(
            "--site-url", f"« {url} » : attendu l'adresse de l'ancien site, https://…"
        )
    base = f"{url}/" if url.endswith("/blog") else f"{url}/blog/"
    return f"{parts.scheme}://{parts.netloc}", base


def run_pages(sources, known_slugs):
    """The pages of this site once an import has written its sources: the database's, and
    the articles, parts and tags of the sources (those loaded later in the run included)."""
    stored = SitePages.stored()
    parts, tags = set(stored.parts), set(stored.tags)
    for source in sources:
        try:
            article = document_slug(source.document)
            for kind, documents in source.part_kinds():
                parts.update((article, kind.bundle.slug(part)) for part in documents)
        except ContentError:
            pass  # refused when the file is loaded, with its reason
        for document in (source.document, *source.part_documents):
            for key in ("tags", "categories"):
                value = document.meta.get(key)
                items = value.split(",") if isinstance(value, str) else value
                if isinstance(items, list):
                    tags.update(slugify(str(item)) for item in items if item is not None)
    return SitePages(frozenset(known_slugs), frozenset(parts), frozenset(tags))


class RelativeLinks:
    """Relative links of one import run: told, or made absolute on the old site."""

    def __init__(self, pages, site_urls=(), known_slugs=(), bases=()):
        self.pages = pages
        self.root, self.base = old_site(site_urls)
        self.known_slugs, self.bases = known_slugs, bases

    def fix(self, text, document, *, article, old_slug, page=None, key=None):
        """`text` with its dead relative links made absolute on the old site (when one is
        given); each dead one is a warning of `document`, at its line. `key`: the
        front-matter key holding the text (a part's list item), None for the body; `page`: the
        address of the part the text belongs to, which its relative links start from too."""
        if not text or not HINT_RE.search(text):
            return text
        found = self._candidates(text)
        pages = [reverse("articles:detail", kwargs={"slug": article})]
        if page:
            pages.append(page)
        urls = list(dict.fromkeys(url for _, _, url in found))
        dead = {link.url: link.reason for link in dead_relative_links(urls, pages, self.pages)}
        if not dead:
            return text
        links, images = self._rendered(text, inline=key is not None)
        messages = []
        for start, end, url in reversed(found):
            if url not in dead or (links is not None and url not in links | images):
                continue
            absolute = self._absolute(url, old_slug)
            if absolute:
                text = text[:start] + absolute + text[end:]
                if localise_links(absolute, self.known_slugs, self.bases) != absolute:
                    continue  # an article of the old site imported here: made internal
            what = "image relative" if images and url in images else "lien relatif"
            line = (
                document.lines.get(key) if key else document.body_line + text.count("\n", 0, start)
            )
            messages.append((line, _message(what, url, dead[url], absolute)))
        for line, message in reversed(messages):
            document.warn(message, line=line)
        return text

    def state(self, source, article):
        """What the fate of a source's relative links depends on, for its fingerprint: where
        each leads now (a page imported since makes a dead link live), and the old site."""
        texts = [source.document.body]
        for part in source.part_documents:
            texts.append(part.body)
            texts.append(str(part.meta))
        page = reverse("articles:detail", kwargs={"slug": article})
        urls = dict.fromkeys(
            url
            for text in texts
            for _, _, url in self._candidates(text)
            if relative_path(url, page) is not None
        )
        if not urls:
            return ""
        dead = dead_relative_links(urls, [page], self.pages)
        return f"{self.root}|{self.base}|" + "|".join(f"{d.url}:{d.reason}" for d in dead)

    @staticmethod
    def _candidates(text):
        """(start, end, url) of every link destination outside code, in order."""
        code = code_ranges(text)
        found = []
        for match in DESTINATION_RE.finditer(text):
            name = match.lastgroup
            start, end = match.span(name)
            url = match.group(name).strip()
            if not url or UUID_RE.match(url) or any(a <= start < b for a, b in code):
                continue
            found.append((start, end, url))
        return found

    @staticmethod
    def _rendered(text, inline):
        """(link targets, image sources) of the rendered text: what really is a link, code
        left out; (None, set()) when the text cannot be rendered (refused later, with its
        reason)."""
        try:
            if inline:
                html = render_inline(text, ImageAsset.objects.lookup)
            else:
                html = render_markdown(text, ImageAsset.objects.lookup).html
        except MarkdownTooComplex:
            return None, set()
        return set(hrefs(html)), set(image_sources(html))

    def _absolute(self, url, old_slug):
        if self.root is None:
            return None
        if url.startswith("/"):
            return self.root + url
        return urljoin(self.base + old_slug, url)


def _message(what, url, reason, absolute):
    text = f"{what} « {url} » : ne mène à aucune page de ce site ({reason})"
    if absolute:
        return f"{text} ; devenu {absolute} (l'ancien site)."
    return (
        f"{text}. Corrigez-le, ou importez avec --site-url <adresse de l'ancien site> pour "
        "qu'il mène à l'ancien site."
    )
