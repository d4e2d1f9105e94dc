"""Reader pages: list, tag filters, tag pages, article, role page, drafts, errors."""

import html as html_module
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone
from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock

from articles.models import Article
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role

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
    assert "L’Ops" in html


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
    assert "<h1>Articles sur «\u202fL’Ops\u202f»</h1>" in html
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
        'href="/blog/roles-equipe/revenue-analyst/" rel="next"', "Retour à l’article",
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
    assert "Aperçu réservé à l’équipe" in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["Cache-Control"] == "private, no-store"


def test_body_html_is_stored_not_rendered_per_request(client, article_with_roles, monkeypatch):
    """Requests never run Markdown."""

    def refuse(*args, **kwargs):
        raise AssertionError("Markdown rendered during a request")

    monkeypatch.setattr(MarkdownIt, "parse", refuse)
    monkeypatch.setattr(ParserBlock, "parse", refuse)  # `articles.fences` reads blocks only
    assert client.get("/blog/roles-equipe/").status_code == 200
    assert client.get("/blog/roles-equipe/revenue-ops-manager/").status_code == 200
    assert client.get("/blog/").status_code == 200


# --- Reader-side fixes (issue 13, point 9) -------------------------------------------------


def toc_links(html):
    """The table of contents' link texts, in page order."""
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.DOTALL).group()
    return [
        html_module.unescape(text) for text in re.findall(r"<a href=\"#[^\"]+\">([^<]+)</a>", toc)
    ]


def test_table_of_contents_puts_the_roles_where_the_body_shows_them(client, article_with_roles):
    """Headings before the `[[roles]]` slot come before « Les rôles », those after it after."""
    html = client.get(article_with_roles.get_absolute_url()).content.decode()
    assert toc_links(html) == [
        "Introduction", "Les rôles", "Revenue Ops Manager", "Revenue Analyst", "Conclusion",
    ]  # fmt: skip
    assert html.index('id="introduction"') < html.index('id="roles-title"')
    assert html.index('id="roles-title"') < html.index('id="conclusion"')


def test_table_of_contents_without_a_slot_ends_with_the_roles(client, article_with_roles):
    """With no slot the roles follow the body: so does their entry; a subsection cut by the
    slot keeps its place in page order."""
    article_with_roles.body = "## Un\n\n### Un.a\n\nTexte.\n\n## Deux\n\nTexte."
    article_with_roles.save()
    html = client.get(article_with_roles.get_absolute_url()).content.decode()
    assert toc_links(html) == ["Un", "Un.a", "Deux", "Les rôles", "Revenue Ops Manager",
                               "Revenue Analyst"]  # fmt: skip
    article_with_roles.body = "## Un\n\n### Un.a\n\n[[roles]]\n\n### Un.b\n\n## Deux"
    article_with_roles.save()
    html = client.get(article_with_roles.get_absolute_url()).content.decode()
    assert toc_links(html) == ["Un", "Un.a", "Les rôles", "Revenue Ops Manager",
                               "Revenue Analyst", "Un.b", "Deux"]  # fmt: skip


LONG_INTRO = (
    "Le Revenue Ops Manager pilote les processus de revenus de bout en bout. Il aligne le "
    "marketing, les ventes et le service client autour des mêmes données et des mêmes "
    "objectifs.\n\nIl choisit les outils, définit les règles de gestion et mesure chaque "
    "étape du cycle : prospection, conversion, fidélisation et renouvellement des contrats."
)


def card_of(html, slug):
    return re.search(
        rf'<article class="role-card" id="role-{slug}">.*?</article>', html, re.DOTALL
    ).group()


