"""Page cache keys: campaign and unknown query parameters share the one cached page; the
parameters a view reads still make pages of their own (issue 17, item 14)."""

import pytest
from django.core.cache import caches
from django.test import Client

from tests.redis_cache import use_redis

# Transactions really commit here: invalidation happens on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

TRACKING = [
    "utm_source=lettre", "utm_medium=email&utm_campaign=printemps", "fbclid=IwAR3x9", "gclid=Cj0KC",
    "mc_cid=4f2a&mc_eid=9b1c", "msclkid=77ab", "_ga=2.1234.5678", "ref=linkedin", "inconnu=1",
    "page_size=500", "q=ignoré-sur-un-article",
]  # fmt: skip


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    caches["default"].clear()


@pytest.fixture
def redis_cache(settings):
    """The cache in Redis (db 13, as in production through REDIS_URL), emptied around."""
    store = use_redis(settings, 13, "revops-tests-keys")
    yield lambda: sum(1 for _ in store.scan_iter(match="revops-tests-keys:*page-cache:page:*"))
    caches["default"].clear()


def locmem_page_keys():
    return sum(1 for key in caches["default"]._cache if "page-cache:page:" in key)


def campaign_traffic(url, count=300):
    """`count` readers, each from a link with its own utm_source: [X-Cache], the page bytes."""
    client = Client()
    answers = [client.get(f"{url}?utm_source=campagne-{n}&utm_medium=email") for n in range(count)]
    assert all(a.status_code == 200 for a in answers)
    return [a["X-Cache"] for a in answers], {a.content for a in answers}


def test_campaign_links_share_one_cached_page_in_local_memory(make_article):
    """300 readers with distinct utm_source: one key, one miss, then hits of the same page."""
    make_article("Lu par une campagne", slug="campagne")
    statuses, bodies = campaign_traffic("/blog/campagne/")
    assert statuses == ["MISS"] + ["HIT"] * 299
    assert len(bodies) == 1
    assert locmem_page_keys() == 1


def test_campaign_links_share_one_cached_page_in_redis(make_article, redis_cache):
    """The same with the cache in Redis: 300 requests add one page key, not 300."""
    make_article("Lu par une campagne", slug="campagne")
    statuses, bodies = campaign_traffic("/blog/campagne/")
    assert statuses == ["MISS"] + ["HIT"] * 299
    assert len(bodies) == 1
    assert redis_cache() == 1


@pytest.mark.parametrize("url", ["/blog/", "/blog/campagne/", "/blog/flux/rss/", "/sitemap.xml",
                                 "/blog/roles/", "/robots.txt"])  # fmt: skip
def test_tracking_and_unknown_parameters_are_the_same_page(client, make_article, url):
    """Tracking (utm_*, fbclid, gclid, mc_*, msclkid, _ga, ref) and unknown parameters get the
    page cached for the plain address, byte for byte."""
    make_article("Lu par une campagne", slug="campagne")
    plain = client.get(url)
    assert plain["X-Cache"] == "MISS"
    for query in TRACKING:
        tracked = client.get(f"{url}?{query}")
        assert tracked["X-Cache"] == "HIT", query
        assert tracked.content == plain.content, query
    assert locmem_page_keys() == 1


def test_the_parameters_a_view_reads_still_make_their_own_pages(
    client, settings, make_article, make_tag
):
    """`?page=2`, `?tag=` and the search's `q` are other pages (with any tracking parameter
    beside them); the order of the parameters does not matter."""
    settings.ARTICLES_PER_PAGE = 1
    ops = make_tag("ops", "L'Ops")
    make_article("Premier texte sur la facturation", slug="premier", tags=[ops], days_ago=2)
    make_article("Second texte sur la prévision", slug="second", days_ago=1)
    first, second = client.get("/blog/"), client.get("/blog/?page=2")
    assert second["X-Cache"] == "MISS" and second.content != first.content
    assert "Premier texte" in second.content.decode()
    again = client.get("/blog/?utm_source=lettre&page=2")
    assert again["X-Cache"] == "HIT" and again.content == second.content

    tagged = client.get("/blog/?tag=ops")
    assert tagged["X-Cache"] == "MISS" and "Second texte" not in tagged.content.decode()
    assert client.get("/blog/?tag=ops&fbclid=IwAR3x9")["X-Cache"] == "HIT"
    both = client.get("/blog/?tag=ops&page=1")
    assert client.get("/blog/?page=1&tag=ops").content == both.content

    found = client.get("/blog/recherche/?q=facturation")
    other = client.get("/blog/recherche/?q=prévision")
    assert found["X-Cache"] == other["X-Cache"] == "MISS"
    assert (
        "Premier texte" in found.content.decode() and "Premier texte" not in other.content.decode()
    )
    assert client.get("/blog/recherche/?gclid=Cj0KC&q=facturation")["X-Cache"] == "HIT"
