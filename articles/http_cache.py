"""The shared HTTP cache in front of the app (Varnish, a CDN): how long it may keep a page, the
surrogate keys naming what each page shows, and exact purges once a change commits.

- **How long.** A public page says `Cache-Control: public, max-age=0, s-maxage=N,
  stale-while-revalidate=M` (`HTTP_CACHE_S_MAXAGE`, `HTTP_CACHE_STALE_WHILE_REVALIDATE`):
  browsers ask again every time, a shared cache keeps it N seconds. Never past the next
  scheduled publication or unpublication (`articles.cache.seconds_until_next_change`): then
  the page also carries `X-Cache-Until` (an HTTP date, the moment itself) and no
  stale-while-revalidate, so that a scheduled article goes live through the shared cache with
  no cron and no purge. Previews, share links, the admin and anything with a session keep
  the private/no-store answers they had (they never reach this module).
- **What it shows.** While a request runs, every row of a watched model (each declared content
  type, authors, tags, images) that the page loads is noted (`post_init`), with the images its
  rendered text and image fields show. A page that is not a kind's own page (`Kind.url_name`)
  is a list and carries `lists` (any change of what lists show purges it); the search page
  carries `search`; every page carries `site` (a bulk import purges everything). Too many rows
  of one model (a sitemap, a feed) become the one key `<model>:all`. The keys go out in the
  headers `HTTP_CACHE_KEY_HEADERS` names: `xkey` (Varnish), `Surrogate-Key` (Fastly),
  `Cache-Tag` (Cloudflare, comma-separated).
- **Exact purges.** Each save or delete of a watched row notes the keys of its old and new
  state: the row, the rows its foreign keys name (the author, the article of a role, the tag
  and article of a tagging, the series of an entry), `<model>:all`, `search`, and `lists` when
  what a list shows or where could change (a row created or deleted, or a field other than
  its rendered text changed). Once the transaction commits they are purged on every cache of
  `HTTP_CACHE_PURGE_URLS` (`HTTP_CACHE_PURGER`, a CDN's own function instead), and again
  `HTTP_CACHE_PURGE_AGAIN` seconds later: a page rendered from the old rows just before the
  commit and stored just after the first purge is gone too. Failures are logged, never raised.
"""

import logging
import threading
import time
import urllib.request
from contextvars import ContextVar
from functools import cache

from django.conf import settings
from django.core.signals import request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_save
from django.urls import Resolver404, resolve
from django.utils.http import http_date
from django.utils.module_loading import import_string

from articles import cache as page_cache
from articles import indexing, registry
from articles.models import Author, ImageAsset, Tag

logger = logging.getLogger(__name__)

LISTS = "lists"  # every page listing content: the blog, tags, authors, feeds, sitemap, indexes
SEARCH = "search"  # the search page, whatever its query
SITE = "site"  # every page
SEARCH_VIEW = "articles:search"
KEY_SEPARATORS = {"cache-tag": ","}  # the others: a space
# Fields readers never see, whatever the type: a change of them alone moves nothing in a list.
UNSHOWN_FIELDS = frozenset({"version", "preview_version"})
MAX_KEY_BYTES = 4000  # of a page's keys, in each header naming them
PURGE_CHUNK = 2000  # characters of keys per purge request (Varnish's header limit is 8 KiB)

_collected = ContextVar("http_cache_keys", default=None)
_pending = threading.local()


