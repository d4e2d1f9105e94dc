"""Reader pages: list, tag filters, tag pages, article, role page, drafts, errors."""

import markdown
import pytest
from django.utils import timezone

from articles.models import AlternativeTitle, Article, BackgroundItem, Mission, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(make_article, make_tag):
    ops, orga, data = (
        make_tag("ops", "L'Ops"),
        make_tag("organisation", "Organisation"),
        make_tag("data"),
    )
    return {
        "both": make_article("Ops et organisation", tags=[ops, orga], days_ago=1),
        "ops": make_article("Seulement ops", tags=[ops], days_ago=2),
        "data": make_article("Données", tags=[data], days_ago=3),
        "draft": make_article("Brouillon ops", tags=[ops], status=Article.Status.DRAFT),
        "future": make_article("Futur ops", tags=[ops], days_ago=-3),
    }


@pytest.fixture
def article_with_roles(make_article, make_asset):
    article = make_article(
        "Les rôles d'une équipe",
        slug="roles-equipe",
        body="## Introduction\n\nAvant les rôles.\n\n[[roles]]\n\n## Conclusion\n\nAprès les rôles.",
        published_at=timezone.make_aware(timezone.datetime(2025, 11, 17, 9, 0)),
    )
    manager = Role.objects.create(
        article=article, order=1, title="Revenue Ops Manager", slug="revenue-ops-manager",
        nickname="le couteau suisse", image=make_asset(alt="Portrait du manager"),
        intro="Le **généraliste** de l'équipe.",
        dedicated_url="https://exemple.fr/manager", dedicated_label="Notre article sur ce rôle",
    )  # fmt: skip
    Mission.objects.create(role=manager, position=1, text="Définir les processus revenue")
    Mission.objects.create(role=manager, position=2, text="Administrer le CRM")
    BackgroundItem.objects.create(role=manager, kind="experience", text="Trois ans en Sales Ops")
    BackgroundItem.objects.create(role=manager, kind="certification", text="Admin HubSpot")
    AlternativeTitle.objects.create(
        role=manager, position=1, title="RevOps Manager", note="forme abrégée"
    )
    AlternativeTitle.objects.create(role=manager, position=2, title="Growth Ops Manager")
    Role.objects.create(
        article=article,
        order=2,
        title="Revenue Analyst",
        slug="revenue-analyst",
        nickname="la tour de contrôle",
    )
    return article


