"""Internal links: which pages of this site a text links to, and which of them are broken.

The URL patterns decide (`resolve()`), not a copy of their shapes: a link is internal when it
is a path of this site (or an absolute URL on `SITE_URL`), and broken when it resolves to no
page, or to an article, a part's page (a role's) or a tag that does not exist or is not public
(each part kind with a page says how it is named: `Kind.url_name`, `Kind.whole_url_kwarg`,
`Kind.unknown_link`). The pre-publish
checklist and the link report (`check_links`) both use `broken_links()`.

A relative link (`/media/4`, `../contact`, `./x?y#z`: what an old site's pages held) leads where
a reader's browser takes it from the page that shows it; `dead_relative_links()` says which lead
to no page or file of this site, for the import and `check_links`.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import default_storage
from django.urls import Resolver404, resolve

from articles import registry
from articles.models import Article, Tag

HREF_RE = re.compile(r'href="([^"]+)"')
SRC_RE = re.compile(r'<img\b[^>]*?\bsrc="([^"]+)"')
UNKNOWN_ARTICLE, UNPUBLISHED, UNKNOWN_PAGE, UNKNOWN_TAG = (
    "article inconnu", "article non publié", "page inconnue", "tag inconnu",
)  # fmt: skip
UNKNOWN_FILE = "fichier inconnu"
TAG_PAGES = {"articles:tag", "articles:tag_feed_rss", "articles:tag_feed_atom"}


@dataclass(frozen=True)
class BrokenLink:
    url: str
    reason: str

    def __str__(self):
        return f"{self.url} ({self.reason})"


def hrefs(rendered_html):
    """The link targets of rendered HTML, in order, without repeats."""
    return list(dict.fromkeys(html.unescape(u) for u in HREF_RE.findall(rendered_html or "")))


def image_sources(rendered_html):
    """The `src` of the images of rendered HTML, in order, without repeats."""
    return list(dict.fromkeys(html.unescape(u) for u in SRC_RE.findall(rendered_html or "")))


def site_path(url):
    """The path of `url` when it is a page of this site (not media or static files), or None."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        site = urlsplit(settings.SITE_URL)
        if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            return None
    elif not url.startswith("/") or url.startswith("//"):
        return None  # an anchor, a relative link or a scheme-relative URL
    path = parts.path or "/"
    if path.startswith((settings.MEDIA_URL, settings.STATIC_URL)):
        return None
    return path


def article_slug_of(url):
    """The slug of the article page `url` leads to (a path or an address on this site), or
    None when it is not an article's page."""
    path = site_path(url)
    match = _resolve(path) if path else None
    if match is not None and match.view_name == "articles:detail":
        return match.kwargs["slug"]
    return None


def broken_links(urls, exclude_article=None):
    """The internal links among `urls` that lead nowhere a reader may go (in order)."""
    return broken_links_of({None: (urls, exclude_article)})[None]


def broken_links_of(sources):
    """`broken_links` for many texts at once, in the same few queries however many there are
    (the admin's article list): `sources` maps a key to (urls, the article slug to exclude)."""
    targets = {}
    for urls, _ in sources.values():
        for url in urls:
            path = site_path(url) if url not in targets else None
            if path is not None:
                match = _resolve(path)
                targets[url] = (match.view_name, match.kwargs) if match else (None, {})
    named = targets.values()
    slugs = {_article_slug(name, k) for name, k in named} - {None}
    articles = {a.slug: a for a in Article.objects.filter(slug__in=slugs).only(
        "slug", "status", "published_at", "unpublish_at")}  # fmt: skip
    parts = _stored_parts(slugs)
    tag_slugs = {k.get("tag_slug") or k.get("slug") for name, k in named if name in TAG_PAGES}
    tags = set(Tag.objects.filter(slug__in=tag_slugs).values_list("slug", flat=True))
    found = {}
    for key, (urls, exclude_article) in sources.items():
        broken = found[key] = []
        for url in urls:
            if url in targets:
                name, kwargs = targets[url]
                reason = _reason(name, kwargs, articles, parts, tags, exclude_article)
                if reason:
                    broken.append(BrokenLink(url, reason))
    return found


def _resolve(path):
    """The page at `path`, as a reader reaches it (a missing final slash is added)."""
    for candidate in (path, f"{path}/") if not path.endswith("/") else (path,):
        try:
            return resolve(candidate)
        except Resolver404:
            continue
    return None


