"""What a shared cache is told, without Varnish: Cache-Control, the surrogate keys of a page,
the keys a change purges (through the CDN hook `HTTP_CACHE_PURGER`), and a cache that does not
answer. Runs everywhere."""

import logging
import time
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from roles.models import Role
from tests.test_settings import run_settings

pytestmark = pytest.mark.django_db(transaction=True)

PURGED = []


def record(keys):
    """A CDN's purge function, as `HTTP_CACHE_PURGER` names one."""
    PURGED.append(set(keys))


@pytest.fixture
def shared(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    settings.HTTP_CACHE_S_MAXAGE = 86400
    settings.HTTP_CACHE_STALE_WHILE_REVALIDATE = 60
    settings.HTTP_CACHE_KEY_HEADERS = ["xkey", "Surrogate-Key", "Cache-Tag"]
    settings.HTTP_CACHE_PURGER = "tests.test_varnish_headers.record"
    settings.HTTP_CACHE_PURGE_AGAIN = 0
    caches["default"].clear()
    PURGED.clear()
    return PURGED


def purged():
    keys = set().union(*PURGED)
    PURGED.clear()
    return keys


def test_without_a_shared_cache_the_headers_are_as_before(client, settings, make_article):
    settings.PAGE_CACHE_SECONDS = 3600
    make_article("Comme avant", slug="avant")
    page = client.get("/blog/avant/")
    assert page["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert "xkey" not in page and "Surrogate-Key" not in page and "Cache-Tag" not in page


def test_public_pages_say_how_long_a_shared_cache_keeps_them(client, shared, make_article):
    make_article("Public", slug="public")
    for url in ("/blog/", "/blog/public/", "/sitemap.xml", "/blog/flux/rss/"):
        first, hit = client.get(url), client.get(url)
        expected = "public, max-age=0, s-maxage=86400, stale-while-revalidate=60"
        assert first["Cache-Control"] == hit["Cache-Control"] == expected, url
        assert hit["xkey"] == first["xkey"], url  # a hit of the app's cache says the same


def test_never_past_the_next_scheduled_publication(client, shared, make_article):
    make_article("Prévu", slug="prevu", published_at=timezone.now() + timedelta(minutes=10))
    page = client.get("/blog/")
    control = page["Cache-Control"]
    seconds = int(control.split("s-maxage=")[1].split(",")[0])
    assert 590 <= seconds <= 600 and "stale-while-revalidate" not in control
    assert page["X-Cache-Until"]


def test_editors_previews_and_admin_stay_private(staff_client, shared, make_article):
    make_article("Brouillon", slug="brouillon", status=Article.Status.DRAFT)
    preview = staff_client.get("/blog/brouillon/")
    assert "no-store" in preview["Cache-Control"] and "xkey" not in preview
    live = staff_client.get("/blog/")
    assert "s-maxage" not in live.get("Cache-Control", "") and "xkey" not in live
    admin = staff_client.get("/admin/")
    assert "s-maxage" not in admin.get("Cache-Control", "") and "xkey" not in admin


def test_an_article_page_names_everything_it_shows(client, shared, make_article, make_tag,
                                                   make_asset, author):  # fmt: skip
    hero, inline = make_asset(alt="Héros"), make_asset(alt="Schéma")
    ops = make_tag("ops", "Opérations")
    article = make_article("Complet", slug="complet", tags=[ops], hero_image=hero,
                           body=f"![Schéma]({inline.pk})")  # fmt: skip
    role = Role.objects.create(article=article, title="Coach", slug="coach")
    page = client.get("/blog/complet/")
    keys = set(page["xkey"].split())
    assert {f"articles.article:{article.pk}", f"roles.role:{role.pk}", f"articles.tag:{ops.pk}",
            f"articles.author:{author.pk}", f"articles.imageasset:{hero.pk}",
            f"articles.imageasset:{inline.pk}", "site"} <= keys  # fmt: skip
    assert "lists" not in keys  # an article's own page is no list
    assert page["Surrogate-Key"] == page["xkey"]
    assert page["Cache-Tag"] == ",".join(page["xkey"].split())
    listing = set(client.get("/blog/")["xkey"].split())
    assert {"lists", f"articles.article:{article.pk}", f"articles.imageasset:{hero.pk}"} <= listing
    assert "search" in client.get("/blog/recherche/?q=complet")["xkey"].split()


def test_many_rows_of_one_kind_become_one_key(client, shared, settings, make_article):
    settings.HTTP_CACHE_MAX_KEYS_PER_MODEL = 3
    for number in range(5):
        make_article(f"Article {number}", slug=f"article-{number}")
    keys = client.get("/sitemap.xml")["xkey"].split()
    assert "articles.article:all" in keys
    assert not [key for key in keys if key.startswith("articles.article:") and key[-1].isdigit()]


def test_a_change_purges_its_old_and_new_state(shared, make_article, make_tag):
    ops, data = make_tag("ops"), make_tag("data")
    article = make_article("Étiqueté", slug="etiquete", tags=[ops])
    purged()
    article.tags.set([data])  # ops taken off: its page goes too
    keys = purged()
    assert {f"articles.tag:{ops.pk}", f"articles.tag:{data.pk}",
            f"articles.article:{article.pk}", "lists"} <= keys  # fmt: skip
    article.body = "Un autre texte."
    article.save()
    keys = purged()
    assert f"articles.article:{article.pk}" in keys and "search" in keys
    assert "lists" not in keys  # the text alone: no list shows it elsewhere
    assert not [key for key in keys if key.startswith("articles.tag:")]


def test_nothing_is_purged_before_the_commit(shared, make_article):
    article = make_article("Transaction", slug="transaction")
    purged()
    with pytest.raises(RuntimeError), transaction.atomic():
        article.title = "Jamais commis"
        article.save()
        assert PURGED == []  # the old page is what readers still get
        raise RuntimeError("annulé")
    assert PURGED == []
    with transaction.atomic():
        Article.objects.get(slug="transaction").save()
        assert PURGED == []
    assert f"articles.article:{article.pk}" in purged()


def test_a_cache_that_does_not_answer_never_breaks_a_save(settings, make_article, caplog):
    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:9/"]  # nothing listens there
    settings.HTTP_CACHE_PURGE_AGAIN = 0
    settings.HTTP_CACHE_PURGE_TIMEOUT = 1
    with caplog.at_level(logging.WARNING, logger="articles.http_cache"):
        article = make_article("Sauvé quand même", slug="sauve")
        article.title = "Toujours sauvé"
        article.save()
    assert Article.objects.get(slug="sauve").title == "Toujours sauvé"
    assert "shared cache purge failed on http://127.0.0.1:9/" in caplog.text


def test_a_page_drawn_from_a_cached_fragment_names_the_same_rows(client, shared, make_article,
                                                                  make_tag):  # fmt: skip
    """The related articles are a cached fragment: a page rendered again while the fragment is
    still cached (its own copy evicted) names them as the first rendering did."""
    ops = make_tag("ops")
    make_article("Voisin", slug="voisin", tags=[ops])
    make_article("Principal", slug="principal", tags=[ops])
    neighbour = Article.objects.get(slug="voisin")
    first = client.get("/blog/principal/")
    assert "Voisin" in first.content.decode()
    assert f"articles.article:{neighbour.pk}" in first["xkey"].split()
    store = caches["default"]
    for key in [k for k in store._cache if "page-cache:page:" in k]:
        store.delete(key.split(":", 2)[2])  # the page's copy evicted, the fragments kept
    again = client.get("/blog/principal/")
    assert again["X-Cache"] == "MISS"
    assert f"articles.article:{neighbour.pk}" in again["xkey"].split()


def test_the_keys_of_a_page_stay_under_the_header_limit(client, shared, settings, make_article,
                                                        make_asset):  # fmt: skip
    """Varnish refuses a header over 8 KiB: past 4,000 characters the models with the most keys
    become their `:all` key (a change of any of them purges the page: still exact enough)."""
    settings.HTTP_CACHE_MAX_KEYS_PER_MODEL = 1000
    assets = [make_asset(alt=f"Image {n}", with_file=False) for n in range(80)]
    body = "\n\n".join(f"![Image {n}]({asset.pk})" for n, asset in enumerate(assets))
    make_article("Très illustré", slug="illustre", body=body)
    header = client.get("/blog/illustre/")["xkey"]
    assert len(header) <= 4000
    assert "articles.imageasset:all" in header.split()
    assert "articles.article:" in header


def test_a_revalidation_keeps_the_shared_headers(client, shared, make_article):
    """A shared cache asking again with the ETag gets a 304 that says the same as the page."""
    make_article("Revalidé", slug="revalide")
    page = client.get("/blog/revalide/")
    caches["default"].clear()  # a miss that ends in a 304
    again = client.get("/blog/revalide/", headers={"if-none-match": page["ETag"]})
    assert again.status_code == 304
    assert again["Cache-Control"] == page["Cache-Control"] and again["xkey"] == page["xkey"]


@pytest.mark.parametrize(
    ("env", "said"),
    [({"HTTP_CACHE_PURGE_URLS": "varnish:6081"}, "HTTP_CACHE_PURGE_URLS: 'varnish:6081' is not"),
     ({"HTTP_CACHE_S_MAXAGE": "un jour"}, "HTTP_CACHE_S_MAXAGE: 'un jour' must be a number"),
     ({"HTTP_CACHE_PURGE_AGAIN": "-2"}, "HTTP_CACHE_PURGE_AGAIN: '-2' must be a number")],
)  # fmt: skip
def test_a_mistyped_setting_stops_the_start_saying_which(env, said):
    result = run_settings(**env)
    assert result.returncode != 0 and said in result.stderr


def test_the_keys_are_purged_again_a_moment_later(shared, settings, make_article):
    """For a page rendered from the old rows before the commit and stored after the purge."""
    settings.HTTP_CACHE_PURGE_AGAIN = 0.2
    article = make_article("Deux fois", slug="deux-fois")
    time.sleep(0.5)
    PURGED.clear()
    article.save()  # its keys, then `search` once the indexing step is done
    first = [sorted(keys) for keys in PURGED]
    assert any(f"articles.article:{article.pk}" in keys for keys in first)
    time.sleep(0.5)
    assert sorted(sorted(keys) for keys in PURGED) == sorted(first * 2)


def broken(keys):
    raise ConnectionError("CDN injoignable")


def test_a_failing_cdn_hook_never_breaks_a_save(shared, settings, make_article, caplog):
    settings.HTTP_CACHE_PURGER = "tests.test_varnish_headers.broken"
    with caplog.at_level(logging.ERROR, logger="articles.http_cache"):
        article = make_article("Malgré le CDN", slug="malgre")
    assert Article.objects.filter(pk=article.pk).exists()
    assert "shared cache purger failed" in caplog.text and "CDN injoignable" in caplog.text
