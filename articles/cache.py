"""Full-page cache for anonymous readers, invalidated exactly.

Every public page is cached under the current *content generation*: any save or delete of
content (every content type and its parts, tags, authors, images) moves the generation on once
its transaction commits, so every page that could show the change is recomputed at once. A
page is also never kept past the next scheduled publication or unpublication, so a scheduled
article appears at its time on cached pages too. Staff (anyone with a valid session) and previews
bypass the cache. The cache is Django's: local memory by default, Redis in production so that
every app server shares the same pages and the same generation.
"""

import functools
import hashlib
import os
import threading
import time
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.encoding import escape_uri_path
from django.utils.http import http_date, parse_http_date_safe, urlencode

from articles import registry
from articles.models import Article

GENERATION_KEY = "page-cache:generation"
MAX_QUERY_STRING = 512  # of the parameters a view reads: a longer query is not cached
CACHEABLE = "page_cacheable"
CACHE_QUERY = "page_cache_query"


def cacheable(view=None, *, query=()):
    """Mark a reader view: its anonymous GET answers may be served from the page cache.

    `query` names the query-string parameters the view reads (`page`, `tag`, `q`…): only they
    make another page, and only they reach the view. Any other parameter (`utm_source`,
    `fbclid`, `gclid`, `mc_cid`, a typo…) changes nothing on the page, so it neither splits the
    cache key (a campaign's links share one cached copy instead of one per visitor) nor is seen
    by the view, which therefore cannot answer differently to what the key leaves out.

    A function view gets a marked wrapper (a view shared with other code, such as Django's
    sitemap view, is not changed); a class can instead set `page_cacheable = True` (and
    `page_cache_query`), and reads no other parameter."""

    def mark(view):
        names = tuple(query)

        @functools.wraps(view)
        def marked(request, *args, **kwargs):
            full = request.GET
            request.GET = only(full, names)
            try:
                return view(request, *args, **kwargs)
            finally:
                request.GET = full

        setattr(marked, CACHEABLE, True)
        setattr(marked, CACHE_QUERY, names)
        return marked

    return mark if view is None else mark(view)


def only(params, names):
    """The parameters of `params` (a QueryDict) named in `names`, each with all its values."""
    kept = QueryDict(mutable=True)
    for name in names:
        if name in params:
            kept.setlist(name, params.getlist(name))
    kept._mutable = False
    return kept


def cache_query(path):
    """The query parameters the view at `path` reads (a tuple), None if it is not cacheable."""
    return _cache_query(settings.ROOT_URLCONF, path)


@functools.lru_cache(maxsize=4096)
def _cache_query(urlconf, path):
    """Resolved once per path and process: the URL patterns do not change while it runs."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    if not getattr(match.func, CACHEABLE, False):
        return None
    return tuple(sorted(getattr(match.func, CACHE_QUERY, ())))


def page_key(request, query):
    """The page's cache key: its scheme and host (the absolute links of a page follow them in
    development, revops_site.site_url), its path and `query` (see `cached_query`)."""
    text = f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}?{query}"
    return f"page-cache:page:{hashlib.sha1(text.encode()).hexdigest()}"  # noqa: S324 (a key)


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def generation_file():
    """Where the generation lives when the cache is not shared between processes (local
    memory): a small file every process of this machine reads, so that a change made by a
    command (an import, a shell) reaches the server's cached pages. None with Redis."""
    value = settings.PAGE_CACHE_GENERATION_FILE
    return Path(value) if value else None


def generation():
    path = generation_file()
    if path is not None:
        return _file_generation(path)
    cache = page_cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock so a cache that lost its counter never reuses old pages.
        value = int(time.time() * 1000)
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return value


def move_on():
    """Every cached page and fragment is out of date from now on."""
    path = generation_file()
    if path is not None:
        _move_file_generation(path)
        return
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet
        cache.set(GENERATION_KEY, int(time.time() * 1000), timeout=None)


_file_state = {}  # path -> (stat signature, value): the file is read again only when it changes