def test_role_card_cuts_its_intro_at_a_word_with_an_ellipsis(client, article_with_roles):
    """A long intro ends, on the card, on a whole word followed by « … », in its paragraph."""
    role = article_with_roles.roles.get(slug="revenue-ops-manager")
    role.intro = LONG_INTRO
    role.save()
    card = card_of(client.get(article_with_roles.get_absolute_url()).content.decode(), role.slug)
    intro = re.search(r'<div class="role-card__intro">(.*?)</div>', card, re.DOTALL).group(1)
    text = re.sub(r"<[^>]+>", "", intro).strip()
    assert text.endswith("…") and not text.endswith(" …") and "<p> …</p>" not in intro
    assert len(text.split()) == 45
    last_word = text.split()[-1].rstrip("…")
    assert last_word in LONG_INTRO.split() or last_word + "," in LONG_INTRO.split()
    assert intro.count("<p>") == intro.count("</p>")
    # Short intros stay whole, without an ellipsis.
    analyst = article_with_roles.roles.get(slug="revenue-analyst")
    analyst.intro = "Il lit les chiffres."
    analyst.save()
    card = card_of(client.get(article_with_roles.get_absolute_url()).content.decode(), analyst.slug)
    assert "<p>Il lit les chiffres.</p>" in card and "…" not in card


def test_role_card_leaves_out_a_player_of_the_intro(client, article_with_roles):
    """A player (or an image) in a role's intro shows on the role page, never half cut on the
    card: the card keeps the text."""
    role = article_with_roles.roles.get(slug="revenue-ops-manager")
    role.intro = (
        'Une démo en vidéo.\n\n{% youtubePlayer id="dQw4w9WgXcQ" title="La démo du rôle, '
        + "très longue " * 30
        + '" /%}\n\nEt la suite du texte.'
    )
    role.save()
    card = card_of(client.get(article_with_roles.get_absolute_url()).content.decode(), role.slug)
    assert "data-embed" not in card and "<figure" not in card and "<button" not in card
    assert "Une démo en vidéo." in card and "Et la suite du texte." in card
    assert "data-embed" in client.get(role.get_absolute_url()).content.decode()


def test_role_card_link_elides_de_before_a_vowel(client, article_with_roles):
    """« Découvrir le rôle d’Enablement Manager », « … de Revenue Analyst », and no elision
    before an h (« de Head of Sales »: too many names are English to guess a mute h)."""
    Role.objects.create(article=article_with_roles, order=3, title="Enablement Manager", slug="em")
    Role.objects.create(article=article_with_roles, order=4, title="Éclaireur", slug="eclaireur")
    Role.objects.create(article=article_with_roles, order=5, title="Head of Sales", slug="hos")
    html = client.get(article_with_roles.get_absolute_url()).content.decode()
    assert "Découvrir le rôle d’Enablement Manager" in html
    assert "Découvrir le rôle d’Éclaireur" in html
    assert "Découvrir le rôle de Revenue Analyst" in html
    assert "Découvrir le rôle de Head of Sales" in html
    assert "rôle de Enablement" not in html and "rôle de Éclaireur" not in html


def test_author_page_elides_its_description(client, author, make_article):
    """An author whose name starts with a vowel: « Les articles d’Émilie … »."""
    author.name, author.bio = "Émilie Durand", ""
    author.save()
    make_article("Un article")
    html = client.get(f"/blog/auteur/{author.slug}/").content.decode()
    assert 'content="Les articles d’Émilie Durand."' in html