def test_home_leads_to_the_blog(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/blog/"


def test_list_shows_published_articles_newest_first(client, tagged):
    response = client.get("/blog/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Ops et organisation") < html.index("Seulement ops") < html.index("Données")
    assert "Brouillon ops" not in html and "Futur ops" not in html
    assert '<html lang="fr">' in html


def test_card_shows_date_in_french_reading_time_author_and_tags(client, tagged):
    Article.objects.filter(pk=tagged["both"].pk).update(
        published_at=timezone.make_aware(timezone.datetime(2025, 11, 17, 10, 0))
    )
    html = client.get("/blog/").content.decode()
    assert "17 novembre 2025" in html
    assert "1 min de lecture" in html
    assert "Camille Martin</a>" in html
    assert "L&#x27;Ops" in html or "L'Ops" in html


def test_tag_filter_requires_every_tag(client, tagged):
    """/blog/?tag=ops&tag=organisation lists only articles carrying both tags."""
    html = client.get("/blog/?tag=ops&tag=organisation").content.decode()
    assert "Ops et organisation" in html
    assert "Seulement ops" not in html and "Données" not in html


def test_active_filters_are_visible_and_removable(client, tagged):
    html = client.get("/blog/?tag=ops&tag=organisation").content.decode()
    assert "Filtres actifs" in html
    assert 'href="/blog/?tag=organisation"' in html  # removes ops
    assert 'href="/blog/?tag=ops"' in html  # removes organisation
    assert 'aria-current="true"' in html
    assert '<nav class="tag-filter" aria-label="Filtrer par tag">' in html


def test_tag_page_lists_the_tag_articles(client, tagged):
    response = client.get("/blog/tag/ops/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Articles : L&#x27;Ops" in html
    assert "Seulement ops" in html and "Données" not in html and "Brouillon ops" not in html


def test_unknown_tag_page_is_404(client, tagged):
    assert client.get("/blog/tag/inconnu/").status_code == 404


def test_empty_filter_result_offers_a_way_back(client, tagged):
    html = client.get("/blog/?tag=data&tag=ops").content.decode()
    assert "Aucun article pour ces filtres" in html
    assert 'href="/blog/">Voir tous les articles' in html


def test_list_is_paginated(client, make_article, settings):
    settings.ARTICLES_PER_PAGE = 2
    for number in range(5):
        make_article(f"Pagination {number}", days_ago=number + 1)
    html = client.get("/blog/?page=2").content.decode()
    assert "Pagination 2" in html and "Pagination 0" not in html
    assert 'aria-current="page">2<' in html
    assert '<meta name="robots" content="noindex">' in html


def test_article_page_shows_everything_with_roles_in_place(client, article_with_roles):
    response = client.get("/blog/roles-equipe/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1>") == 1 and "Les rôles d&#x27;une équipe" in html
    assert "17 novembre 2025" in html and "Camille Martin</a>" in html
    assert (
        html.index("Avant les rôles.")
        < html.index('id="role-revenue-ops-manager"')
        < html.index("Après les rôles.")
    )
    assert "le couteau suisse" in html and 'href="/blog/roles-equipe/revenue-ops-manager/"' in html
    assert 'href="#introduction"' in html and 'href="#role-revenue-analyst"' in html


def test_roles_follow_the_body_without_placeholder(client, make_article):
    article = make_article(slug="sans-marqueur", body="Texte seul.")
    Role.objects.create(article=article, title="Coach", slug="coach")
    html = client.get("/blog/sans-marqueur/").content.decode()
    assert html.index("Texte seul.") < html.index('<article class="role-card" id="role-coach">')


def test_role_page_shows_structured_fields(client, article_with_roles):
    response = client.get("/blog/roles-equipe/revenue-ops-manager/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "<h1>Revenue Ops Manager</h1>", "le couteau suisse", "<strong>généraliste</strong>",
        "Missions principales", "Définir les processus revenue", "Administrer le CRM",
        "Parcours type", "Trois ans en Sales Ops", "Admin HubSpot",
        "RevOps Manager", "forme abrégée", "Growth Ops Manager",
        'href="https://exemple.fr/manager">Notre article sur ce rôle',
        'href="/blog/roles-equipe/revenue-analyst/" rel="next"', "Retour à l'article",
        'alt="Portrait du manager"',
    ):  # fmt: skip
        assert text in html, text


def test_unknown_article_or_role_is_a_french_404(client, article_with_roles):
    for url in ("/blog/inconnu/", "/blog/roles-equipe/inconnu/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page introuvable" in response.content.decode()


def test_drafts_and_future_articles_are_invisible_to_readers_everywhere(client, tagged):
    """No listing, tag page, filter or detail page shows a draft or a scheduled article."""
    for article in (tagged["draft"], tagged["future"]):
        Role.objects.create(article=article, title="Rôle caché", slug="role-cache")
        assert client.get(article.get_absolute_url()).status_code == 404
        assert client.get(f"{article.get_absolute_url()}role-cache/").status_code == 404
    for url in ("/blog/", "/blog/tag/ops/", "/blog/?tag=ops"):
        html = client.get(url).content.decode()
        assert "Brouillon ops" not in html and "Futur ops" not in html


def test_staff_preview_of_a_draft_is_marked_and_not_cached(staff_client, tagged):
    response = staff_client.get(tagged["draft"].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aperçu réservé à l'équipe" in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["Cache-Control"] == "private, no-store"


def test_body_html_is_stored_not_rendered_per_request(client, article_with_roles, monkeypatch):
    """Requests never run Markdown."""

    def refuse(*args, **kwargs):
        raise AssertionError("Markdown rendered during a request")

    monkeypatch.setattr(markdown.Markdown, "convert", refuse)
    assert client.get("/blog/roles-equipe/").status_code == 200
    assert client.get("/blog/roles-equipe/revenue-ops-manager/").status_code == 200
    assert client.get("/blog/").status_code == 200