def part_pages():
    """The part kinds with a page of their own (the role's), by the URL name of their page."""
    return {kind.url_name: kind for kind in registry.kinds() if kind.part_of and kind.url_name}


def _article_slug(name, kwargs):
    """The slug of the article a page belongs to (its own, or its part's whole), or None."""
    if name == "articles:detail":
        return kwargs.get("slug")
    part = part_pages().get(name)
    return kwargs.get(part.whole_url_kwarg) if part else None


def _stored_parts(article_slugs=None):
    """The stored parts with a page: {(article slug, slug)}, of these articles (or of all)."""
    found = set()
    for kind in part_pages().values():
        rows = kind.model_class.objects.all()
        if article_slugs is not None:
            rows = rows.filter(**{f"{kind.whole_field}__slug__in": article_slugs})
        found.update(rows.values_list(f"{kind.whole_field}__slug", "slug"))
    return found


def _reason(name, kwargs, articles, parts, tags, exclude_article):
    if name is None:
        return UNKNOWN_PAGE
    slug = _article_slug(name, kwargs)
    if slug is not None:
        if slug == exclude_article:
            return None  # a link to the article being written, whatever its state
        article = articles.get(slug)
        if article is None:
            return UNKNOWN_ARTICLE
        part = part_pages().get(name)
        if part and (slug, kwargs.get("slug")) not in parts:
            return part.unknown_link
        if not article.is_published():
            return UNPUBLISHED
    elif (
        name.startswith("articles:tag")
        and (kwargs.get("tag_slug") or kwargs.get("slug")) not in tags
    ):
        return UNKNOWN_TAG
    return None


# --- Relative links ------------------------------------------------------------------------


@dataclass(frozen=True)
class SitePages:
    """The articles, parts with a page (roles) and tags a link may lead to: the database's
    (`stored()`), or those an import is about to write as well."""

    articles: frozenset = frozenset()
    parts: frozenset = frozenset()  # (article slug, slug) of the parts with a page
    tags: frozenset = frozenset()

    @classmethod
    def stored(cls):
        return cls(
            frozenset(Article.objects.values_list("slug", flat=True)),
            frozenset(_stored_parts()),
            frozenset(Tag.objects.values_list("slug", flat=True)),
        )


def relative_path(url, page):
    """The path of this site a relative link (`/x`, `../x`, `./x`, `x`, with a query or a
    fragment or not) leads to from the page at path `page`; None for any other link (with a
    scheme or a host, an anchor or a query alone)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("//") or not parts.path:
        return None
    return urlsplit(urljoin(page, url)).path


def path_problem(path, pages):
    """Why `path` is no page or file of this site (None when it is one). `pages`: SitePages.
    An article that exists but is not public is the checklist's business, not this one's."""
    for prefix, exists in (
        (settings.MEDIA_URL, default_storage.exists),
        (settings.STATIC_URL, finders.find),
    ):
        if prefix.startswith("/") and path.startswith(prefix):
            return None if _file_exists(exists, unquote(path[len(prefix) :])) else UNKNOWN_FILE
    match = _resolve(path)
    if match is None:
        return UNKNOWN_PAGE
    name, kwargs = match.view_name, match.kwargs
    if name == "articles:detail" and kwargs["slug"] not in pages.articles:
        return UNKNOWN_ARTICLE
    part = part_pages().get(name)
    if part:
        whole = kwargs[part.whole_url_kwarg]
        if whole not in pages.articles:
            return UNKNOWN_ARTICLE
        if (whole, kwargs["slug"]) not in pages.parts:
            return part.unknown_link
    if name in TAG_PAGES and (kwargs.get("tag_slug") or kwargs.get("slug")) not in pages.tags:
        return UNKNOWN_TAG
    return None


def _file_exists(exists, name):
    try:
        return bool(name) and bool(exists(name))
    except (SuspiciousOperation, ValueError, OSError):  # `%2e%2e/`: outside the folder
        return False


def dead_relative_links(urls, page_paths, pages):
    """The relative links among `urls` that lead to no page or file of this site from one of
    the pages showing them (`page_paths`: a role's text shows on its article's page and on its
    own), as BrokenLink, in order."""
    dead = []
    for url in urls:
        for page in page_paths:
            path = relative_path(url, page)
            problem = path_problem(path, pages) if path is not None else None
            if problem:
                dead.append(BrokenLink(url, problem))
                break
    return dead
