"""Series: an article's place on its page (position, neighbours, the other parts), the series'
pages, feeds, sitemap and JSON-LD, the blog's « Podcasts » filter, the cache, and the admin."""

import json
import re

import pytest
from django.core.cache import caches

from articles.models import Article
from articles.workflow import duplicate
from series.models import Series, SeriesEntry
from tests.html_forms import page_form
from tests.test_history import restore_form_data
from tests.test_workflow import change_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def podcast(make_article, committed):
    """A podcast of three published episodes and a draft, in order."""
    with committed():
        series = Series.objects.create(
            title="Le podcast RevOps",
            slug="podcast-revops",
            kind=Series.Kind.PODCAST,
            description="Les coulisses des équipes RevOps.",
        )
    episodes = []
    for number in range(1, 4):
        article = make_article(f"Épisode sur le sujet {number}", days_ago=10 - number)
        episodes.append(article)
        with committed():
            SeriesEntry.objects.create(series=series, article=article, position=number * 10)
    draft = make_article("Brouillon d’épisode", status=Article.Status.DRAFT)
    with committed():
        SeriesEntry.objects.create(series=series, article=draft, position=25)
    return series, episodes, draft


@pytest.fixture
def course(make_article, committed):
    with committed():
        series = Series.objects.create(title="Parcours CRM", slug="parcours-crm")
    parts = [make_article(f"Partie CRM {n}") for n in range(1, 6)]
    with committed():
        for number, article in enumerate(parts):
            SeriesEntry.objects.create(series=series, article=article, position=number)
    return series, parts


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def posting_of(html):
    for block in json_ld(html):
        for item in block if isinstance(block, list) else [block]:
            if item.get("@type") == "BlogPosting":
                return item
    raise AssertionError("no BlogPosting")


def test_episode_page_shows_its_position_and_neighbours(client, podcast):
    """The second episode: « Épisode 2 sur 3 », the first before, the third after, all three
    listed, itself marked current; the draft is not counted."""
    series, episodes, draft = podcast
    html = client.get(episodes[1].get_absolute_url()).content.decode()
    assert "Épisode 2 sur 3" in html
    assert "Le podcast RevOps" in html
    assert f'href="{episodes[0].get_absolute_url()}" rel="prev"' in html
    assert f'href="{episodes[2].get_absolute_url()}" rel="next"' in html
    assert "Épisode précédent" in html and "Épisode suivant" in html
    assert f'href="{episodes[1].get_absolute_url()}" aria-current="page"' in html
    assert "Tous les épisodes (3)" in html
    assert draft.title not in html


def test_course_part_says_partie(client, course):
    series, parts = course
    html = client.get(parts[1].get_absolute_url()).content.decode()
    assert "Partie 2 sur 5" in html
    assert "Partie précédente" in html and "Partie suivante" in html
    first = client.get(parts[0].get_absolute_url()).content.decode()
    assert "Partie 1 sur 5" in first and 'rel="prev"' not in first


def test_article_outside_a_series_is_unchanged(client, make_article):
    article = make_article("Seul")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "series-nav" not in html and "isPartOf" not in html


def test_json_ld_is_part_of_the_series(client, podcast, course):
    """A podcast's episode is part of a PodcastSeries, a course's part of a CreativeWorkSeries,
    with their names and addresses."""
    series, episodes, _ = podcast
    posting = posting_of(client.get(episodes[0].get_absolute_url()).content.decode())
    assert posting["isPartOf"]["@type"] == "PodcastSeries"
    assert posting["isPartOf"]["name"] == "Le podcast RevOps"
    assert posting["isPartOf"]["url"].endswith("/series/podcast-revops/")
    course_series, parts = course
    posting = posting_of(client.get(parts[0].get_absolute_url()).content.decode())
    assert posting["isPartOf"]["@type"] == "CreativeWorkSeries"
    assert posting["isPartOf"]["name"] == "Parcours CRM"


