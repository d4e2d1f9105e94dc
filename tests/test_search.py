"""Search: accents and case ignored, titles first, role pages listed, tags combinable, hostile input."""

import re

import pytest
from django.db import connection

from articles.models import Article
from articles.registry import content_models
from roles.models import AlternativeTitle, Mission, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(make_article, make_tag, committed):
    ops, data = make_tag("ops", "L'Ops"), make_tag("data", "Data")
    in_title = make_article("Le rôle du manager", slug="titre", tags=[ops], days_ago=9,
                            body="Un texte sans le mot.")  # fmt: skip
    in_body = make_article("Organisation", slug="corps", tags=[ops, data], days_ago=1,
                           body="Chaque rôle compte dans l'équipe.")  # fmt: skip
    make_article("Sans rapport", slug="autre", body="Rien à voir ici.", days_ago=2)
    make_article("Brouillon rôle", slug="brouillon", status=Article.Status.DRAFT)
    make_article("Futur rôle", slug="futur", days_ago=-3)
    with committed():
        role = Role.objects.create(article=in_body, title="Revenue Analyst", slug="analyste",
                                   nickname="la tour de contrôle")  # fmt: skip
        Mission.objects.create(role=role, position=1, text="Élaborer les prévisions trimestrielles")
        AlternativeTitle.objects.create(role=role, position=1, title="Sales Forecast Analyst")
    return {"title": in_title, "body": in_body, "role": role}


def results(client, **params):
    html = client.get("/blog/recherche/", params).content.decode()
    articles = re.findall(r'class="card__title"><a href="/blog/([^/]+)/"', html)
    roles = re.findall(
        r'class="result result--role"><span class="result__kind">Rôle</span> <a href="([^"]+)"',
        html,
    )
    return articles, roles, html


@pytest.mark.parametrize("q", ["role", "rôle", "RÔLE", "Role"])
def test_accents_and_case_do_not_matter_and_titles_come_first(client, corpus, q):
    articles, _, _ = results(client, q=q)
    assert articles == ["titre", "corps"]  # the title hit first, although older


def test_drafts_and_future_articles_are_never_found(client, corpus):
    articles, _, html = results(client, q="rôle")
    assert "brouillon" not in articles and "futur" not in articles
    assert "Brouillon rôle" not in html and "Futur rôle" not in html


@pytest.mark.parametrize(
    "q", ["tour de controle", "previsions", "forecast", "revenue analyst", "CONTRÔLE"]
)
def test_roles_are_found_by_title_nickname_mission_and_alternative_title(client, corpus, q):
    _, roles, html = results(client, q=q)
    assert roles == ["/blog/corps/analyste/"]
    assert "dans « Organisation »" in html


def test_every_word_must_match(client, corpus):
    articles, _, _ = results(client, q="rôle manager")
    assert articles == ["titre"]


def test_search_combines_with_tag_filters(client, corpus):
    articles, _, html = results(client, q="rôle", tag="data")
    assert articles == ["corps"]
    assert 'href="/blog/recherche/?q=r%C3%B4le"' in html  # removing the filter keeps the query


def test_empty_query_shows_the_form_and_no_results(client, corpus):
    articles, roles, html = results(client, q="   ")
    assert articles == [] and roles == []
    assert "Tapez un ou plusieurs mots" in html


def test_no_result_says_so_with_a_way_back(client, corpus):
    _, _, html = results(client, q="introuvable")
    assert "Aucun résultat pour « introuvable »" in html
    assert 'href="/blog/">Voir tous les articles' in html


@pytest.mark.parametrize(
    "q",
    [
        "<script>alert(1)</script>",
        "rôle\x00 manager",
        "x" * 5000,
        "' OR 1=1 --",
        "%_%",
        "a & b | !c",
        "(((",
    ],
)
def test_hostile_queries_give_a_clean_page(client, corpus, q):
    response = client.get("/blog/recherche/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    if q == "%_%":
        assert re.findall(r'class="card__title"', html) == []  # LIKE wildcards are literal


def test_null_byte_is_dropped_not_an_error(client, corpus):
    articles, _, _ = results(client, q="rôle\x00 manager")
    assert articles == ["titre"]


def test_many_parameters_do_not_break_the_page(client, corpus):
    query = "&".join(f"tag=t{n}" for n in range(900)) + "&q=r%C3%B4le"
    response = client.get(f"/blog/recherche/?{query}")
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("q", ["l'équipe", "l’équipe", "L'EQUIPE", "equipe"])
def test_either_apostrophe_finds_text_shown_with_the_typographic_one(client, corpus, q):
    """The body reads « l’équipe » (typographic apostrophe); a reader types either one."""
    assert "dans l’équipe" in client.get(corpus["body"].get_absolute_url()).content.decode()
    articles, _, _ = results(client, q=q)
    assert articles == ["corps"]


def test_pages_follow_titles_first_then_dates_across_the_boundary(client, make_article, settings):
    """Every page of results continues the same order: the title matches newest first, then
    the text matches newest first, whatever page the change from one to the other falls on."""
    settings.ARTICLES_PER_PAGE = 2
    for n in range(3):
        make_article(f"Pipeline {n}", slug=f"titre-{n}", days_ago=10 + n, body="Rien.")
    for n in range(4):
        make_article(f"Texte {n}", slug=f"texte-{n}", days_ago=n + 1, body="Un pipeline ici.")
    make_article("Sans rapport", slug="autre", body="Rien à voir.")
    pages = [results(client, q="pipeline", page=page)[0] for page in range(1, 5)]
    assert pages == [
        ["titre-0", "titre-1"],
        ["titre-2", "texte-0"],
        ["texte-1", "texte-2"],
        ["texte-3"],
    ]


def test_role_results_list_title_matches_then_their_articles_oldest_first(
    client, make_article, committed
):
    old, new = (
        make_article(f"Article {n}", slug=f"a-{n}", days_ago=d) for n, d in ((1, 9), (2, 2))
    )
    with committed():
        for article in (new, old):
            Role.objects.create(article=article, title="Analyste", slug="analyste", order=1,
                                intro="Un pipeline suivi.")  # fmt: skip
            Role.objects.create(article=article, title="Pipeline", slug="pipeline", order=2)
    _, roles, _ = results(client, q="pipeline")
    assert roles == [
        "/blog/a-1/pipeline/",
        "/blog/a-2/pipeline/",
        "/blog/a-1/analyste/",
        "/blog/a-2/analyste/",
    ]


def test_text_matches_follow_the_date_on_either_database(client, make_article):
    """After the title matches (ranked on PostgreSQL), the text matches come newest first on
    both databases, however often the word appears in an older one."""
    make_article("Vieux", slug="vieux", days_ago=9, body=" ".join(["Pipeline."] * 30))
    make_article("Récent", slug="recent", days_ago=1, body="Un pipeline, une fois.")
    make_article("Pipeline en titre", slug="titre", days_ago=20, body="Rien.")
    articles, _, _ = results(client, q="pipeline")
    assert articles == ["titre", "recent", "vieux"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's title index")
def test_every_searchable_kind_has_its_title_index_after_migrate():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_indexes WHERE indexname LIKE '%_search_title_gin'")
        indexed = {table for (table,) in cursor.fetchall()}
    assert {model._meta.db_table for model in content_models()} <= indexed
