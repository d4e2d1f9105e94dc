# ruff: noqa: F811 (the fixtures imported below are the parameters of the tests)
"""The page cache's invalidation scenarios (tests/test_page_cache*.py), through Varnish: nothing
a reader gets from the shared cache is older than the last commit. The varnishd of
tests/test_varnish.py (skipped where it cannot start)."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction

from articles import indexing
from articles.models import Article
from roles.models import Mission, Role
from tests.test_page_cache_keys import TRACKING
from tests.test_page_cache_processes import write_content
from tests.test_varnish import varnish, varnishd, warm  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    "url",
    ["/blog/", "/blog/tag/ops/", "/blog/flux/rss/", "/sitemap.xml", "/blog/recherche/?q=rôle",
     "/blog/roles/", "/blog/equipe/", "/blog/equipe/coach/"],
)  # fmt: skip
def test_a_save_shows_at_once_on_every_affected_page(varnish, make_article, make_tag, url):
    article = make_article("Les rôles de l’équipe", slug="equipe", tags=[make_tag("ops")])
    role = Role.objects.create(article=article, title="Coach", slug="coach", nickname="le mentor")
    warm(varnish, url)
    article.title = "Les rôles revus de l’équipe"
    article.save()
    role.nickname = "le guide"
    role.save()
    page = varnish.get(url)
    assert not page.hit
    if url not in ("/blog/roles/", "/sitemap.xml"):
        assert "revus" in page.text, url
    if url in ("/blog/equipe/", "/blog/equipe/coach/", "/blog/roles/"):
        assert "le guide" in page.text


def test_delete_unpublish_tags_and_missions_invalidate(varnish, make_article, make_tag):
    article = make_article("Article à retirer", slug="retirer")
    role = Role.objects.create(article=article, title="Coach", slug="coach")
    warm(varnish, "/blog/")
    assert "Article à retirer" in varnish.get("/blog/").text
    article.status = Article.Status.DRAFT
    article.save()
    assert "Article à retirer" not in varnish.get("/blog/").text
    article.status = Article.Status.PUBLISHED
    article.save()
    warm(varnish, "/blog/retirer/coach/")
    Mission.objects.create(role=role, position=1, text="Animer les rituels")
    assert "Animer les rituels" in varnish.get("/blog/retirer/coach/").text
    warm(varnish, "/blog/")
    article.tags.add(make_tag("data", "Données"))
    assert "Données" in varnish.get("/blog/").text
    article.delete()
    assert "Article à retirer" not in varnish.get("/blog/").text
    assert varnish.get("/blog/retirer/").status == 404


def test_a_made_up_session_cookie_gets_the_public_page(varnish, make_article):
    make_article("Article en cache", slug="en-cache")
    page = varnish.get("/blog/en-cache/", Cookie="sessionid=n-importe-quoi-0123456789")
    assert page.status == 200 and "Article en cache" in page.text


def test_conditional_get_answers_304(varnish, make_article):
    make_article("Conditionnel", slug="conditionnel")
    warm(varnish, "/blog/conditionnel/")
    first = varnish.get("/blog/conditionnel/")
    again = varnish.get("/blog/conditionnel/", **{"If-None-Match": first.headers["etag"]})
    assert again.status == 304 and again.text == ""


@pytest.mark.parametrize("url", ["/blog/", "/blog/campagne/", "/blog/flux/rss/", "/sitemap.xml"])
def test_tracking_parameters_are_the_same_object(varnish, make_article, url):
    """The tracking parameters of the page cache's own test: one Varnish object, byte for byte
    (unknown parameters, which the app ignores, are objects of their own in Varnish)."""
    make_article("Lu par une campagne", slug="campagne")
    warm(varnish, url)
    plain = varnish.get(url)
    for query in TRACKING:
        if query.startswith(("inconnu", "page_size", "q=")):
            continue
        tracked = varnish.get(f"{url}?{query}")
        assert tracked.hit and tracked.text == plain.text, query


def test_a_search_page_cached_before_indexing_is_not_served_after_it(varnish, make_article):
    article = make_article("Organisation", slug="organisation")
    role = Role.objects.create(article=article, title="Coach", slug="coach")
    url = "/blog/recherche/?q=facturation"
    original_index = indexing.index

    def index_after_a_reader(model, pks):
        varnish.get(url)  # a reader arrives after the commit, before the indexing step
        original_index(model, pks)

    with mock.patch.object(indexing, "index", index_after_a_reader), transaction.atomic():
        role.nickname = "la facturation"
        role.save()
    assert "/blog/organisation/coach/" in varnish.get(url).text


def test_an_import_reaches_the_cached_pages(varnish, tmp_path):
    """Titles and tag labels changed by `import_markdown` show at once through Varnish."""
    content = tmp_path / "contenu"
    write_content(content, {"premier": "Premier article", "second": "Second article"})
    call_command("import_markdown", str(content), verbosity=0)
    warm(varnish, "/blog/", "/blog/second/")
    write_content(
        content, {"premier": "Premier article", "second": "Second, réécrit"}, label="Les Ops"
    )
    call_command("import_markdown", str(content), verbosity=0)
    listing = varnish.get("/blog/")
    assert "Second, réécrit" in listing.text and "Les Ops" in listing.text
    assert "Second, réécrit" in varnish.get("/blog/second/").text
    write_content(
        content, {"premier": "Premier article", "second": "Second, réécrit"}, label="L’Op"
    )
    call_command("import_markdown", str(content), verbosity=0)
    assert "L’Op" in varnish.get("/blog/").text
