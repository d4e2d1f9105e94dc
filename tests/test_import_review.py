"""The import tells the truth before it publishes: its preview and report name, per file, the
images readers will not see, the images and links that lead to other sites, the internal links
that lead nowhere and the checklist's errors; an article with such errors comes in as a draft
unless the operator publishes it anyway, and one already online is never taken down."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from tests.commands import run
from tests.test_import import write

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/importer/"
SLUG = "tableau-de-bord-revenus"
PLACEHOLDER = "3f0c1d2e-4b5a-4c6d-8e9f-0a1b2c3d4e5f"
UNKNOWN = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d"


def messy(status="published", extra=""):
    """A file as an old export leaves it: an external hero without alt text, two images whose
    files never came (one declared, one only named), an image still on another site, links to
    another site and to the old one, and an internal link to no article."""
    return (
        f"---\ntitle: Un tableau de bord des revenus, pas à pas\nstatus: {status}\n"
        "date: 2025-03-04\ntags: [pilotage]\n"
        "description: Ce qu'un tableau de bord des revenus doit montrer chaque semaine, et "
        "comment le construire.\n"
        "image: https://images.exemple.net/couverture.jpg\n"
        f"images:\n  - id: {PLACEHOLDER}\n    alt: Schéma du pipeline\n---\n"
        f"Introduction.{extra}\n\n![Schéma du pipeline]({PLACEHOLDER})\n\n"
        f"![Courbe des ventes]({UNKNOWN})\n\n"
        "![Graphique](https://cdn.exemple.org/graphique.png)\n\n"
        "Voir [un guide](https://guide.exemple.com/revenus) et "
        "[l'ancien article](https://www.ocobo.co/blog/article-disparu), puis "
        "[notre méthode](/blog/methode-inexistante/).\n"
    )


def assert_names_everything(text):
    """What the operator must read, in the command's output or the admin's page."""
    for expected in (
        f"« Schéma du pipeline » ({PLACEHOLDER}) : pas de fichier",
        f"« Courbe des ventes » ({UNKNOWN}) : pas de fichier",
        "https://images.exemple.net/couverture.jpg (image principale)",
        "https://cdn.exemple.org/graphique.png",
        "https://guide.exemple.com/revenus",
        "https://www.ocobo.co/blog/article-disparu (ancien site, article absent ici)",
        "/blog/methode-inexistante/ (article inconnu)",
        "L'image principale externe n'a pas de texte alternatif.",
        "ces images n'ont pas de fichier (les lecteurs ne les voient pas)",
    ):
        assert expected in text, expected
    assert "Toutes les images ont un texte alternatif" not in text


def test_the_dry_run_names_what_readers_would_miss_and_writes_nothing(tmp_path):
    output = run("import_markdown", "--dry-run", str(write(tmp_path, f"{SLUG}.md", messy())))
    assert_names_everything(output)
    assert "images sans fichier (invisibles pour les lecteurs) : 2" in output
    assert "images externes (chargées depuis un autre site) : 2" in output
    assert "liens vers d'autres sites : 2" in output
    assert "liens internes cassés : 1" in output
    assert f"serait importé en brouillon : {SLUG} (erreur de la liste de contrôle)" in output
    assert "1 en brouillon (liste de contrôle)" in output
    assert not Article.objects.exists()


def test_an_article_with_checklist_errors_comes_in_as_a_draft_and_stays_so(tmp_path):
    path = write(tmp_path, f"{SLUG}.md", messy())
    output = run("import_markdown", str(path))
    assert_names_everything(output)
    assert f"importé en brouillon : {SLUG} (erreur de la liste de contrôle)" in output
    article = Article.objects.get()
    assert article.status == "draft" and not article.is_published()
    assert article.history.first().status == "draft"  # its revision says what it is
    again = run("import_markdown", str(path))  # the same file: nothing changes
    assert f"inchangé : {SLUG}" in again and "importé en brouillon" not in again
    assert Article.objects.get().status == "draft"


def test_publish_anyway_puts_it_online_and_the_report_still_says_what_is_wrong(tmp_path):
    path = write(tmp_path, f"{SLUG}.md", messy())
    output = run("import_markdown", "--publish-anyway", str(path))
    assert f"publié malgré tout : {SLUG} (erreur de la liste de contrôle)" in output
    assert_names_everything(output)
    assert Article.objects.get().is_published()


def test_an_article_already_online_is_not_taken_down_by_a_reimport(tmp_path):
    path = write(tmp_path, f"{SLUG}.md", messy())
    run("import_markdown", "--publish-anyway", str(path))
    write(tmp_path, f"{SLUG}.md", messy(extra=" Un paragraphe revu."))
    output = run("import_markdown", str(path))
    assert f"mis à jour : {SLUG}" in output
    assert f"reste en ligne : {SLUG} était déjà publié" in output
    assert Article.objects.get().is_published()


def post_preview(client, data=None):
    upload = SimpleUploadedFile(f"{SLUG}.md", messy().encode())
    return client.post(URL, {"file": upload, **(data or {})}).content.decode()


def confirm(client, html):
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    return client.post(URL, {"token": token}).content.decode()


def test_the_admin_preview_and_report_name_it_all_and_the_import_comes_in_as_a_draft(
    staff_client, settings, tmp_path
):
    settings.PENDING_IMPORT_DIR = tmp_path / "en-attente"
    html = post_preview(staff_client)
    text = html.replace("&#x27;", "'").replace("&quot;", '"')
    assert_names_everything(text)
    assert "Images sans fichier, invisibles pour les lecteurs (2)" in text
    assert "Liens vers d'autres sites (2)" in text and "Liens internes cassés (1)" in text
    assert f"Sera importé en brouillon : {SLUG} (erreur de la liste de contrôle)" in text
    assert "dont 1 importé(s) en brouillon si vous confirmez" in text
    assert not Article.objects.exists()
    done = confirm(staff_client, html).replace("&#x27;", "'")
    assert f"Importé en brouillon : {SLUG} (erreur de la liste de contrôle)" in done
    assert_names_everything(done)
    assert Article.objects.get().status == "draft"


def test_the_admin_checkbox_publishes_anyway(staff_client, settings, tmp_path):
    settings.PENDING_IMPORT_DIR = tmp_path / "en-attente"
    form = staff_client.get(URL).content.decode()
    assert 'name="publish_anyway"' in form and "Publier malgré tout" in form
    html = post_preview(staff_client, {"publish_anyway": "on"})
    assert f"Sera publié malgré tout : {SLUG}" in html
    done = confirm(staff_client, html)
    assert f"Publié malgré tout : {SLUG}" in done
    assert Article.objects.get().is_published()
