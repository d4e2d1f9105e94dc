# ruff: noqa: F811 (the fixtures imported below are the parameters of the tests)
"""Every content type through Varnish, page by page: case studies, series, images shown in a
text, authors. The varnishd of tests/test_varnish.py (skipped where it cannot start)."""

import pytest
from django.test import Client

from articles.models import Article
from clients.models import CaseStudy
from series.models import Series, SeriesEntry
from tests.test_clients_pages import make_case_study  # noqa: F401, F811 (fixture)
from tests.test_varnish import varnish, varnishd, warm  # noqa: F401, F811 (fixtures)
from tests.test_workflow import change_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_case_study_purges_its_page_and_the_lists_only(varnish, make_case_study, make_article):
    qonto = make_case_study("Qonto", slug="qonto", title="Un cycle deux fois plus court")
    make_case_study("Alan", slug="alan", title="Une équipe alignée")
    make_article("Sans rapport", slug="sans-rapport")
    warm(varnish, "/clients/qonto/", "/clients/alan/", "/clients/", "/blog/sans-rapport/")
    qonto.title = "Un cycle trois fois plus court"
    qonto.save()
    assert "trois fois plus court" in varnish.get("/clients/qonto/").text
    assert "trois fois plus court" in varnish.get("/clients/").text
    assert varnish.get("/blog/sans-rapport/").hit
    qonto.status = CaseStudy.Status.DRAFT
    qonto.save()
    assert varnish.get("/clients/qonto/").status == 404
    assert "Qonto" not in varnish.get("/clients/").text


def test_a_new_episode_refreshes_its_series_page(varnish, make_article):
    series = Series.objects.create(title="Le podcast RevOps", slug="podcast", kind="podcast")
    first = make_article("Premier épisode", slug="premier")
    SeriesEntry.objects.create(series=series, article=first, position=10)
    other = make_article("Hors série", slug="hors-serie")
    warm(varnish, "/series/podcast/", "/blog/premier/", "/blog/hors-serie/")
    second = make_article("Deuxième épisode", slug="deuxieme")
    SeriesEntry.objects.create(series=series, article=second, position=20)
    assert "Deuxième épisode" in varnish.get("/series/podcast/").text
    assert "Deuxième épisode" in varnish.get("/blog/premier/").text  # its neighbour now
    assert varnish.get("/blog/hors-serie/").hit
    series.title = "Le podcast des RevOps"
    series.save()
    assert "Le podcast des RevOps" in varnish.get("/series/podcast/").text
    assert "Le podcast des RevOps" in varnish.get("/blog/premier/").text
    assert varnish.get(f"/blog/{other.slug}/").hit


def test_an_image_refreshes_the_pages_showing_it(varnish, make_article, make_asset):
    asset = make_asset(alt="Schéma", caption="Les piliers en 2025")
    make_article("Les piliers", slug="piliers", body=f"![Schéma]({str(asset.pk).upper()})")
    make_article("Sans image", slug="sans-image")
    warm(varnish, "/blog/piliers/", "/blog/sans-image/")
    assert "Les piliers en 2025" in varnish.get("/blog/piliers/").text
    asset.caption = "Les piliers en 2026"
    asset.save()
    assert "Les piliers en 2026" in varnish.get("/blog/piliers/").text
    assert varnish.get("/blog/sans-image/").hit


def test_an_author_refreshes_the_pages_naming_them(varnish, make_article, author, staff_user):
    make_article("Signé", slug="signe")
    warm(varnish, "/blog/signe/", f"/blog/auteur/{author.slug}/")
    author.name = "Camille Martin-Durand"
    author.save()
    assert "Camille Martin-Durand" in varnish.get("/blog/signe/").text
    assert "Camille Martin-Durand" in varnish.get(f"/blog/auteur/{author.slug}/").text


def test_an_edit_in_the_admin_reaches_readers_at_once(varnish, make_article, staff_user):
    """The whole path: an editor's save through the admin (its own transaction, ATOMIC
    requests or not), then readers through Varnish."""
    make_article("Avant la relecture", slug="relecture")
    article = Article.objects.get(slug="relecture")
    warm(varnish, "/blog/relecture/", "/blog/")
    editor = Client()
    editor.force_login(staff_user)
    data = change_data(editor, article)
    data["title"] = "Après la relecture"
    response = editor.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Après la relecture" in varnish.get("/blog/relecture/").text
    assert "Après la relecture" in varnish.get("/blog/").text
