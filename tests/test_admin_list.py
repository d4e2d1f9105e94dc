"""The article list and form as an editor reads them: honest states (draft, scheduled, online,
taken down), a filter for each, a date hierarchy, and search that ignores accents and case."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from roles.models import Mission, Role
from tests.test_workflow import change_data

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)
LIST = "/admin/articles/article/"


@pytest.fixture(autouse=True)
def frozen():
    """The same « now » for every article made and every page read."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def states(make_article):
    """One article in each state an editor must tell apart."""
    draft = Article.Status.DRAFT
    return {
        "brouillon": make_article("Un brouillon en cours", slug="brouillon", status=draft),
        "programme": make_article(
            "Une parution programmée", slug="programme",
            published_at=datetime(2027, 1, 3, 9, 0, tzinfo=PARIS),
        ),
        "en-ligne": make_article("Un article en ligne", slug="en-ligne"),
        "ephemere": make_article(
            "Un article éphémère", slug="ephemere",
            unpublish_at=datetime(2027, 3, 1, 18, 30, tzinfo=PARIS),
        ),
        "depublie": make_article(
            "Un article retiré", slug="retire", days_ago=30,
            unpublish_at=datetime(2026, 11, 20, 8, 15, tzinfo=PARIS),
        ),
    }  # fmt: skip


def visible(html):
    """The page's text as read: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def cells(html):
    """The list's rows as {title: state text}."""
    rows = re.findall(r"<tr>.*?</tr>", html, re.S)
    found = {}
    for row in rows:
        title = re.search(r'<th class="field-title"><a [^>]*>([^<]+)</a>', row)
        state = re.search(r'<td class="field-publication">(.*?)</td>', row, re.S)
        if title and state:
            found[title.group(1)] = " ".join(re.sub(r"<[^>]+>", "", state.group(1)).split())
    return found


def test_the_list_says_where_each_article_stands(staff_client, states):
    """Scheduled reads « Programmé pour le 3 janvier 2027 à 09:00 » (Paris time, French
    date), never « Publié » beside a red cross."""
    html = staff_client.get(LIST).content.decode()
    assert cells(html) == {
        "Un brouillon en cours": "Brouillon",
        "Une parution programmée": "Programmé pour le 3 janvier 2027 à 09:00",
        "Un article en ligne": "En ligne depuis le 30 novembre 2026",
        "Un article éphémère": "En ligne depuis le 30 novembre 2026, jusqu&#x27;au 1er mars 2027 à 18:30",
        "Un article retiré": "Dépublié le 20 novembre 2026 à 08:15",
    }
    assert "icon-no.svg" not in html and "icon-yes.svg" not in html
    assert '<span class="publication publication--programme">Programmé</span> pour le' in html


def test_the_form_says_it_too(staff_client, states):
    """The change form shows the same state above the status and date fields."""
    scheduled = states["programme"]
    html = staff_client.get(f"{LIST}{scheduled.pk}/change/").content.decode()
    assert "État : Programmé pour le 3 janvier 2027 à 09:00" in visible(html)
    assert html.index("publication--programme") < html.index('name="status"')
    assert "Publié (en ligne à sa date de publication)" in html
    html = staff_client.get(f"{LIST}{states['depublie'].pk}/change/").content.decode()
    assert "Dépublié le 20 novembre 2026 à 08:15" in visible(html)
    html = staff_client.get(f"{LIST}add/").content.decode()
    assert "Brouillon (pas encore enregistré)" in html


@pytest.mark.parametrize(
    "value, titles",
    [
        ("brouillon", {"Un brouillon en cours"}),
        ("programme", {"Une parution programmée"}),
        ("en-ligne", {"Un article en ligne", "Un article éphémère"}),
        ("depublie", {"Un article retiré"}),
    ],
)
def test_the_state_filter_offers_each_state(staff_client, states, value, titles):
    """Each state is a choice of the filter, and lists exactly its articles."""
    html = staff_client.get(LIST).content.decode()
    for choice, label in (("brouillon", "Brouillon"), ("programme", "Programmé"),
                          ("en-ligne", "En ligne"), ("depublie", "Dépublié")):  # fmt: skip
        assert f'<a href="?etat={choice}">{label}</a>' in html
    assert set(cells(staff_client.get(LIST, {"etat": value}).content.decode())) == titles