def _file_generation(path):
    try:
        stat = path.stat()
    except FileNotFoundError:
        return 0  # nothing changed since the first start: pages of this process stay valid
    signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    known = _file_state.get(path)
    if known is not None and known[0] == signature:
        return known[1]
    try:
        value = int(path.read_text() or 0)
    except (OSError, ValueError):
        value = signature[1]  # unreadable: still a value that changes with the file
    _file_state[path] = (signature, value)
    return value


def _move_file_generation(path):
    """A new value (never smaller, never equal: the clock, or one more), written whole and
    atomically so that no process ever reads half of it."""
    value = max(time.time_ns(), _file_generation(path) + 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    temporary.write_text(str(value))
    os.replace(temporary, path)


_state = threading.local()


@contextmanager
def invalidation_deferred():
    """For bulk loaders: no invalidation per saved row; the caller bumps once at the end."""
    _state.deferred = True
    try:
        yield
    finally:
        _state.deferred = False


def bump(**kwargs):
    """Content changed: every cached page and fragment is out of date.

    Moved on at once (this process sees its own change) and again after the commit: a
    request that read the database between the two, before the commit, cached the old
    content under the intermediate generation, which the second move makes unreachable.
    """
    if getattr(_state, "deferred", False):
        return
    move_on()
    transaction.on_commit(move_on)


MISSING = object()


def cached(name, compute, *parts):
    """`compute()` cached for the current content generation, and never past the next
    scheduled publication: exact, like the page cache, but for pieces of pages (tag counts,
    related articles) that cold renders share."""
    gen = generation()
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()  # noqa: S324 (a cache key)
    key = f"page-cache:fragment:{gen}:{name}:{digest}"
    cache = page_cache()
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = compute()
        until = seconds_until_next_change(gen)
        cache.set(key, value, timeout=min(FRAGMENT_SECONDS, until or FRAGMENT_SECONDS))
    return value


FRAGMENT_SECONDS = 3600


def seconds_until_next_change(gen):
    """Seconds until the next scheduled publication or unpublication (None if none)."""
    cache = page_cache()
    key = f"page-cache:schedule:{gen}"
    moment = cache.get(key)
    now = timezone.now().timestamp()
    if moment is None or (moment and moment <= now):
        dates = [d.timestamp() for d in upcoming_dates()]
        moment = min(dates) if dates else 0  # 0: nothing scheduled
        cache.set(key, moment, timeout=FRAGMENT_SECONDS)
    return max(1, int(moment - now)) if moment else None


def upcoming_dates():
    """The coming publication and unpublication dates of every scheduled kind (`Kind.scheduled`:
    articles, and any content type published the same way), in one query whatever their
    number: the dates of each, united (a union's parts can be neither sorted nor sliced on
    SQLite, hence all the coming dates rather than the first of each)."""
    now = timezone.now()
    parts = [
        kind.model_class.objects.filter(status=Article.Status.PUBLISHED, **{f"{field}__gt": now})
        .order_by()
        .values_list(field, flat=True)
        for kind in registry.kinds()
        if kind.scheduled
        for field in ("published_at", "unpublish_at")
    ]
    if not parts:
        return []
    return list(parts[0].union(*parts[1:], all=True))


def cached_query(request):
    """The part of the query string that keys this request's page: the parameters its view
    reads, in one order (`?page=2&tag=ops` is `?tag=ops&page=2`; a name's values keep theirs).
    None when the request is not served from the cache."""
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return None
    names = cache_query(request.path_info)
    if names is None:
        return None
    query = urlencode([(name, value) for name in names for value in request.GET.getlist(name)])
    if len(query) > MAX_QUERY_STRING:
        return None
    # Last, as it may cost a lookup: staff and editors always see the live site.
    return None if has_session(request) else query


COOKIE_SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"


def has_session(request):
    """Whether the request carries a session that exists in the session store.

    A session cookie the store does not know (made up, or left over from a deleted session)
    makes an anonymous reader: the cookie is dropped from the request, so the page is served
    from and stored into the cache like any anonymous page. The check runs before
    SessionMiddleware, only for requests that carry the cookie: with the database sessions
    (the default `SESSION_ENGINE`), one lookup by primary key, instead of a full render.
    """
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if key is None:
        return False
    if settings.SESSION_ENGINE == COOKIE_SESSION_ENGINE:
        return True  # the cookie is the session: nothing to look up
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    if 8 <= len(key) <= 40 and store.exists(key):  # the key lengths Django accepts and stores
        return True
    del request.COOKIES[settings.SESSION_COOKIE_NAME]
    return False


def is_cacheable_response(response):
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
    )