def key(obj):
    """A row's key: its model's label and its primary key (`articles.article:12`)."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def all_key(model):
    return f"{model._meta.label_lower}:all"


@cache
def _watched(kinds):
    return frozenset({Author, Tag, ImageAsset, *(kind.model_class for kind in kinds)})


def watched_models():
    """The rows a page shows: every declared content type (and part), authors, tags, images."""
    return _watched(tuple(registry.kinds()))


def kind_models():
    return frozenset(kind.model_class for kind in registry.kinds())


# --- What a page shows ----------------------------------------------------------------------


def start_collecting(**kwargs):
    """A request starts: nothing noted yet (nothing at all when no key header is sent)."""
    if settings.HTTP_CACHE_KEY_HEADERS:
        # Connected only once keys are wanted: without them, loading a row costs nothing more.
        post_init.connect(note_loaded, dispatch_uid="http_cache_note")
        _note_unpickled(tuple(registry.kinds()))
        _collected.set(set())
    else:
        _collected.set(None)


@cache
def _note_unpickled(kinds):
    """Rows read back from the cache (`articles.cache.cached` fragments: related articles, tag
    counts…) are unpickled, which sends no `post_init`: each watched model notes them too, so
    that a page drawn from a cached fragment names the same rows as the page that computed it.
    Done once per set of declared kinds (apps declare theirs after this one is ready)."""
    for model in _watched(kinds):
        if getattr(model, "_http_cache_noted", None) is model:
            continue
        model.__setstate__ = _noting_setstate(model.__setstate__)
        model._http_cache_noted = model


def _noting_setstate(original):
    def __setstate__(self, state):
        original(self, state)
        note_loaded(type(self), self)

    return __setstate__


def note_loaded(sender, instance, **kwargs):
    keys = _collected.get()
    if keys is None or sender not in watched_models():
        return
    keys.update(shown_keys(instance))


def shown_keys(instance):
    """The keys of a loaded row: itself and the images it shows (image fields, rendered text),
    read from what was loaded only (a deferred column is never fetched for this)."""
    loaded = instance.__dict__
    if loaded.get(instance._meta.pk.attname) is None:
        return ()
    keys = [key(instance)]
    try:
        kind = registry.kind_of(instance)
    except LookupError:
        return keys
    for name in kind.image_fields:
        value = loaded.get(f"{name}_id")
        if value is not None:
            keys.append(f"{ImageAsset._meta.label_lower}:{value}")
    meta = loaded.get("rendered_meta")
    if isinstance(meta, dict):
        keys.extend(f"{ImageAsset._meta.label_lower}:{ref}" for ref in meta.get("images", ()))
    return keys


def page_keys(request, collected):
    """Every key of the page answering `request`, rows of one model beyond
    `HTTP_CACHE_MAX_KEYS_PER_MODEL` folded into `<model>:all`."""
    keys = {SITE}
    try:
        view_name = resolve(request.path_info).view_name
    except Resolver404:
        view_name = ""
    if view_name not in {kind.url_name for kind in registry.kinds() if kind.url_name}:
        keys.add(LISTS)
    if view_name == SEARCH_VIEW:
        keys.add(SEARCH)
    by_model = {}
    for item in collected:
        by_model.setdefault(item.rpartition(":")[0], set()).add(item)
    limit = settings.HTTP_CACHE_MAX_KEYS_PER_MODEL
    for label, items in by_model.items():
        if len(items) > limit:
            by_model[label] = {f"{label}:all"}
    # The whole header stays under MAX_KEY_BYTES (Varnish refuses a header over 8 KiB): the
    # models with the most keys are folded first.
    size = sum(len(item) + 1 for items in by_model.values() for item in items)
    for label in sorted(by_model, key=lambda name: -len(by_model[name])):
        if size <= MAX_KEY_BYTES:
            break
        size -= sum(len(item) + 1 for item in by_model[label]) - len(f"{label}:all") - 1
        by_model[label] = {f"{label}:all"}
    for items in by_model.values():
        keys.update(items)
    return sorted(keys)


def mark_shared(request, response, until):
    """Called by the page cache for a public page it is about to store: how long a shared
    cache may keep it (`until`: seconds to the next scheduled change, or None) and the keys
    naming what it shows. With `HTTP_CACHE_S_MAXAGE` at 0, the page cache's own header stays."""
    keep = settings.HTTP_CACHE_S_MAXAGE
    if keep > 0:
        stale = settings.HTTP_CACHE_STALE_WHILE_REVALIDATE
        if until is not None and until <= keep:
            keep, stale = until, 0
            response["X-Cache-Until"] = http_date(int(time.time()) + until)
        elif until is not None:
            stale = min(stale, until - keep)  # a stale copy never outlives the change either
        control = ["public", "max-age=0", f"s-maxage={keep}"]
        if stale > 0:
            control.append(f"stale-while-revalidate={stale}")
        response["Cache-Control"] = ", ".join(control)
    headers = settings.HTTP_CACHE_KEY_HEADERS
    if headers:
        keys = page_keys(request, _collected.get() or ())
        for name in headers:
            response[name] = KEY_SEPARATORS.get(name.lower(), " ").join(keys)
    return response


# --- What a change purges -------------------------------------------------------------------


def change_keys(instance):
    """The keys a row's state names: itself, its model's `:all`, `search` for content and, for
    a row that is *in* others (a part, a tagging), the watched rows its foreign keys point to
    (a role's article, a tagging's tag and article, a series entry's series): a page showing
    those shows it, and may not have loaded it yet (a new one). A top-level row's own foreign
    keys (its author) are not purged: the pages showing the row carry the row's key."""
    keys = {all_key(type(instance))}
    if instance.pk is not None:
        keys.add(key(instance))
    if type(instance) in kind_models():
        keys.add(SEARCH)
    if is_top_level(type(instance)):
        return keys
    for field in instance._meta.concrete_fields:
        target = field.related_model if field.many_to_one or field.one_to_one else None
        if target is None or target is ImageAsset or target not in watched_models():
            continue
        value = instance.__dict__.get(field.attname)
        if value is not None:
            keys.add(f"{target._meta.label_lower}:{value}")
    return keys


def is_top_level(model):
    """A declared kind that is no part, or an author, tag or image."""
    try:
        return not registry.kind_of(model).part_of
    except LookupError:
        return model in watched_models()