def test_an_article_published_without_a_date_is_called_a_draft(staff_client, make_article):
    """Nobody sees it: the list does not call it online (it is filed with the drafts)."""
    make_article("Sans date", slug="sans-date", published_at=None)
    assert cells(staff_client.get(LIST).content.decode()) == {
        "Sans date": "Brouillon (publié sans date)"
    }
    assert set(cells(staff_client.get(LIST, {"etat": "brouillon"}).content.decode())) == {
        "Sans date"
    }


def test_the_list_has_a_date_hierarchy(staff_client, states):
    """Years, then months, of publication: a scheduled year is one click away."""
    html = staff_client.get(LIST).content.decode()
    nav = re.search(r'<nav class="toplinks">(.*?)</nav>', html, re.S).group(1)
    assert "published_at__year=2027" in nav and "published_at__year=2026" in nav
    html = staff_client.get(LIST, {"published_at__year": "2027"}).content.decode()
    assert set(cells(html)) == {"Une parution programmée"}
    assert "janvier" in html  # months named in French


def test_publishing_needs_a_date_and_an_unpublish_date_after_it(staff_client, make_article):
    """Otherwise « Publié » would never be seen: the form says so, on the field."""
    article = make_article("Bientôt en ligne", slug="bientot", status=Article.Status.DRAFT)
    data = change_data(staff_client, article)
    data.update(status="published", published_at_0="", published_at_1="")
    html = staff_client.post(f"{LIST}{article.pk}/change/", data).content.decode()
    assert "Indiquez la date de publication" in html
    data = change_data(staff_client, article)
    data.update(unpublish_at_0="01/01/2020", unpublish_at_1="09:00:00")
    html = staff_client.post(f"{LIST}{article.pk}/change/", data).content.decode()
    assert "La date de dépublication doit suivre la date de publication" in html


def test_publish_now_brings_back_an_article_past_its_unpublish_date(staff_client, states, make_tag):
    """« Publier maintenant » on a taken-down article puts it online, as it says."""
    article = states["depublie"]
    article.tags.add(make_tag("ops"))
    response = staff_client.post(
        LIST, {"action": "publish_now", "_selected_action": [article.pk]}, follow=True
    )
    assert "1 article(s) publié(s)." in response.content.decode()
    article.refresh_from_db()
    assert article.is_published() and article.unpublish_at is None


@pytest.mark.parametrize("size", [2, 6])
def test_list_queries_do_not_grow_with_articles_tags_or_filters(
    staff_client, make_article, make_tag, size
):
    """Two or six articles, each with as many tags and roles: the same number of queries."""
    tags = [make_tag(f"tag-{n}", f"Étiquette {n}") for n in range(size)]
    for number in range(size):
        article = make_article(slug=f"a-{number}", tags=tags)
        for r in range(size):
            Role.objects.create(article=article, order=r, title=f"Rôle {r}", slug=f"r-{r}")
    counts = []
    for params in ({}, {"etat": "en-ligne"}, {"q": "article"}):
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(LIST, params).status_code == 200
        counts.append(len(queries))
    # session, user, the filters' authors and tags, count, full count, page, its tags, the
    # date hierarchy's range and dates, the page's roles (their images, for « points à
    # revoir »): a new column cannot quietly add a query per row.
    assert counts == EXPECTED_LIST_QUERIES


EXPECTED_LIST_QUERIES = [11, 11, 11]


# --- Search ----------------------------------------------------------------------------------


