"""Migrating a real blog repository: nothing refused that an editor can fix later, partial
imports that work, tags that fold together (issue: real blogs, whole)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Tag
from clients.models import CaseStudy
from tests.commands import run
from tests.markdown_fixtures import article
from tests.test_import import write

pytestmark = pytest.mark.django_db

# A description as long as the real posts' (316 to 485 characters), written for this test.
LONG_DESCRIPTION = (
    "Comment une équipe commerciale de taille moyenne a revu son processus de qualification, "
    "aligné ses définitions avec le marketing, simplifié son CRM et installé des revues "
    "mensuelles du revenu, avec les étapes, les erreurs évitées, les indicateurs suivis et ce "
    "que chacun des responsables en retient six mois plus tard, pour inspirer les équipes qui "
    "hésitent encore à se lancer dans la démarche."
)


def test_a_long_description_is_kept_whole_with_a_warning(tmp_path):
    """Over the SEO length, a description is imported whole and the import says so."""
    assert len(LONG_DESCRIPTION) > 380
    path = write(
        tmp_path, "long.md", article(f"title: Un cas client\ndescription: {LONG_DESCRIPTION}")
    )
    output = run("import_markdown", "--publish-anyway", str(path))
    saved = Article.objects.get()
    assert saved.description == LONG_DESCRIPTION
    assert f"long.md:3: description de {len(LONG_DESCRIPTION)} caractères" in output
    assert "0 erreur(s)" in output


def test_tags_that_fold_to_one_slug_are_one_tag_with_the_human_label(tmp_path, client):
    """« Planning & organisation » and planning-organisation: one tag, shown by its label."""
    write(tmp_path, "a.md", article("title: Premier\ntags: [planning-organisation, ops]"))
    write(
        tmp_path,
        "b.md",
        article("title: Second\ntags: [PLANNING-ORGANISATION, Planning & organisation, OPS]"),
    )
    write(
        tmp_path, "c.md", article("title: Troisième\ntags: [livre blanc, Livre Blanc, LIVRE-BLANC]")
    )
    run("import_markdown", "--publish-anyway", str(tmp_path))
    assert Tag.objects.filter(slug="planning-organisation").count() == 1
    second = Article.objects.get(slug="second")
    assert sorted(t.slug for t in second.tags.all()) == ["ops", "planning-organisation"]
    tag = Tag.objects.get(slug="planning-organisation")
    assert tag.display == "Planning & organisation"
    assert Tag.objects.get(slug="livre-blanc").display == "livre blanc"  # the first human name
    assert "Planning &amp; organisation" in client.get(second.get_absolute_url()).content.decode()


def test_skip_invalid_keeps_the_valid_files_whatever_the_invalid_one_created(tmp_path):
    """A refused file's new tag or author, rolled back, does not break the files after it."""
    write(
        tmp_path,
        "a-refuse.md",
        article("title: Refusé\nauthor: nouvelle-autrice\ntags: [tout-nouveau]\nstatus: bizarre"),
    )
    write(
        tmp_path, "b-bon.md", article("title: Bon\nauthor: nouvelle-autrice\ntags: [tout-nouveau]")
    )
    out = StringIO()
    with pytest.raises(CommandError) as error:  # exit code 1: a file was left out
        call_command("import_markdown", "--skip-invalid", str(tmp_path), stdout=out, stderr=out)
    assert "a-refuse.md" in str(error.value) and "statut inconnu" in out.getvalue()
    saved = Article.objects.get()
    assert saved.title == "Bon" and saved.author.slug == "nouvelle-autrice"
    assert [t.slug for t in saved.tags.all()] == ["tout-nouveau"]


CASE_STUDY = """---
name: Une PME industrielle
subtitle: Structurer la prévision des ventes
speaker: Directrice commerciale
duration: 6 mois
scopes: [CRM, prévisions]
quotes:
  - Nous savons enfin ce qui va tomber ce trimestre.
deliverables: [Tableau de bord]
---
Le récit du projet.
"""


def test_a_case_study_file_is_told_apart_never_an_article(tmp_path):
    """A client story (name, quotes, deliverables; no title, no author) is imported as a case
    study beside the articles, never as an article (issue 21: it used to be refused)."""
    write(tmp_path, "blog/article.md", article("title: Un vrai article"))
    write(tmp_path, "stories/pme.md", CASE_STUDY)
    output = run("import_markdown", str(tmp_path))
    assert "créé : étude de cas pme — " in output and "dont 1 étude(s) de cas" in output
    assert list(Article.objects.values_list("title", flat=True)) == ["Un vrai article"]
    assert CaseStudy.objects.get().name == "Une PME industrielle"


def test_the_file_stem_is_the_address_and_the_old_one_still_leads_there(tmp_path, client):
    """`Comprendre-Equipe-RevOps.md` becomes /blog/comprendre-equipe-revops/; the old address,
    capitals and all, redirects there; a stem that was no address leaves the title's slug."""
    write(tmp_path, "Comprendre-Equipe-RevOps.md", article("title: Un tout autre titre"))
    write(tmp_path, "se-faire-un-nom.md", article("title: Les leviers pour passer à l'échelle"))
    write(tmp_path, "000_2a4a688bbf2452db.md", article("title: Un fichier au nom opaque"))
    run("import_markdown", "--publish-anyway", str(tmp_path))
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "comprendre-equipe-revops",
        "se-faire-un-nom",
        "un-fichier-au-nom-opaque",
    ]
    for old in ("/blog/Comprendre-Equipe-RevOps", "/blog/Comprendre-Equipe-RevOps/"):
        response = client.get(old)
        assert response.status_code == 301 and response["Location"] == (
            "/blog/comprendre-equipe-revops/"
        )
    assert client.get("/blog/comprendre-equipe-revops/").status_code == 200


def test_links_to_the_old_site_become_internal_whatever_the_order(tmp_path):
    """`--site-url`: a link to a post imported in the same run (before or after) becomes
    internal; a link to a post not imported stays as it was."""
    write(
        tmp_path,
        "a-premier-article.md",
        article(
            "title: Premier",
            "Voir [le second](https://www.exemple.fr/blog/z-second-article) et "
            "[l'absent](https://www.exemple.fr/blog/absent-ici).\n",
        ),
    )
    write(
        tmp_path,
        "z-second-article.md",
        article(
            "title: Second",
            "Retour au [premier](https://www.exemple.fr/blog/a-premier-article/).\n",
        ),
    )
    run(
        "import_markdown", "--publish-anyway", "--site-url", "https://www.exemple.fr", str(tmp_path)
    )
    first = Article.objects.get(slug="a-premier-article")
    assert "](/blog/z-second-article/)" in first.body
    assert "](https://www.exemple.fr/blog/absent-ici)" in first.body
    assert "](/blog/a-premier-article/)" in Article.objects.get(slug="z-second-article").body


def test_the_link_report_lists_links_left_to_the_old_site(tmp_path):
    """`check_links --site-url` names each link to a post that was not imported."""
    write(
        tmp_path,
        "a-premier-article.md",
        article("title: Premier", "Voir [l'absent](https://www.exemple.fr/blog/absent-ici).\n"),
    )
    run(
        "import_markdown", "--publish-anyway", "--site-url", "https://www.exemple.fr", str(tmp_path)
    )
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_links", "--site-url", "https://www.exemple.fr", stdout=out)
    assert (
        "a-premier-article:1 : lien vers l'ancien site sans article ici : "
        "https://www.exemple.fr/blog/absent-ici" in out.getvalue()
    )