class PageCacheMiddleware:
    """Serve anonymous readers from the cache, before the work only a miss needs.

    Placed first in MIDDLEWARE (after the 400 guard that parses the query string): a hit is
    answered with one cache round trip (the current generation and the page, fetched together)
    and no session, authentication, CSRF, messages, locale or template work. A miss runs the
    whole stack, and what it answers is stored with every header the stack set (security
    headers, CSP, framing, ETag…), so a hit carries the same headers as the miss that made it;
    ETag / Last-Modified conditional requests are answered 304 on hits as on misses. A page
    stored under an older generation is simply recomputed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.skipped = tuple(
            prefix
            for prefix in (settings.STATIC_URL, settings.MEDIA_URL)
            if prefix not in ("", "/")
        )

    def __call__(self, request):
        if request.path_info.startswith(self.skipped):  # files: WhiteNoise or the media view
            return self.get_response(request)
        query = cached_query(request)
        if query is None:
            return self.get_response(request)
        key = page_key(request, query)
        cache = page_cache()
        if generation_file() is None:  # generation and page in one round trip
            found = cache.get_many([GENERATION_KEY, key])
            gen = found.get(GENERATION_KEY) or generation()
            stored = found.get(key)
        else:
            gen, stored = generation(), cache.get(key)
        if stored is not None and stored["generation"] == gen:
            return hit(request, stored)
        response = self.get_response(request)
        if response.status_code == 304:  # the reader's copy is current: say how to keep it
            response["Cache-Control"], response["Vary"] = CACHE_CONTROL, VARY
        if not is_cacheable_response(response):
            return response
        store(response, key, gen, cache)
        response["X-Cache"] = "MISS"
        return response


def hit(request, stored):
    """The stored page as a response (304 when the reader's copy is current)."""
    content = stored["content"]
    response = HttpResponse(content)
    headers = response.headers
    for name, value in stored["headers"]:
        headers[name] = value
    headers["Content-Length"] = str(len(content))
    headers["X-Cache"] = "HIT"
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        last_modified = parse_http_date_safe(headers.get("Last-Modified", ""))
        response = get_conditional_response(request, headers.get("ETag"), last_modified, response)
        if response.status_code == 304:  # as SecurityMiddleware gives a miss's 304
            for name, value in stored["headers"]:
                if name.lower() in HEADERS_OF_304:
                    response.headers[name] = value
            response.headers["X-Cache"] = "HIT"
    return response


# What SecurityMiddleware, outside ConditionalGetMiddleware, adds to the 304 of a miss.
HEADERS_OF_304 = {
    "strict-transport-security",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
}


def store(response, key, gen, cache):
    """Keep a page the whole stack answered, with its headers, until the next change."""
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'  # noqa: S324
    response["Cache-Control"], response["Vary"] = CACHE_CONTROL, VARY
    timeout = settings.PAGE_CACHE_SECONDS
    until = seconds_until_next_change(gen)
    if until is not None:
        timeout = min(timeout, until)
    headers = [(n, v) for n, v in response.items() if n.lower() not in NOT_STORED_HEADERS]
    value = {"generation": gen, "content": response.content, "headers": headers}
    cache.set(key, value, timeout=timeout)


# Browsers revalidate (ETag, Last-Modified); only the session cookie makes another page (the
# site has one language: Accept-Language would split shared caches for nothing).
CACHE_CONTROL = "public, max-age=0, must-revalidate"
VARY = "Cookie"
NOT_STORED_HEADERS = {"set-cookie", "date", "x-cache", "content-length"}