def test_series_page_lists_its_parts_in_order(client, podcast):
    series, episodes, draft = podcast
    response = client.get("/series/podcast-revops/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Le podcast RevOps</h1>" in html
    assert "Les coulisses des équipes RevOps." in html
    positions = [html.index(e.title) for e in episodes]
    assert positions == sorted(positions)
    assert "Épisode 1" in html and "Épisode 3" in html
    assert draft.title not in html
    assert '<time datetime="' in html
    assert 'href="/series/podcast-revops/flux/rss/"' in html


def test_unknown_series_is_404(client):
    assert client.get("/series/inconnue/").status_code == 404


def test_series_index(client, podcast, course):
    html = client.get("/series/").content.decode()
    assert "<h1>Les séries</h1>" in html
    assert "Le podcast RevOps" in html and "Parcours CRM" in html
    assert "3 épisodes" in html and "5 parties" in html


def nav_links(html):
    """The site navigation's links as (text, href, aria-current or None)."""
    nav = re.search(r'<nav aria-label="Navigation principale">(.*?)</nav>', html, re.S).group(1)
    return [
        (label, href, current or None)
        for href, current, label in re.findall(
            r'<a href="([^"]+)"(?: aria-current="([^"]+)")?>([^<]+)</a>', nav
        )
    ]


def test_the_navigation_links_to_the_series_and_the_case_studies(client, podcast):
    """Every page's navigation has « Séries » and « Études de cas »; the link is the current
    page on /series/, and marks its section on a series' page."""
    series, episodes, _ = podcast
    links = nav_links(client.get("/blog/").content.decode())
    assert ("Séries", "/series/", None) in links
    assert ("Études de cas", "/clients/", None) in links
    assert ("Séries", "/series/", "page") in nav_links(client.get("/series/").content.decode())
    on_series = nav_links(client.get(series.get_absolute_url()).content.decode())
    assert ("Séries", "/series/", "true") in on_series
    assert ("Études de cas", "/clients/", None) in on_series


def test_feeds_list_the_episodes_in_order(client, podcast):
    series, episodes, draft = podcast
    rss = client.get("/series/podcast-revops/flux/rss/")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    titles = re.findall(r"<item><title>(.*?)</title>", body)
    assert titles == [f"Épisode {n} : Épisode sur le sujet {n}" for n in (1, 2, 3)]
    assert draft.title not in body
    atom = client.get("/series/podcast-revops/flux/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert atom.content.decode().count("<entry>") == 3


def test_sitemap_lists_the_series(client, podcast):
    body = client.get("/sitemap.xml").content.decode()
    assert "/series/podcast-revops/</loc>" in body


def test_blog_filters_podcasts_in_one_click(client, podcast, course, make_article):
    """The chip on /blog/ leads to the articles of podcast series only."""
    series, episodes, _ = podcast
    alone = make_article("Un article seul")
    html = client.get("/blog/").content.decode()
    assert 'href="/blog/?type=podcast"' in html and ">Podcasts<" in html
    filtered = client.get("/blog/?type=podcast").content.decode()
    assert "<h1>Les podcasts</h1>" in filtered
    for episode in episodes:
        assert episode.title in filtered
    assert alone.title not in filtered
    assert "Partie CRM 1" not in filtered
    assert 'aria-current="true">Podcasts' in filtered
    assert '<meta name="robots" content="noindex">' in filtered


def test_editing_the_series_shows_at_once(client, settings, podcast, committed):
    """With the page cache on, renaming the series or reordering it is seen at once on its page
    and on its articles' pages."""
    settings.PAGE_CACHE_SECONDS = 3600
    caches["default"].clear()
    series, episodes, _ = podcast
    url = episodes[0].get_absolute_url()
    assert "Épisode 1 sur 3" in client.get(url).content.decode()
    assert "Le podcast RevOps" in client.get("/series/podcast-revops/").content.decode()
    with committed():
        series.title = "Le nouveau podcast"
        series.save()
    assert "Le nouveau podcast" in client.get(url).content.decode()
    assert "Le nouveau podcast" in client.get("/series/podcast-revops/").content.decode()
    with committed():
        SeriesEntry.objects.filter(article=episodes[0]).update(position=99)
        SeriesEntry.objects.get(article=episodes[0]).save()
    assert "Épisode 3 sur 3" in client.get(url).content.decode()


def test_episode_page_queries(
    client, podcast, make_tag, django_assert_num_queries, django_assert_max_num_queries
):
    """An episode page renders cold in twelve queries at most: the article's, plus one for its
    series (its place and series are joined to the article's query)."""
    series, episodes, _ = podcast
    tags = [make_tag("podcast"), make_tag("crm")]
    for episode in episodes:
        episode.tags.set(tags)
    # An article page's own (tests/test_queries.py), its place and series joined to the
    # article's query, plus one: the series' published parts.
    with django_assert_num_queries(9), django_assert_max_num_queries(12):
        response = client.get(episodes[1].get_absolute_url())
    assert response.status_code == 200
    assert "Épisode 2 sur 3" in response.content.decode()


def test_series_page_queries(client, podcast, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/series/podcast-revops/").status_code == 200


def test_duplicate_leaves_the_copy_outside_the_series(podcast):
    """A copy is a draft of its own: the original keeps its place, the copy has none."""
    series, episodes, _ = podcast
    copy_ = duplicate(episodes[0])
    assert not SeriesEntry.objects.filter(article=copy_).exists()
    assert SeriesEntry.objects.filter(article=episodes[0]).exists()


# --- The admin ----------------------------------------------------------------------------


def change_url(series):
    return f"/admin/series/series/{series.pk}/change/"


def test_admin_index_has_a_series_section(staff_client):
    html = staff_client.get("/admin/").content.decode()
    assert "Séries" in html and 'href="/admin/series/series/"' in html


def test_admin_series_page_lists_its_articles_in_order(staff_client, podcast):
    series, episodes, draft = podcast
    html = staff_client.get(change_url(series)).content.decode()
    assert "Articles de la série, dans l’ordre" in html
    assert "js/admin-series.js" in html
    titles = [episodes[0].title, episodes[1].title, draft.title, episodes[2].title]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)


def test_admin_reorders_the_articles(staff_client, podcast):
    """The order saved is the order sent (what the page's buttons and dragging renumber), and
    the article pages follow."""
    series, episodes, draft = podcast
    data = page_form(staff_client, change_url(series))
    rows = {data[f"entries-{i}-article"][0]: i for i in range(int(data["entries-TOTAL_FORMS"][0]))}
    new_order = [episodes[2], episodes[0], episodes[1], draft]
    for position, article in enumerate(new_order, start=1):
        data[f"entries-{rows[str(article.pk)]}-position"] = [str(position)]
    response = staff_client.post(change_url(series), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(series.entries.values_list("article_id", flat=True)) == [a.pk for a in new_order]
    staff_client.logout()
    assert "Épisode 1 sur 3" in staff_client.get(episodes[2].get_absolute_url()).content.decode()


def test_admin_refuses_an_article_in_two_series(staff_client, podcast, course):
    """An article already in another series: a clear French error, nothing saved."""
    series, episodes, _ = podcast
    course_series, parts = course
    data = page_form(staff_client, change_url(series))
    total = int(data["entries-TOTAL_FORMS"][0])
    data["entries-TOTAL_FORMS"] = [str(total + 1)]
    data[f"entries-{total}-article"] = [str(parts[0].pk)]
    data[f"entries-{total}-position"] = ["50"]
    data[f"entries-{total}-series"] = [str(series.pk)]
    response = staff_client.post(change_url(series), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "est déjà dans la série « Parcours CRM »" in html
    assert "un article ne peut être que dans une seule série" in html
    assert SeriesEntry.objects.get(article=parts[0]).series == course_series


def test_admin_list_in_french(staff_client, podcast):
    html = staff_client.get("/admin/series/series/").content.decode()
    assert "Le podcast RevOps" in html and "Podcast" in html


def test_admin_preview_of_an_episode_shows_its_place(staff_client, podcast):
    """The article's « Aperçu » shows its place in the series, as stored (the article's form
    does not edit it)."""
    series, episodes, _ = podcast
    article = episodes[1]
    data = change_data(staff_client, article)
    data["title"] = "Un titre en cours de modification"
    response = staff_client.post(f"/admin/articles/article/{article.pk}/apercu/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Un titre en cours de modification" in html
    assert "Épisode 2 sur 3" in html


def test_restoring_an_episode_keeps_its_place(staff_client, podcast):
    """A restore brings the article's text back and leaves its place in the series alone (a
    place keeps no versions)."""
    series, episodes, _ = podcast
    article = episodes[0]
    first = article.history.latest("history_date")
    article.refresh_from_db()
    article.title = "Un autre titre"
    article.save()
    url = f"/admin/articles/article/{article.pk}/history/{first.history_id}/"
    page = staff_client.get(url)
    assert page.status_code == 200
    assert staff_client.post(url, restore_form_data(staff_client, url)).status_code == 302
    restored = Article.objects.get(pk=article.pk)
    assert restored.title == "Épisode sur le sujet 1"
    assert SeriesEntry.objects.get(article=restored).series == series


def test_series_page_shows_its_image(client, podcast, make_asset, committed):
    """The series' image on its page and for sharing (absolute address, alt text)."""
    series, _, _ = podcast
    with committed():
        series.image = make_asset(alt="Micro de studio")
        series.save()
    html = client.get("/series/podcast-revops/").content.decode()
    assert 'alt="Micro de studio"' in html
    assert re.search(r'<meta property="og:image" content="https?://[^"]+"', html)
