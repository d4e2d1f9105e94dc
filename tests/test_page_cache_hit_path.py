"""The short hit path: a cached page is answered before the work only a miss needs (sessions,
authentication, CSRF, messages, the view), with the same headers the miss gave, and 304s."""

from datetime import timedelta

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import caches
from django.middleware.csrf import CsrfViewMiddleware
from django.test import Client
from django.utils import timezone

from articles.models import Article
from tests.redis_cache import use_redis

pytestmark = pytest.mark.django_db(transaction=True)

NOT_COMPARED = {"x-cache", "date", "age"}


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    caches["default"].clear()


@pytest.fixture
def redis_backend(settings):
    """The project's Redis backend (REDIS_URL) on a database of this file's own."""
    use_redis(settings, 12, "revops-hit-path-tests")
    yield
    caches["default"].clear()


def headers_of(response):
    return {n.lower(): v for n, v in response.items() if n.lower() not in NOT_COMPARED}


@pytest.mark.parametrize("backend", ["local memory", "redis"])
@pytest.mark.parametrize("url", ["/blog/", "/blog/rapide/", "/blog/tag/ops/", "/blog/flux/rss/"])
def test_a_hit_has_the_headers_of_the_miss_that_stored_it(
    request, make_article, make_tag, backend, url
):
    if backend == "redis":
        request.getfixturevalue("redis_backend")
    make_article("Rapide", slug="rapide", tags=[make_tag("ops")])
    miss = Client().get(url)
    hit = Client().get(url)
    assert (miss["X-Cache"], hit["X-Cache"]) == ("MISS", "HIT")
    assert hit.content == miss.content
    assert headers_of(hit) == headers_of(miss)
    # The security headers set around the whole stack are among them.
    for name in ("X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
                 "Content-Security-Policy", "X-Frame-Options", "Content-Length"):  # fmt: skip
        assert hit[name], name
    assert int(hit["Content-Length"]) == len(hit.content)
    assert 0 <= int(hit["Age"]) <= 5  # seconds it has been kept


def test_a_hit_says_how_long_the_page_has_been_kept(make_article, time_machine):
    make_article("Gardé", slug="garde")
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    Client().get("/blog/garde/")
    time_machine.move_to(now + timedelta(seconds=450), tick=False)
    hit = Client().get("/blog/garde/")
    assert hit["X-Cache"] == "HIT" and hit["Age"] == "450"


def test_a_hit_runs_no_query_no_session_no_csrf_and_no_view(
    make_article, django_assert_num_queries, monkeypatch
):
    make_article("Rapide", slug="rapide")
    assert Client().get("/blog/rapide/")["X-Cache"] == "MISS"
    calls = []
    monkeypatch.setattr(SessionMiddleware, "process_request", lambda *a: calls.append("session"))
    monkeypatch.setattr(CsrfViewMiddleware, "process_view", lambda *a: calls.append("csrf"))
    monkeypatch.setattr(Article.objects, "published", lambda: calls.append("view"))
    with django_assert_num_queries(0):
        hit = Client().get("/blog/rapide/")
    assert hit["X-Cache"] == "HIT" and b"Rapide" in hit.content
    assert calls == []
    assert "Set-Cookie" not in hit


@pytest.mark.parametrize("backend", ["local memory", "redis"])
def test_hits_answer_conditional_requests_with_304(request, make_article, backend):
    if backend == "redis":
        request.getfixturevalue("redis_backend")
    make_article("Conditionnel", slug="cond")
    miss = Client().get("/blog/cond/")
    etag, modified = miss["ETag"], miss["Last-Modified"]
    same = Client().get("/blog/cond/", headers={"if-none-match": etag})
    assert (same.status_code, same.content, same["X-Cache"]) == (304, b"", "HIT")
    assert same["ETag"] == etag
    since = Client().get("/blog/cond/", headers={"if-modified-since": modified})
    assert since.status_code == 304
    other = Client().get("/blog/cond/", headers={"if-none-match": '"autre"'})
    assert (
        other.status_code == 200 and other["X-Cache"] == "HIT" and b"Conditionnel" in other.content
    )
    caches["default"].clear()
    not_cached = Client().get("/blog/cond/", headers={"if-none-match": etag})
    assert not_cached.status_code == 304 and "X-Cache" not in not_cached
    del same.headers["Last-Modified"]  # known once the page is stored
    assert headers_of(same) == headers_of(not_cached)


def test_static_files_are_not_looked_up_in_the_page_cache(client, settings):
    response = client.get(f"{settings.STATIC_URL}css/site.css")
    assert "X-Cache" not in response


def test_the_redis_backend_reuses_one_client(redis_backend):
    cache = caches["default"]
    cache.set("une-clé", "une valeur")
    assert cache.get("une-clé") == "une valeur"
    assert cache.get_many(["une-clé"]) == {"une-clé": "une valeur"}
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: reads and writes share it
