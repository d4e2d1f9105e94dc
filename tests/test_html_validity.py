"""Every public page is a valid HTML5 document (strict parse, no duplicate id), and the feeds
and the sitemap are XML: over the demo content and over an article with every kind of block."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Tag
from clients.models import CaseStudy, Deliverable, Quote, Scope, Tool
from roles.models import Mission, Role
from tests.html_validity import assert_valid_html, assert_valid_xml, html_errors

pytestmark = pytest.mark.django_db

CONTENT = Path(__file__).resolve().parent.parent / "content"
VIDEO = "dQw4w9WgXcQ"


def public_pages(article, role, tag, word):
    """The public addresses a reader reaches, from the home page to the 404."""
    return [
        "/blog/",  # the home page redirects here
        f"/blog/tag/{tag.slug}/",
        f"/blog/?tag={tag.slug}",
        article.get_absolute_url(),
        role.get_absolute_url(),
        "/blog/roles/",
        f"/blog/auteur/{article.author.slug}/",
        f"/blog/recherche/?q={word}",
        "/blog/recherche/?q=zzzxqwv",
        "/blog/recherche/",
    ]


def check_site(client, pages):
    for address in pages:
        response = client.get(address)
        assert response.status_code == 200, address
        assert_valid_html(response, address)
    missing = client.get("/blog/pas-un-article/")
    assert missing.status_code == 404
    assert_valid_html(missing, "404")
    for feed in ("/blog/flux/rss/", "/blog/flux/atom/", "/sitemap.xml"):
        response = client.get(feed)
        assert response.status_code == 200, feed
        assert_valid_xml(response, feed)


def test_the_checker_sees_a_variable_leaking_into_a_tag_name():
    """What issue 19 saw on tag pages: the page's heading used as the card's element."""
    broken = (
        "<!DOCTYPE html><html lang=fr><head><title>t</title></head><body>"
        '<Articles sur « CRM » class="card__title"><a href="/">x</a></Articles sur « CRM »>'
        "</body></html>"
    )
    assert html_errors(broken)
    assert not html_errors(broken.replace("Articles sur « CRM »", "h2"))


def test_tag_pages_draw_their_cards_with_h2_titles(client, make_article, make_tag):
    crm = make_tag("crm", "CRM")
    article = make_article("Un CRM propre", tags=[crm])
    for address in ("/blog/tag/crm/", "/blog/?tag=crm"):
        html = assert_valid_html(client.get(address), address)
        html = html.replace("\u202f", " ").replace("\u00a0", " ")  # French spacing
        assert "<h1>Articles sur « CRM »</h1>" in html
        assert f'<h2 class="card__title"><a href="{article.get_absolute_url()}">' in html
        assert "<Articles" not in html


def test_the_demo_site_is_valid_html(client):
    call_command("import_markdown", str(CONTENT), stdout=StringIO())
    role = Role.objects.select_related("article").filter(article__slug="equipe-revops-cinq-roles")
    role = role.first()
    tag = Tag.objects.get(slug="crm")
    check_site(client, public_pages(role.article, role, tag, "CRM"))


def test_an_article_with_every_block_is_valid_html(client, make_article, make_asset, make_tag):
    figure, portrait = make_asset(alt="Schéma du cycle"), make_asset(alt="Portrait")
    tag = make_tag("pipeline", "Pipeline")
    body = (
        "## Le cycle\n\nUn paragraphe avec **gras**, *italique* et un [lien](https://exemple.fr).\n\n"
        f"![Schéma du cycle]({figure.pk})\n\n"
        '{% callout title="À retenir" %}\nUne seule source de vérité.\n{% /callout %}\n\n'
        f'{{% youtubePlayer id="{VIDEO}" title="La démo" /%}}\n\n'
        "| Étape | Durée |\n|---|---|\n| Cadrage | 2 semaines |\n\n"
        "> Une citation.\n\n```python\nprint('<b>')\n```\n\n[[roles]]\n\n## Conclusion\n\nFin."
    )
    article = make_article(
        "Un article complet",
        slug="article-complet",
        tags=[tag],
        body=body,
        excerpt="Tout ce qu'un article peut montrer.",
        hero_image=figure,
        youtube_id=VIDEO,
        podcast_id="B4W0qfPbZ3pV",
        podcast_show_id="bK0XjSJD3JyA",
        published_at=timezone.now() - timezone.timedelta(days=2),
    )
    role = Role.objects.create(
        article=article, order=1, title="Pilote revenu", slug="pilote-revenu",
        nickname="la boussole", image=portrait,
        intro=f'Le **généraliste**.\n\n{{% callout %}}\nUn rôle clé.\n{{% /callout %}}\n\n'
        f'{{% youtubePlayer id="{VIDEO}" /%}}',
    )  # fmt: skip
    Mission.objects.create(role=role, position=1, text="Tenir le CRM")
    make_article("Un voisin", tags=[tag])  # « À lire aussi » and a second card
    check_site(client, public_pages(article, role, tag, "cycle"))
    shown = client.get(article.get_absolute_url()).content.decode()
    for block in ('class="callout"', 'data-embed="youtube"', "<figure", "<table", 'class="roles"'):
        assert block in shown, block  # the page checked above does show every kind of block
    assert 'class="callout"' in client.get(role.get_absolute_url()).content.decode()


def case_study_pages(case_study, scope, tool, tag):
    """The case studies' addresses a reader reaches: the list, its filters (one that finds
    nothing too), a case study, and search results listing it."""
    return [
        "/clients/",
        f"/clients/?perimetre={scope.slug}",
        f"/clients/?perimetre={scope.slug}&outil={tool.slug}&tag={tag.slug}",
        "/clients/?outil=aucun-outil",
        case_study.get_absolute_url(),
        "/blog/recherche/?q=banque",
    ]


def test_the_case_study_pages_are_valid_html(client, make_article, make_asset, make_tag):
    tag = make_tag("crm", "CRM")
    scope = Scope.objects.create(name="Acquisition", slug="acquisition")
    tool = Tool.objects.create(name="Hubspot", slug="hubspot")
    published = {"status": CaseStudy.Status.PUBLISHED, "published_at": timezone.now()}
    case_study = CaseStudy.objects.create(
        name="Qonto", slug="qonto", title="Un cycle deux fois plus court",
        subtitle="La banque des PME.", speaker="Marie Curie", speaker_role="Directrice & Associée",
        duration="12 mois", youtube_id=VIDEO, hero_image=make_asset(alt="L'équipe"),
        body=f"## Le contexte\n\nUn texte.\n\n{{% youtubePlayer id=\"{VIDEO}\" /%}}", **published,
    )  # fmt: skip
    other = CaseStudy.objects.create(name="Alan", slug="alan", title="Voisin", **published)
    for row in (case_study, other):
        row.scopes.set([scope])
        row.tools.set([tool])
        row.tags.set([tag])
    Quote.objects.create(case_study=case_study, text="Un **vrai** changement.")
    Deliverable.objects.create(case_study=case_study, text="Un pipeline unique")
    make_article("Un article voisin", tags=[tag])  # « À lire aussi sur le blog »
    check_site(client, case_study_pages(case_study, scope, tool, tag))
    response = client.get("/clients/flux/rss/")
    assert response.status_code == 200
    assert_valid_xml(response, "/clients/flux/rss/")