def test_typographic_apostrophes_in_what_readers_read(client, make_article):
    """« l’équipe » in titles, excerpts and bodies; never in code, URLs or attributes; heading
    ids and word counts as with the straight apostrophe."""
    body = (
        "## L'équipe d'abord\n\nC'est l'outil. `l'api` reste du code, "
        "[l'aide](https://exemple.fr/l'aide) garde son adresse, 'cité' reste cité.\n\n"
        "```\nprint('l'an')\n```"
    )
    article = make_article("L'équipe d'abord", slug="equipe", excerpt="Aujourd'hui l'équipe.",
                           body=body)  # fmt: skip
    straight = make_article("Autre", slug="autre", body=body.replace("'", "’"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<h1>L’équipe d’abord</h1>" in html
    assert '<h2 id="lequipe-dabord">L’équipe d’abord<a' in html  # the id as before
    assert "<p>C’est l’outil. <code>l'api</code> reste du code," in html
    assert '<a href="https://exemple.fr/l\'aide">l’aide</a>' in html
    assert "'cité' reste cité." in html  # quotes, not elisions
    assert "<pre><code>print('l'an')" in html
    assert '<a href="#lequipe-dabord">L’équipe d’abord</a>' in html  # table of contents
    assert article.word_count == straight.word_count
    listing = client.get("/blog/").content.decode()
    assert "L’équipe d’abord</a>" in listing and "Aujourd’hui l’équipe." in listing


def test_favicon_is_linked_and_served(client):
    """The page names its icons; /favicon.ico, asked by browsers on their own, is not a 404."""
    html = client.get("/blog/").content.decode()
    links = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', html)
    assert len(links) == 3 and any(link.endswith(".svg") for link in links)
    for link in links:  # files the static storage serves (collected in production)
        assert finders.find(link.removeprefix(settings.STATIC_URL)), link
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = finders.find(response["Location"].removeprefix(settings.STATIC_URL))
    assert Path(icon).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file


def tag_nav(html):
    nav = re.search(r'<nav class="tag-filter".*?</nav>', html, re.DOTALL).group()
    items = re.findall(r'<a class="tag[^"]*" href="([^"]+)"[^>]*>([^<]+)<.*?</a>', nav, re.DOTALL)
    counts = re.findall(r'<span class="tag__count">(\d+)', nav)
    return {html_module.unescape(name): url for url, name in items}, counts


def test_tag_filtered_list_names_its_filter(client, tagged):
    """Title and heading say what the list holds, one tag or several."""
    html = client.get("/blog/?tag=ops").content.decode()
    assert "<h1>Articles sur «\u202fL’Ops\u202f»</h1>" in html
    assert "<title>Articles sur «\u202fL’Ops\u202f» — " in html
    html = client.get("/blog/?tag=ops&tag=organisation").content.decode()
    assert "<h1>Articles sur «\u202fL’Ops\u202f» et «\u202fOrganisation\u202f»</h1>" in html
    assert "<title>Articles sur «\u202fL’Ops\u202f» et «\u202fOrganisation\u202f» — " in html
    html = client.get("/blog/tag/ops/?tag=organisation&tag=data").content.decode()
    assert (
        "<h1>Articles sur «\u202fL’Ops\u202f», «\u202fOrganisation\u202f» et «\u202fdata\u202f»</h1>"
        in html
    )
    assert "<h1>Le blog</h1>" in client.get("/blog/").content.decode()


def test_tag_counts_follow_the_filter_and_never_lead_to_an_empty_page(client, tagged):
    """With « L’Ops » selected, « Organisation » shows the one article both share, and « data »
    (no article with both) is not offered; every link offered lists at least one article."""
    names, _ = tag_nav(client.get("/blog/").content.decode())
    assert set(names) == {"L’Ops", "Organisation", "data"}
    html = client.get("/blog/?tag=ops").content.decode()
    nav = re.search(r'<nav class="tag-filter".*?</nav>', html, re.DOTALL).group()
    names, _ = tag_nav(html)
    assert set(names) == {"L’Ops", "Organisation"}
    assert re.search(r"Organisation<.*?tag__count\">1<", nav, re.DOTALL)
    assert re.search(r"L’Ops<.*?tag__count\">2<", nav, re.DOTALL)  # the list's own total
    for url in names.values():
        page = client.get(html_module.unescape(url)).content.decode()
        assert "Aucun article" not in page, url


def test_preview_banner_says_whether_readers_see_the_page(staff_client, tagged):
    """A draft: « n’est pas publiée »; a scheduled article: when it will be."""
    html = staff_client.get(tagged["draft"].get_absolute_url()).content.decode()
    assert "Aperçu réservé à l’équipe\u00a0: cette page n’est pas publiée." in html
    html = staff_client.get(tagged["future"].get_absolute_url()).content.decode()
    assert "cette page sera publiée le " in html