def listed_fields_changed(old, new):
    """Whether a change can move the row in or out of a list, or reorder one: any field but
    its rendered text (Markdown sources, their HTML, what saving computes) changed."""
    try:
        kind = registry.kind_of(new)
    except LookupError:
        text = set()
    else:
        text = {name for pair in kind.sources for name in pair}
    for field in new._meta.concrete_fields:
        if (
            field.name in text
            or field.name in UNSHOWN_FIELDS
            or not field.editable
            or getattr(field, "auto_now", False)
        ):
            continue
        if field.attname not in old.__dict__ or field.attname not in new.__dict__:
            return True  # not loaded: assume it changed
        if old.__dict__[field.attname] != new.__dict__[field.attname]:
            return True
    return False


def purging():
    return bool(settings.HTTP_CACHE_PURGE_URLS) or bool(settings.HTTP_CACHE_PURGER)


def deferred():
    """A bulk load (`articles.cache.invalidation_deferred`): one purge of everything."""
    return getattr(page_cache._state, "deferred", False)


def before_save(sender, instance, raw=False, **kwargs):
    if not purging() or sender not in _models_purged() or deferred():
        return
    old = None
    if instance.pk is not None and not instance._state.adding:
        old = sender._base_manager.filter(pk=instance.pk).first()
    instance._http_cache_old = old


def after_save(sender, instance, created=False, **kwargs):
    if not purging() or sender not in _models_purged():
        return
    if deferred():
        later({SITE})
        return
    old = instance.__dict__.pop("_http_cache_old", None)
    keys = change_keys(instance)
    if old is not None:
        keys |= change_keys(old)
    if (
        created
        or old is None
        or listed_fields_changed(old, instance)
        or sender not in kind_models()
    ):
        keys.add(LISTS)
    later(keys)


def after_delete(sender, instance, **kwargs):
    if not purging() or sender not in _models_purged():
        return
    later({SITE} if deferred() else change_keys(instance) | {LISTS})


def after_indexing(sender, **kwargs):
    """The search vectors are written after the commit: a search page stored in between goes."""
    if purging():
        later({SEARCH})


@cache
def _purged(kinds):
    """What readers see: the watched models and the through models of their tags."""
    models = set(_watched(kinds))
    for kind in kinds:
        models.update(
            field.remote_field.through
            for field in kind.model_class._meta.get_fields()
            if field.many_to_many and not field.auto_created
        )
    return frozenset(models)


def _models_purged():
    return _purged(tuple(registry.kinds()))


def later(keys):
    """Purged once the current transaction commits (at once outside one); a rolled-back
    change leaves its keys for the next purge, which only costs a page its cached copy."""
    batch = getattr(_pending, "keys", None)
    if batch is None:
        batch = _pending.keys = set()
    batch |= keys
    transaction.on_commit(flush)


def flush():
    keys = getattr(_pending, "keys", None)
    if not keys:
        return
    _pending.keys = set()
    # The app's own cache first: a page it stored while the transaction ran (a bulk import
    # bumps it only at the end, after this callback was registered) is not handed to the
    # shared cache again once purged.
    page_cache.move_on()
    purge(sorted(keys))
    again = settings.HTTP_CACHE_PURGE_AGAIN
    if again > 0:
        timer = threading.Timer(again, purge, args=(sorted(keys),))
        timer.daemon = True
        timer.start()


def purge(keys):
    """Purge `keys` with `HTTP_CACHE_PURGER` (a dotted path to `purger(keys)`) or, by default,
    on every Varnish of `HTTP_CACHE_PURGE_URLS`. Never raises."""
    if not keys:
        return
    try:
        purger = import_string(settings.HTTP_CACHE_PURGER) if settings.HTTP_CACHE_PURGER else None
        if purger is not None:
            purger(list(keys))
            return
    except Exception:
        logger.exception("shared cache purger failed for %d keys", len(keys))
        return
    for url in settings.HTTP_CACHE_PURGE_URLS:
        for chunk in chunks(keys):
            xkey_purge(url, chunk)


def chunks(keys, size=PURGE_CHUNK):
    chunk, length = [], 0
    for item in keys:
        if chunk and length + len(item) + 1 > size:
            yield " ".join(chunk)
            chunk, length = [], 0
        chunk.append(item)
        length += len(item) + 1
    if chunk:
        yield " ".join(chunk)


def xkey_purge(url, keys):
    """One `PURGE` request with the `xkey` header (vmod xkey's hard purge: deploy/varnish.vcl)."""
    request = urllib.request.Request(url, method="PURGE", headers={"xkey": keys})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=settings.HTTP_CACHE_PURGE_TIMEOUT) as answer:  # noqa: S310
            answer.read()
    except Exception as exc:  # a cache down or refusing: logged, the save stands
        logger.warning("shared cache purge failed on %s: %s", url, exc)


def connect():
    """Connect the collector and the purges (called once, from `ArticlesConfig.ready`)."""
    request_started.connect(start_collecting, dispatch_uid="http_cache_start")
    pre_save.connect(before_save, dispatch_uid="http_cache_before_save")
    post_save.connect(after_save, dispatch_uid="http_cache_after_save")
    post_delete.connect(after_delete, dispatch_uid="http_cache_after_delete")
    indexing.indexed.connect(after_indexing, dispatch_uid="http_cache_indexed")
