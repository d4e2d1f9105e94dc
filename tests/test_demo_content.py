"""The demo content in content/ loads through publishing, idempotently, and round-trips."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Author, ImageAsset, Tag
from clients.models import CaseStudy
from roles.models import Role

pytestmark = pytest.mark.django_db

CONTENT = Path(__file__).resolve().parent.parent / "content"
FIVE_ROLES = [
    "Revenue Ops Manager",
    "Revenue Ops Engineer",
    "Revenue Analyst",
    "Enablement Manager",
    "Strategic Project Manager",
]


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_demo_content_loads_articles_tags_and_the_five_roles(client):
    output = run("import_markdown", str(CONTENT))
    assert "0 avertissement" in output
    assert Article.objects.count() >= 3
    assert Article.objects.published().count() >= 3
    assert Tag.objects.count() >= 4
    assert Tag.objects.get(slug="ops").display == "L'Ops"
    assert Author.objects.count() >= 1
    article = Article.objects.get(slug="equipe-revops-cinq-roles")
    roles = list(article.roles.all())
    assert [r.title for r in roles] == FIVE_ROLES
    assert all(r.nickname and r.missions.count() >= 4 for r in roles)
    assert all(r.alternative_titles.exists() and r.background.exists() for r in roles)
    assert all(r.image and r.image.file for r in roles)
    assert not ImageAsset.objects.missing_file().exists()
    page = client.get(article.get_absolute_url()).content.decode()
    assert all(title in page for title in FIVE_ROLES)
    assert "Image manquante" not in page
    for role in roles:
        assert client.get(role.get_absolute_url()).status_code == 200


def test_loading_twice_changes_nothing_and_says_so():
    run("import_markdown", str(CONTENT))
    first = {a.slug: (a.pk, a.updated_at) for a in Article.objects.all()}
    role_ids = set(Role.objects.values_list("pk", flat=True))
    output = run("import_markdown", str(CONTENT))
    assert "0 créé(s), 0 mis à jour" in output and "inchangé" in output
    assert {a.slug: (a.pk, a.updated_at) for a in Article.objects.all()} == first
    assert set(Role.objects.values_list("pk", flat=True)) == role_ids


def test_dry_run_writes_nothing():
    output = run("import_markdown", "--dry-run", str(CONTENT))
    assert "Simulation" in output and "créé : equipe-revops-cinq-roles" in output
    assert Article.objects.count() == 0


def test_export_then_import_then_export_is_byte_identical(tmp_path):
    run("import_markdown", str(CONTENT))
    run("export_markdown", str(tmp_path / "one"))
    Article.objects.all().delete()
    run("import_markdown", str(tmp_path / "one"))
    run("export_markdown", str(tmp_path / "two"))
    one = {
        p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*.md")
    }
    two = {
        p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*.md")
    }
    assert one and one == two
    images = sorted(p.name for p in (tmp_path / "two").rglob("images/*"))
    assert images and images == sorted(p.name for p in (tmp_path / "one").rglob("images/*"))
    assert not ImageAsset.objects.missing_file().exists()
    assert Path("equipe-revops-cinq-roles/roles/03-revenue-analyst.md") in one


def test_make_run_loads_the_demo_only_into_an_empty_database():
    """`make run` keeps editors' work: a second start does not put the demo files back."""
    assert "chargé" in run("load_demo")
    article = Article.objects.get(slug="equipe-revops-cinq-roles")
    article.title = "Titre corrigé par une rédactrice"
    article.save()
    assert "non rechargé" in run("load_demo")
    article.refresh_from_db()
    assert article.title == "Titre corrigé par une rédactrice"
    makefile = (CONTENT.parent / "Makefile").read_text()
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "load_demo" in run_recipe and "import_markdown" not in run_recipe


def test_demo_content_has_two_case_studies_none_of_them_an_article():
    """content/clients/ (issue 21): two case studies, imported as such in the same run."""
    output = run("import_markdown", str(CONTENT))
    assert "dont 2 étude(s) de cas" in output and "0 avertissement" in output
    assert sorted(CaseStudy.objects.values_list("slug", flat=True)) == [
        "maison-verdier",
        "octant-formation",
    ]
    assert not Article.objects.filter(slug__in=["maison-verdier", "octant-formation"]).exists()
    octant = CaseStudy.objects.get(slug="octant-formation")
    assert octant.is_published() and octant.youtube_id and octant.quotes.count() == 1
    assert sorted(a.name for a in octant.team.all()) == ["Camille Martin", "Thomas Lefèvre"]
