"""Full-page cache: hits for anonymous readers, exact invalidation, schedules, 304s, Redis."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django.utils import timezone

from articles import indexing
from articles.models import Article
from roles.models import Mission, Role
from tests.redis_cache import use_redis

# Transactions really commit here: invalidation happens on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    caches["default"].clear()


def get(client, url, **headers):
    return client.get(url, headers=headers)


def test_anonymous_pages_are_served_from_the_cache(client, make_article):
    make_article("Premier article", slug="premier")
    first = get(client, "/blog/")
    second = get(client, "/blog/")
    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT"
    assert first.content == second.content
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert second["ETag"] and second["Last-Modified"]


@pytest.mark.parametrize(
    "url",
    ["/blog/", "/blog/tag/ops/", "/blog/flux/rss/", "/sitemap.xml", "/blog/recherche/?q=rôle",
     "/blog/roles/", "/blog/equipe/", "/blog/equipe/coach/"],
)  # fmt: skip
def test_a_save_shows_at_once_on_every_affected_page(client, make_article, make_tag, url):
    article = make_article("Les rôles de l'équipe", slug="equipe", tags=[make_tag("ops")])
    role = Role.objects.create(article=article, title="Coach", slug="coach", nickname="le mentor")
    assert get(client, url)["X-Cache"] == "MISS"
    assert get(client, url)["X-Cache"] == "HIT"
    article.title = "Les rôles revus de l'équipe"
    article.save()
    role.nickname = "le guide"
    role.save()
    response = get(client, url)
    assert response["X-Cache"] == "MISS"
    html = response.content.decode()
    if url not in ("/blog/roles/", "/sitemap.xml"):
        assert "revus" in html, url
    if url in ("/blog/equipe/", "/blog/equipe/coach/", "/blog/roles/"):
        assert "le guide" in html


def test_delete_unpublish_tags_and_missions_invalidate(client, make_article, make_tag):
    article = make_article("Article à retirer", slug="retirer")
    role = Role.objects.create(article=article, title="Coach", slug="coach")
    assert "Article à retirer" in get(client, "/blog/").content.decode()
    article.status = Article.Status.DRAFT
    article.save()
    assert "Article à retirer" not in get(client, "/blog/").content.decode()
    article.status = Article.Status.PUBLISHED
    article.save()
    get(client, "/blog/retirer/coach/")
    Mission.objects.create(role=role, position=1, text="Animer les rituels")
    assert "Animer les rituels" in get(client, "/blog/retirer/coach/").content.decode()
    get(client, "/blog/")
    article.tags.add(make_tag("data", "Données"))
    assert "Données" in get(client, "/blog/").content.decode()
    article.delete()
    assert "Article à retirer" not in get(client, "/blog/").content.decode()


def test_a_scheduled_article_appears_at_its_time_on_cached_pages(client, make_article):
    make_article("Déjà là", slug="deja")
    at = timezone.now() + timedelta(hours=1)
    make_article("À midi pile", slug="midi", published_at=at)
    assert "À midi pile" not in get(client, "/blog/").content.decode()
    assert get(client, "/blog/")["X-Cache"] == "HIT"
    with time_machine.travel(at + timedelta(seconds=5)):
        response = get(client, "/blog/")
        assert response["X-Cache"] == "MISS" and "À midi pile" in response.content.decode()


def test_staff_and_previews_bypass_the_cache(staff_client, make_article):
    make_article("Brouillon", slug="brouillon", status=Article.Status.DRAFT)
    response = get(staff_client, "/blog/")
    assert "X-Cache" not in response
    preview = get(staff_client, "/blog/brouillon/")
    assert "X-Cache" not in preview and "no-store" in preview["Cache-Control"]


def test_a_made_up_session_cookie_is_served_from_the_cache(client, make_article, staff_user):
    """Only a session the store knows bypasses the cache: a garbage `sessionid` is a reader."""
    make_article("Article en cache", slug="en-cache")
    client.cookies["sessionid"] = "n-importe-quoi-0123456789"
    first = get(client, "/blog/en-cache/")
    second = get(client, "/blog/en-cache/")
    assert first["X-Cache"] == "MISS" and second["X-Cache"] == "HIT"
    assert "Article en cache" in second.content.decode()
    staff = Client()
    staff.force_login(staff_user)
    live = get(staff, "/blog/en-cache/")
    assert live.status_code == 200 and "X-Cache" not in live


def test_conditional_get_answers_304(client, make_article):
    make_article("Conditionnel", slug="conditionnel")
    first = get(client, "/blog/conditionnel/")
    again = get(client, "/blog/conditionnel/", if_none_match=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = get(client, "/blog/conditionnel/", if_modified_since=first["Last-Modified"])
    assert since.status_code == 304


def test_hostile_or_huge_query_strings_add_no_cached_page(client, make_article):
    """Junk parameters are served the page cached for the plain address (no copy of their
    own); a huge value of a parameter the view reads is not cached at all."""
    make_article("Rien", slug="rien")
    plain = get(client, "/blog/")
    junk = get(client, "/blog/?" + "&".join(f"x{n}=1" for n in range(200)))
    assert junk["X-Cache"] == "HIT" and junk.content == plain.content
    assert "X-Cache" not in get(client, "/blog/recherche/?q=" + "x" * 600)


def test_redis_cache_is_shared_between_app_servers(settings, make_article):
    """Two processes' caches on one Redis: a page cached by one is a hit for the other."""
    use_redis(settings, 15, "revops-tests")
    make_article("Partagé", slug="partage")
    assert Client().get("/blog/partage/")["X-Cache"] == "MISS"
    assert Client().get("/blog/partage/")["X-Cache"] == "HIT"
    Article.objects.get(slug="partage").save()
    assert Client().get("/blog/partage/")["X-Cache"] == "MISS"
    caches["default"].clear()


def test_cached_pages_keep_their_security_headers(client, make_article):
    make_article("Protégé", slug="protege")
    first = get(client, "/blog/protege/")
    hit = get(client, "/blog/protege/")
    assert hit["X-Cache"] == "HIT"
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "Vary"):
        assert hit[header] == first[header], header


def test_a_search_page_cached_before_indexing_is_not_served_after_it(client, make_article):
    """A reader searching between the commit and the indexing step does not freeze the result."""
    article = make_article("Organisation", slug="organisation")
    role = Role.objects.create(article=article, title="Coach", slug="coach")
    url = "/blog/recherche/?q=facturation"
    original_index = indexing.index

    def index_after_a_reader(model, pks):
        get(client, url)  # a reader arrives after the commit, before the indexing step
        original_index(model, pks)

    with mock.patch.object(indexing, "index", index_after_a_reader), transaction.atomic():
        role.nickname = "la facturation"
        role.save()
    assert "/blog/organisation/coach/" in get(client, url).content.decode()
