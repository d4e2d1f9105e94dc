"""What readers get from issue 19 item 10: a call to action, « À lire aussi » in the reading
column, cards that keep the grid even, search extracts with the words marked, tag chips that
count the search's results, « Blog » current on tag pages."""

import re

import pytest

from roles.models import Role
from tests.html_validity import assert_valid_html
from tests.test_security import production

pytestmark = pytest.mark.django_db


def readable(html):
    return html.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture
def article(make_article, make_tag):
    ops = make_tag("ops", "L'Ops")
    article = make_article("Piloter le revenu", slug="piloter", tags=[ops])
    Role.objects.create(article=article, order=1, title="Analyste", slug="analyste")
    make_article("Un voisin", slug="voisin", tags=[ops])
    return article


def test_no_call_to_action_without_a_url(client, settings, article):
    settings.CTA_URL = ""
    for path in ("/blog/piloter/", "/blog/piloter/analyste/"):
        assert 'class="cta' not in client.get(path).content.decode()


def test_the_call_to_action_on_article_and_role_pages(client, settings, article):
    settings.CTA_URL = "https://exemple.fr/contact"
    for path in ("/blog/piloter/", "/blog/piloter/analyste/"):
        html = assert_valid_html(client.get(path), path)
        assert (
            '<a class="cta__button" href="https://exemple.fr/contact">Parler à un expert</a>'
            in html
        )
    settings.CTA_TEXT = "Prendre rendez-vous"
    html = client.get("/blog/piloter/").content.decode()
    assert ">Prendre rendez-vous</a>" in html
    assert "Parler à un expert" not in html
    # On the role page, the call to action comes after the role's content, before the other roles.
    html = client.get("/blog/piloter/analyste/").content.decode()
    assert html.index('class="cta"') < html.index('class="role-nav"')


def test_a_call_to_action_url_that_is_no_address_stops_the_start():
    result = production(
        "manage.py", "check", SITE_URL="https://blog.example.com", CTA_URL="javascript:alert(1)"
    )
    assert result.returncode != 0
    assert "CTA_URL must be an address" in result.stderr


def test_related_articles_are_inside_the_reading_column(client, article):
    html = client.get("/blog/piloter/").content.decode()
    related = html.index('<section class="related"')
    assert (
        html.index('<article class="article">')
        < related
        < html.index('</article>\n<p class="back-link"')
    )
    assert "À lire aussi" in html[related:]
    assert 'class="card-grid card-grid--column"' in html


def test_a_card_without_image_keeps_the_image_band(client, make_article):
    make_article("Sans image ni chapeau", slug="nu", excerpt="")
    html = client.get("/blog/").content.decode()
    card = html[html.index('<article class="card">') : html.index("</article>")]
    assert '<div class="card__image card__image--none" aria-hidden="true"></div>' in card
    assert "card__excerpt" not in card


def test_blog_is_the_current_section_on_tag_pages(client, article):
    nav = re.compile(r'<a href="/blog/"( aria-current="[a-z]+")?>Blog</a>')
    assert nav.search(client.get("/blog/").content.decode())[1] == ' aria-current="page"'
    assert nav.search(client.get("/blog/tag/ops/").content.decode())[1] == ' aria-current="true"'
    assert nav.search(client.get("/blog/roles/").content.decode())[1] is None


def test_search_results_show_the_passage_with_the_words_marked(client, make_article):
    make_article(
        "Un article sur les équipes",
        slug="equipes",
        excerpt="",
        body="## Début\n\nUn premier paragraphe sans le mot.\n\n"
        "Le **rôle** du pilote est de tenir les <b>tableaux</b> & les prévisions : un rôle clé.",
    )
    html = client.get("/blog/recherche/?q=ROLE+previsions").content.decode()
    card = html[html.index('<article class="card">') :]
    snippet = re.search(r'<p class="card__excerpt card__snippet">(.*?)</p>', card)[1]
    assert snippet.count("<mark>rôle</mark>") == 2
    assert "<mark>prévisions</mark>" in snippet
    assert "premier paragraphe" not in snippet
    assert (
        "&amp;" in snippet and "<b>" not in snippet
    )  # the text, escaped: only the marks are markup
    assert_valid_html(client.get("/blog/recherche/?q=ROLE+previsions"), "recherche")


def test_tag_chips_on_the_search_page_count_the_results(client, make_article, make_tag):
    ops, data = make_tag("ops", "L'Ops"), make_tag("data", "Data")
    make_article("Le pipeline des ventes", slug="pipeline", tags=[ops, data])
    make_article("Les rituels", slug="rituels", tags=[ops])
    make_article("Les outils", slug="outils", tags=[ops])
    blog = readable(client.get("/blog/").content.decode())
    assert re.search(r"L’Ops<span[^>]*>[^<]*</span> <span class=\"tag__count\">3", blog)
    html = readable(client.get("/blog/recherche/?q=pipeline").content.decode())
    nav = html[
        html.index('class="tag-filter"') : html.index("</nav>", html.index('class="tag-filter"'))
    ]
    assert re.search(r"L’Ops<span[^>]*>[^<]*</span> <span class=\"tag__count\">1", nav)
    assert re.search(r"Data<span[^>]*>[^<]*</span> <span class=\"tag__count\">1", nav)
    html = readable(client.get("/blog/recherche/?q=rituels").content.decode())
    assert "Data" not in html[html.index('class="tag-filter"') :].split("</nav>")[0]
