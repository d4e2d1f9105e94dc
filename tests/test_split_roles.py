"""A long article split into roles loses nothing: the article page and its role pages hold
every word of the source, in order, and what the split made fields is shown where it stood."""

import html as html_module
import json
import re

import pytest
from django.urls import reverse

from articles.editor import markdownify
from articles.models import Article, ImageAsset
from roles.models import AlternativeTitle, Mission, Role
from tests.commands import fails, run
from tests.markdown_fixtures import article, role_article, seed_shaped
from tests.test_import import snapshot, write
from tests.words import is_in_order, lost_words, markdown_words, reading_words

pytestmark = pytest.mark.django_db


def imported(tmp_path, text, name="metiers.md"):
    run("import_markdown", "--publish-anyway", str(write(tmp_path, name, text)))
    return Article.objects.get()


def pages(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    roles = [client.get(r.get_absolute_url()).content.decode() for r in article.roles.all()]
    return page, roles


def role_page(client, article, slug):
    html = client.get(article.roles.get(slug=slug).get_absolute_url()).content.decode()
    return html[html.index('<article class="article role">') : html.index('class="role-nav"')]


def in_order(html, *texts):
    positions = [html.index(text) for text in texts]
    return positions == sorted(positions)


@pytest.mark.parametrize("source", [role_article, seed_shaped], ids=["firm", "seed"])
def test_the_article_and_its_role_pages_hold_every_word_of_the_source_in_order(
    tmp_path, client, source
):
    """Labels (« Itérations »), lead-ins to a dedicated article, the « Le » of role titles,
    the « ou » between alternative titles, prose after the missions: nothing lost, nothing
    moved. Words compared without Markdown syntax, in reading order (each role page where the
    article shows its roles)."""
    text = source()
    article = imported(tmp_path, text)
    assert article.roles.count() in {3, 5}  # split, whatever the roles' heading level
    page, roles = pages(client, article)
    source_words, shown = markdown_words(text), reading_words(page, roles)
    assert lost_words(source_words, shown) == []
    assert is_in_order(source_words, shown)
    assert all("[[" not in html for html in [page, *roles])  # no marker shows


def test_fields_are_taken_out_and_their_markers_stand_where_they_were(tmp_path):
    article = imported(tmp_path, role_article())
    keeper, architect, coach = article.roles.all()
    assert [(r.title, r.heading) for r in (keeper, architect, coach)] == [
        ("Gardien des fiches", "Le Gardien des fiches"),
        ("Architecte des outils", "L'Architecte des outils"),
        ("Coach des ventes", "La Coach des ventes"),
    ]
    assert [(r.nickname, r.image_id is not None) for r in (keeper, architect, coach)] == [
        ("le jardinier", True), ("le bâtisseur", False), ("la boussole", True),
    ]  # fmt: skip
    assert [(t.separator, t.title, t.note) for t in keeper.alternative_titles.all()] == [
        ("", "Responsable qualité des fiches", "selon la taille de l'équipe"),
        ("ou", "Intendant du fichier", "selon la taille de l'équipe"),
        ("", "Administrateur du carnet d'adresses", ""),
    ]
    assert [(t.separator, t.title) for t in architect.alternative_titles.all()] == [
        ("", "Intégrateur"), ("ou", "Développeur de connecteurs"), ("", "Ingénieur plateforme"),
        (",", "Ingénieur systèmes"),
    ]  # fmt: skip
    assert [m.text for m in architect.missions.all()] == [
        "Dessiner le plan des outils", "Écrire les automatisations du quotidien",
    ]  # fmt: skip
    assert [(b.kind, b.text) for b in keeper.background.all()] == [
        ("certification", "administration d'un carnet d'adresses partagé"),
        ("experience", "deux ans dans une équipe de support ou d'opérations"),
    ]  # written as the lines of a paragraph
    assert (keeper.dedicated_url, keeper.dedicated_label) == (
        "https://exemple.fr/gardien-des-fiches", "Le métier de Gardien des fiches",
    )  # fmt: skip
    assert in_order(
        keeper.intro,
        "{% callout %}\n**Itérations** :\n\n[[alternative_titles]]",
        "#### Missions principales\n\n[[missions]]",
        "**Ce métier évolue souvent**",
        "#### Parcours type\n\n[[background]]",
        "lisez notre article dédié : [[dedicated]].",
    )
    assert coach.intro.startswith("**Le surnom : [[nickname]]**\n\n[[image]]\n\n")
    assert "## Les rôles\n\nVoici les trois profils" in article.body
    assert "[[roles]]" in article.body and "Gardien" not in article.body


def test_a_role_page_draws_each_field_where_the_source_had_it(tmp_path, client):
    """Callouts stay asides around their titles, joined by « ou » as written; a paragraph and
    a list after the missions stay after them; the dedicated link sits in its sentence."""
    article = imported(tmp_path, role_article())
    html = role_page(client, article, "gardien-des-fiches")
    assert "<h1>Le Gardien des fiches</h1>" in html
    aside = re.search(r'<aside[^>]*class="callout".*?</aside>', html, re.DOTALL).group()
    assert "<strong>Itérations</strong>" in aside
    assert (
        "<li><strong>Responsable qualité des fiches</strong> ou <strong>Intendant du fichier"
        '</strong> <span class="alt-titles__note">(selon la taille de l’équipe)</span></li>'
    ) in aside
    assert "Autres intitulés du poste" not in html and html.count('class="alt-titles"') == 1
    assert in_order(
        html,
        "veille sur la qualité",
        "<aside",
        "Missions principales",
        '<ul class="checklist"><li>Écrire les règles de saisie',
        "Ce métier évolue souvent",
        "Il reste pourtant proche du terrain",
        "Parcours type",
        "<dt>Expérience préalable</dt><dd>deux ans",
        'lisez notre article dédié&nbsp;: <a href="https://exemple.fr/gardien-des-fiches">'
        "Le métier de Gardien des fiches</a>.",
    )
    assert html.count("Missions principales") == 1 and 'class="dedicated"' not in html

    html = role_page(client, article, "architecte-des-outils")
    assert in_order(
        html,
        'consulter notre article dédié&nbsp;: <a href="https://exemple.fr/architecte-des-outils">'
        "Tout sur l’architecte</a>.",
        "<p><strong>Itérations</strong>&nbsp;:</p>",
        "<li><strong>Intégrateur</strong> ou <strong>Développeur de connecteurs</strong></li>",
        "<li><strong>Ingénieur plateforme</strong>, <strong>Ingénieur systèmes</strong> "
        '<span class="alt-titles__note">(dans les grandes maisons)</span></li>',
        "Missions principales",
        "Un bon architecte documente",
        "<dt>Certifications recommandées</dt>",
        "<li>Une vraie curiosité pour les métiers de la vente</li>",  # not recognised: kept
    )

    html = role_page(client, article, "coach-des-ventes")
    assert "Son surnom" not in html  # the source's own label, in its place
    assert in_order(
        html, "<h1>La Coach des ventes</h1>", "<strong>Le surnom&nbsp;: la boussole</strong>",
        "fait progresser chaque vendeur", "Préparer les parcours", "<aside",
        "<strong>Coach commerciale</strong> ou <strong>Responsable de la progression</strong>",
    )  # fmt: skip


def test_the_article_shows_its_own_roles_heading_once(tmp_path, client):
    """The body's « ## Les rôles » titles the roles it introduces: no second « Les rôles »,
    and the table of contents lists the roles under it. Cards show each role's presentation
    with its title as written, without the labels of its fields."""
    article = imported(tmp_path, role_article())
    page = client.get(article.get_absolute_url()).content.decode()
    main = page[page.index('<article class="article">') : page.index('class="author-box"')]
    assert main.count(">Les rôles<") == 2  # the TOC's entry and the heading, once each
    assert '<section class="roles" aria-labelledby="les-roles">' in main
    toc = re.search(r'<nav class="toc".*?</nav>', main, re.DOTALL).group()
    assert re.search(r'href="#les-roles">Les rôles</a>\s*<ol><li><a href="#role-gardien', toc)
    card = re.search(r'id="role-coach-des-ventes">.*?</article>', main, re.DOTALL).group()
    assert ">La Coach des ventes</a></h3>" in card
    intro = re.search(r'<div class="role-card__intro">(.*?)</div>', card, re.DOTALL).group(1)
    assert "fait progresser chaque vendeur" in intro
    assert "surnom" not in intro and "Missions" not in intro and "<h" not in intro


def test_seo_reads_the_roles_prose_not_its_markers_nor_its_field_labels(tmp_path, client):
    article = imported(tmp_path, role_article())
    html = client.get(article.roles.get(slug="coach-des-ventes").get_absolute_url()).content
    html = html.decode()
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert description.startswith("Coach des ventes, la boussole : La Coach des ventes fait")
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    occupation = json.loads(ld)
    occupation = occupation[0] if isinstance(occupation, list) else occupation
    assert occupation["description"].startswith("La Coach des ventes fait progresser")
    assert "surnom" not in occupation["description"] and "[[" not in occupation["description"]
    assert occupation["alternateName"] == [
        "Coach commerciale", "Responsable de la progression", "Formatrice",
    ]  # fmt: skip


def test_a_role_without_markers_shows_its_fields_in_the_usual_order(make_article, client):
    """A role written in the admin: nickname under its title, then its text, its missions,
    background and alternative titles (joined as their separators say), its dedicated link."""
    parent = make_article("Les métiers", slug="metiers")
    role = Role.objects.create(
        article=parent, title="Coach", slug="coach", nickname="le mentor",
        intro="Il fait grandir l'équipe.", dedicated_url="https://exemple.fr/coach",
    )  # fmt: skip
    Mission.objects.create(role=role, position=1, text="Former les équipes")
    for position, (separator, title) in enumerate(
        [("", "Mentor"), ("ou", "Guide"), ("", "Tuteur")]
    ):
        AlternativeTitle.objects.create(
            role=role, position=position, title=title, separator=separator
        )
    html = role_page(client, parent, "coach")
    assert in_order(
        html, "<h1>Coach</h1>", "Son surnom&nbsp;: <strong>le mentor</strong>",
        "Il fait grandir l’équipe.", '<h2 id="missions">Missions principales</h2>',
        '<h2 id="iterations">Autres intitulés du poste</h2>',
        "<li><strong>Mentor</strong> ou <strong>Guide</strong></li><li><strong>Tuteur</strong>",
        '<p class="dedicated"><a href="https://exemple.fr/coach">',
    )  # fmt: skip


def test_a_split_article_round_trips_byte_for_byte(tmp_path):
    """export → import into an empty database → export: the same bytes, markers, headings and
    separators included; importing the export again changes nothing."""
    imported(tmp_path, role_article())
    first = snapshot(tmp_path, "one")
    role_file = first["trois-metiers-qui-font-tourner-la-machine-commerciale/roles/02-"
                      "architecte-des-outils.md"].decode()  # fmt: skip
    assert "heading: L'Architecte des outils\n" in role_file
    assert "- title: Ingénieur systèmes\n  note: dans les grandes maisons\n  separator: ','\n" in (
        role_file
    )
    assert "[[dedicated]]." in role_file and "[[alternative_titles]]" in role_file
    assert "0 créé(s), 0 mis à jour" in run(
        "import_markdown", "--publish-anyway", str(tmp_path / "one")
    )
    Article.objects.all().delete()
    ImageAsset.objects.all().delete()
    run("import_markdown", "--publish-anyway", str(tmp_path / "one"))
    assert snapshot(tmp_path, "two") == first


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            "{title: Mentor, separator: [ou]}",
            "« alternative_titles » : « separator » doit être un texte.",
        ),
        (
            f"{{title: Mentor, separator: {'x' * 21}}}",
            "« alternative_titles » : « separator » de 21 caractères, 20 au plus",
        ),
    ],
)
def test_a_wrong_separator_is_refused_with_its_file_and_line(tmp_path, item, message):
    bundle = tmp_path / "site" / "metiers"
    write(bundle, "index.md", article("title: Métiers"))
    write(bundle, "roles/01-coach.md", article(f"title: Coach\nalternative_titles:\n  - {item}"))
    error = str(fails("import_markdown", str(tmp_path / "site")))
    assert "roles/01-coach.md:3:" in error and message in error
    assert not Article.objects.exists()


def test_the_admin_edits_the_heading_and_the_separators(tmp_path, staff_client):
    article = imported(tmp_path, role_article())
    role = article.roles.get(slug="architecte-des-outils")
    html = staff_client.get(f"/admin/roles/role/{role.pk}/change/").content.decode()
    assert re.search(r'name="heading"[^>]*value="L&#x27;Architecte des outils"', html)
    assert re.search(r'name="alternative_titles-1-separator"[^>]*value="ou"', html)
    html = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert (
        'name="roles-0-heading"' in html and 'name="roles-0-alternative_titles-0-separator"' in html
    )


def test_the_editor_preview_shows_where_each_field_goes():
    html = markdownify("Texte.\n\n[[missions]]\n\nLisez notre article dédié : [[dedicated]].")
    assert "Ici : les missions principales du rôle." in html
    text = html_module.unescape(html)  # the preview is sanitised whole: quotes stay quotes
    assert "Ici : le lien vers l'article dédié du rôle." in text and "[[" not in html
    assert reverse("markdownx_markdownify")  # the preview the editor calls