@pytest.fixture
def corpus(make_article, committed):
    """« prévisions » in a title, a description, a body and a role's mission."""
    make_article("Les prévisions de revenus", slug="titre")
    make_article("Un tableau de bord", slug="description", description="Des prévisions fiables.")
    make_article("Le pipeline", slug="corps", body="## Méthode\n\nNos PRÉVISIONS trimestrielles.")
    with_role = make_article("Les rôles", slug="role")
    with committed():  # indexed once the role page's save commits
        role = Role.objects.create(article=with_role, title="Revenue Analyst", slug="analyst")
        Mission.objects.create(role=role, position=1, text="Bâtir les prévisions")
    make_article("Sans rapport", slug="autre", body="Rien à voir.")


def found(client, query):
    return set(cells(client.get(LIST, {"q": query}).content.decode()))


EVERYWHERE = {"Les prévisions de revenus", "Un tableau de bord", "Le pipeline", "Les rôles"}


@pytest.mark.parametrize("query", ["prévisions", "previsions", "PRÉVISIONS", "Previsions"])
def test_search_ignores_accents_and_case(staff_client, corpus, query):
    """Title, description, body and roles: the same four articles whatever the spelling."""
    assert found(staff_client, query) == EVERYWHERE


def test_search_needs_every_word_and_keeps_quoted_phrases(staff_client, corpus):
    assert found(staff_client, "previsions revenus") == {"Les prévisions de revenus"}
    assert found(staff_client, '"batir les previsions"') == {"Les rôles"}
    assert found(staff_client, "prévi") == EVERYWHERE  # a word's start is enough
    assert found(staff_client, "introuvable") == set()


def test_search_matches_straight_and_typographic_apostrophes(staff_client, make_article):
    make_article("L’équipe d’Ops", slug="typo")
    make_article("L'équipe d'Ops", slug="droit")
    both = {"L’équipe d’Ops", "L&#x27;équipe d&#x27;Ops"}
    assert found(staff_client, "l'equipe") == both
    assert found(staff_client, "l’EQUIPE") == both


def test_search_box_says_how_it_searches(staff_client, corpus):
    html = staff_client.get(LIST).content.decode()
    assert "accents et majuscules indifférents" in html


def test_role_admin_search_ignores_accents_too(staff_client, corpus):
    html = staff_client.get("/admin/roles/role/", {"q": "BATIR"}).content.decode()
    assert "Revenue Analyst" in html
    html = staff_client.get("/admin/roles/role/", {"q": "roles"}).content.decode()
    assert "Revenue Analyst" in html  # found by its article's title, « Les rôles »


def test_article_autocomplete_ignores_accents(staff_client, corpus):
    """The role page's article picker searches the same way."""
    response = staff_client.get(
        "/admin/autocomplete/",
        {"app_label": "roles", "model_name": "role", "field_name": "article",
         "term": "PREVISIONS"},
    )  # fmt: skip
    assert response.status_code == 200
    assert {r["text"] for r in response.json()["results"]} == EVERYWHERE


def test_scheduled_dates_are_read_in_paris_time(staff_client, make_article):
    """A date stored in UTC is shown as the editor scheduled it, in the site's time zone."""
    make_article("À l'heure d'été", slug="ete",
                 published_at=datetime(2027, 7, 1, 7, 0, tzinfo=ZoneInfo("UTC")))  # fmt: skip
    html = staff_client.get(LIST).content.decode()
    assert "Programmé pour le 1er juillet 2027 à 09:00" in visible(html)


def test_article_state_follows_the_clock(make_article):
    """The state is not stored: time moves a scheduled article online, then down."""
    article = make_article(
        "Au fil du temps", slug="temps", published_at=NOW + timedelta(hours=1),
        unpublish_at=NOW + timedelta(hours=2),
    )  # fmt: skip
    assert article.publication_state() == Article.State.SCHEDULED
    with time_machine.travel(NOW + timedelta(minutes=90), tick=False):
        assert article.publication_state() == Article.State.ONLINE
        assert list(Article.objects.published()) == [article]
    with time_machine.travel(NOW + timedelta(hours=3), tick=False):
        assert article.publication_state() == Article.State.TAKEN_DOWN
        assert list(Article.objects.taken_down()) == [article]
