"""Markdown import: repairs with warnings, clean refusals, splitting, idempotence, round trips."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles.models import Article, Author, ImageAsset, Tag
from publishing.write import _write
from roles.models import Role
from tests.commands import fails, run
from tests.conftest import image_bytes
from tests.markdown_fixtures import (
    IMAGE_IDS,
    article,
    mac_roman_mojibake,
    seed_shaped,
    windows_1252_mojibake,
)

pytestmark = pytest.mark.django_db


def write(directory, name, content):
    path = Path(directory) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


# --- A seed-shaped long file -------------------------------------------------------------


@pytest.fixture
def seed_file(tmp_path):
    return write(tmp_path, "000_export.txt", mac_roman_mojibake(seed_shaped()))


def test_seed_shaped_file_becomes_an_article_and_its_five_roles(seed_file, client):
    """Double encoding, an unquoted colon and a swapped date are repaired; roles are split.
    Its checklist errors (a hero without alt text, images without files) make it a draft
    unless published anyway, as here, to read its page."""
    output = run("import_markdown", "--publish-anyway", str(seed_file))
    article = Article.objects.get()
    assert article.title == "Les métiers de l'équipe revenu : qui pilote quoi, et comment ?"
    assert article.author.slug == "ethel"
    assert timezone.localtime(article.published_at).date().isoformat() == "2025-11-17"
    assert sorted(t.slug for t in article.tags.all()) == ["ops", "organisation"]
    assert article.hero_image_url.startswith("https://images.unsplash.com/photo-1234567890")
    assert article.declared_reading_time == 7
    roles = list(article.roles.all())
    assert [r.title for r in roles] == [
        "Pilote revenu", "Ingénieur des flux", "Vigie des chiffres", "Passeur de savoir",
        "Chef de chantier",
    ]  # fmt: skip
    assert [r.nickname for r in roles] == [
        "la boussole", "le plombier de génie", "l'œil de Sauron", "le mentor", "le métronome",
    ]  # fmt: skip
    assert [r.missions.count() for r in roles] == [5, 5, 5, 5, 4]
    assert ImageAsset.objects.count() == 7
    assert ImageAsset.objects.get(pk=IMAGE_IDS[0]).alt == "Les piliers de l'équipe"
    assert str(roles[2].image_id) == IMAGE_IDS[4]
    first = roles[0]
    assert [(b.kind, b.text) for b in first.background.all()] == [
        ("certification", "administration d'un CRM, gestion de projet"),
        ("experience", "deux à quatre ans dans une fonction opérationnelle"),
    ]
    titles = [(a.title, a.note) for a in first.alternative_titles.all()]
    assert titles[0] == ("Intitulé court", "forme abrégée, très répandue")
    note = "selon le périmètre, voir [ce guide](https://exemple.fr/guide)"
    assert titles[1:4] == [("Variante A", ""), ("Variante B", note), ("Variante C", note)]
    assert titles[4] == ("Variante D", "")
    assert first.dedicated_url == "https://www.ocobo.co/blog/autre-article"
    assert first.dedicated_label == "Le rôle en détail"
    assert [a.separator for a in first.alternative_titles.all()] == ["", "", "", "ou", ""]
    # What the split took out stands as a marker where it was; labels and lead-ins stay text.
    order = [
        "### Missions principales :\n\n[[missions]]",
        "### Parcours type :\n\n[[background]]",
        "Ce rôle peut se spécialiser",  # not recognised: kept, never dropped, never moved
        "lisez notre article dédié : [[dedicated]].",
        "**Itérations** :\n\n[[alternative_titles]]",
    ]
    assert [first.intro.index(text) for text in order] == sorted(
        first.intro.index(text) for text in order
    )
    assert not first.intro.rstrip().endswith("---")  # the rule that ended the section
    assert "[[roles]]" in article.body and "## Conclusion" in article.body
    assert article.body.index("## Les piliers") < article.body.index("[[roles]]")
    for expected in (
        "000_export.txt:2: texte doublement encodé (mojibake) réparé",
        "000_export.txt:2: front matter YAML invalide",
        "000_export.txt:7: date impossible « 2025-17-11 »",
    ):
        assert expected in output
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Vigie des chiffres" in page and "l’œil de Sauron" in page
    assert "Image manquante" not in page  # readers never see the editors' placeholder
    role_page = client.get(roles[2].get_absolute_url()).content.decode()
    assert "Mission n°3 du rôle 3" in role_page and "Variante B" in role_page


def test_windows_1252_mojibake_is_repaired_with_a_warning(tmp_path):
    path = write(
        tmp_path,
        "a.md",
        windows_1252_mojibake(article("title: Les rôles clés", "Une équipe soudée.\n")),
    )
    output = run("import_markdown", str(path))
    saved = Article.objects.get()
    assert saved.title == "Les rôles clés" and "Une équipe soudée." in saved.body
    assert (
        "a.md:2: texte doublement encodé (mojibake) réparé : « rÃ´les » devient « rôles »" in output
    )


def test_bom_and_crlf_are_accepted(tmp_path):
    text = article("title: Fenêtres\ntags: ops", "Ligne un.\n\nLigne deux.\n").replace("\n", "\r\n")
    path = write(tmp_path, "a.md", b"\xef\xbb\xbf" + text.encode("utf-8"))
    output = run("import_markdown", str(path))
    saved = Article.objects.get()
    assert saved.title == "Fenêtres" and "\r" not in saved.body
    assert "0 avertissement" in output


def test_bytes_that_are_not_utf8_are_refused_naming_the_file(tmp_path):
    path = write(tmp_path, "latin.md", article("title: Réseau").encode("latin-1"))
    error = fails("import_markdown", str(path))
    assert "latin.md:2: octets invalides en UTF-8" in str(error)
    assert error.returncode == 1 and Article.objects.count() == 0


# --- Front matter ------------------------------------------------------------------------


def test_unquoted_colon_is_read_line_by_line_with_a_warning(tmp_path):
    path = write(
        tmp_path, "a.md", article("author: ethel\ntitle: RevOps : le guide\ntags:\n  - ops")
    )
    output = run("import_markdown", str(path))
    assert Article.objects.get().title == "RevOps : le guide"
    assert "a.md:3: front matter YAML invalide" in output and "lu ligne à ligne" in output


def test_yaml_that_cannot_be_read_simply_is_an_error_with_line_and_column(tmp_path):
    path = write(tmp_path, "a.md", article("title: Bon\ntags: [ops, data\nauthor: x"))
    error = str(fails("import_markdown", str(path)))
    assert "a.md:4: front matter YAML invalide, colonne 7" in error
    assert Article.objects.count() == 0


def test_yaml_aliases_are_refused(tmp_path):
    path = write(tmp_path, "a.md", article("title: &t Titre\ndescription: *t"))
    assert "ancres et alias YAML" in str(fails("import_markdown", str(path)))


def test_oversized_front_matter_is_refused(tmp_path):
    huge = "description: " + "x" * (65 * 1024)
    path = write(tmp_path, "a.md", article(f"title: Gros\n{huge}"))
    assert "front matter trop long (65 Kio, maximum 64 Kio)" in str(
        fails("import_markdown", str(path))
    )


def test_unclosed_front_matter_is_refused(tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: Sans fin\n\nTexte.\n")
    assert "a.md:1: front matter non fermé" in str(fails("import_markdown", str(path)))


# --- Dates and types ---------------------------------------------------------------------


def test_impossible_date_with_unambiguous_swap_is_repaired(tmp_path):
    path = write(tmp_path, "a.md", article("title: Daté\ndate: 2024-25-03"))
    output = run("import_markdown", str(path))
    assert timezone.localtime(Article.objects.get().published_at).date().isoformat() == "2024-03-25"
    assert "a.md:3: date impossible « 2024-25-03 »" in output


@pytest.mark.parametrize("value", ["2025-13-13", "2025-02-30", "demain", "17/11/2025", "2025-11"])
def test_anything_else_that_is_not_a_date_is_an_error_naming_the_key(tmp_path, value):
    path = write(tmp_path, "a.md", article(f"title: Daté\ndate: {value}"))
    error = str(fails("import_markdown", str(path)))
    assert f"a.md:3: la clé « date » n'est pas une date : « {value} »" in error


def test_datetimes_keep_their_time(tmp_path):
    path = write(tmp_path, "a.md", article("title: Heure\ndate: 2025-11-17T09:30:00+01:00"))
    run("import_markdown", str(path))
    assert timezone.localtime(Article.objects.get().published_at).strftime("%H:%M") == "09:30"


def test_types_are_read_as_editors_mean_them(tmp_path):
    """`title: 2024` is a title, tags may be a comma list, `read: 7` is seven minutes."""
    path = write(tmp_path, "a.md", article("title: 2024\ntags: ops, data , crm\nread: 1"))
    run("import_markdown", str(path))
    saved = Article.objects.get()
    assert saved.title == "2024" and saved.slug == "2024"
    assert sorted(t.slug for t in saved.tags.all()) == ["crm", "data", "ops"]
    assert saved.declared_reading_time == 1


def test_declared_reading_time_far_from_the_computed_one_is_a_warning(tmp_path):
    path = write(tmp_path, "a.md", article("title: Court\nread: 12 min", "Trois mots seulement.\n"))
    output = run("import_markdown", str(path))
    assert "a.md:3: temps de lecture déclaré 12 min, calculé 1 min" in output


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title:\n  - a\n  - b", "la clé « title » doit être un texte, pas une liste"),
        ("title: Ok\ntags:\n  nom: valeur", "la clé « tags » doit être une liste de textes"),
        ("title: Ok\nread: beaucoup", "la clé « read » doit être un nombre de minutes"),
        ("title: Ok\nstatus: peut-être", "statut inconnu « peut-être »"),
        ("title: Ok\nimage: pas-une-adresse", "« image » doit être une adresse http(s)"),
        ("description: sans titre", "la clé « title » est obligatoire"),
    ],
)
def test_wrong_types_are_errors_naming_the_key(tmp_path, front, message):
    path = write(tmp_path, "a.md", article(front))
    assert message in str(fails("import_markdown", str(path)))
    assert Article.objects.count() == 0


def test_unknown_keys_are_kept_and_synonyms_mapped(tmp_path):
    path = write(
        tmp_path,
        "a.md",
        article("title: Vidéo\nexerpt: Le chapeau.\nsoundcloudId: ab12\nweight: 3"),
    )
    run("import_markdown", str(path))
    saved = Article.objects.get()
    assert saved.excerpt == "Le chapeau."
    assert saved.front_matter_extra == {"soundcloudId": "ab12", "weight": 3}
    run("export_markdown", str(tmp_path / "out"))
    exported = (tmp_path / "out" / "video" / "index.md").read_text(encoding="utf-8")
    assert "soundcloudId: ab12\nweight: 3\n" in exported and "excerpt: Le chapeau." in exported


# --- Options, transactions, idempotence ----------------------------------------------------


def test_dry_run_shows_articles_and_roles_and_writes_nothing(seed_file):
    output = run("import_markdown", "--dry-run", str(seed_file))
    assert "serait créé : les-metiers-de-lequipe-revenu" in output
    assert "rôle vigie-des-chiffres : serait créé" in output
    assert "Simulation, rien n'a été écrit" in output
    assert Article.objects.count() == 0 and ImageAsset.objects.count() == 0


def test_importing_twice_changes_nothing_and_says_so(seed_file):
    run("import_markdown", str(seed_file))
    before = {
        "articles": list(Article.objects.values_list("pk", "updated_at")),
        "roles": list(Role.objects.values_list("pk", "updated_at")),
        "missions": sorted(Role.objects.values_list("missions__pk", flat=True)),
    }
    output = run("import_markdown", str(seed_file))
    assert "inchangé : les-metiers-de-lequipe-revenu" in output
    assert "0 créé(s), 0 mis à jour, 1 inchangé(s)" in output
    assert before == {
        "articles": list(Article.objects.values_list("pk", "updated_at")),
        "roles": list(Role.objects.values_list("pk", "updated_at")),
        "missions": sorted(Role.objects.values_list("missions__pk", flat=True)),
    }


def test_a_changed_file_updates_in_place_and_removes_dropped_roles(tmp_path):
    bundle = tmp_path / "site" / "equipe"
    write(bundle, "index.md", article("title: Équipe"))
    write(
        bundle,
        "roles/01-coach.md",
        article("title: Coach\nnickname: le mentor\nmissions:\n  - Former"),
    )
    write(bundle, "roles/02-analyste.md", article("title: Analyste"))
    run("import_markdown", str(tmp_path / "site"))
    article_id = Article.objects.get().pk
    coach_id = Role.objects.get(slug="coach").pk
    write(
        bundle,
        "roles/01-coach.md",
        article("title: Coach\nnickname: le guide\nmissions:\n  - Former"),
    )
    (bundle / "roles" / "02-analyste.md").unlink()
    output = run("import_markdown", "--dry-run", str(tmp_path / "site"))
    assert (
        "rôle coach : serait mis à jour" in output and "rôle analyste : serait supprimé" in output
    )
    output = run("import_markdown", str(tmp_path / "site"))
    assert "mis à jour : equipe" in output
    assert Article.objects.get().pk == article_id
    assert Article.objects.get().history.count() == 2  # a revision per import that changed it
    assert Role.objects.get(pk=coach_id).history.count() == 2
    assert list(Role.objects.values_list("pk", "nickname")) == [(coach_id, "le guide")]


def test_an_error_anywhere_rolls_back_the_whole_run(tmp_path):
    write(tmp_path / "site" / "bon", "index.md", article("title: Bon"))
    write(tmp_path / "site" / "mauvais", "index.md", article("title: Mauvais\ndate: hier"))
    error = fails("import_markdown", str(tmp_path / "site"))
    assert "mauvais/index.md:3: la clé « date » n'est pas une date" in str(error)
    assert "rien n'a été importé" in str(error)
    assert Article.objects.count() == 0


def test_skip_invalid_imports_the_valid_files_and_lists_the_others(tmp_path):
    write(tmp_path / "site" / "bon", "index.md", article("title: Bon"))
    write(tmp_path / "site" / "mauvais", "index.md", article("title: Mauvais\ndate: hier"))
    write(tmp_path / "site" / "casse", "index.md", b"---\ntitle: \xff\n---\n")
    error = fails("import_markdown", "--skip-invalid", str(tmp_path / "site"))
    assert error.returncode == 1
    assert "2 fichier(s) invalide(s) ignoré(s)" in str(error)
    assert "mauvais" in str(error) and "casse" in str(error)
    assert list(Article.objects.values_list("slug", flat=True)) == ["bon"]


def test_strict_turns_warnings_into_errors(tmp_path):
    path = write(tmp_path, "a.md", article("title: Daté\ndate: 2024-25-03"))
    error = str(fails("import_markdown", "--strict", str(path)))
    assert "mode strict" in error and "date impossible" in error
    assert Article.objects.count() == 0


def test_status_options_override_the_file(tmp_path):
    # Tagged: an article without a tag (a checklist error) would come in as a draft anyway.
    draft = write(tmp_path, "a.md", article("title: Brouillon\nstatus: draft\ntags: [ops]"))
    plain = write(tmp_path, "b.md", article("title: Sans statut\ntags: [ops]"))
    run("import_markdown", str(draft), str(plain))
    assert dict(Article.objects.values_list("slug", "status")) == {
        "brouillon": "draft",
        "sans-statut": "published",
    }
    run("import_markdown", "--publish", str(draft))
    assert Article.objects.get(slug="brouillon").status == "published"
    run("import_markdown", "--draft", str(plain))
    assert Article.objects.get(slug="sans-statut").status == "draft"


def test_media_dir_attaches_image_files_to_their_assets(tmp_path, seed_file, client):
    media = tmp_path / "medias"
    write(media, f"{IMAGE_IDS[0]}.png", image_bytes(120, 80))
    write(media, f"{IMAGE_IDS[4]}.jpg", image_bytes(60, 60, fmt="JPEG"))
    run("import_markdown", "--publish-anyway", "--media-dir", str(media), str(seed_file))
    assert ImageAsset.objects.get(pk=IMAGE_IDS[0]).width == 120
    assert Role.objects.get(slug="vigie-des-chiffres").image.file
    assert ImageAsset.objects.missing_file().count() == 5
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert 'width="120"' in page and 'height="80"' in page


def test_media_dir_file_that_is_not_an_image_is_an_error(tmp_path, seed_file):
    media = tmp_path / "medias"
    write(media, f"{IMAGE_IDS[0]}.png", b"<html>pas une image</html>")
    error = str(fails("import_markdown", "--media-dir", str(media), str(seed_file)))
    assert f"{IMAGE_IDS[0]}.png: image refusée : Ce fichier n'est pas une image" in error
    assert Article.objects.count() == 0


def test_directories_are_walked_for_bundles_and_single_files(tmp_path):
    write(tmp_path / "site" / "a" / "bundle", "index.md", article("title: Paquet"))
    write(tmp_path / "site" / "b", "seul.md", article("title: Seul"))
    write(tmp_path / "site" / "b", "notes.txt", "pas du Markdown")
    run("import_markdown", str(tmp_path / "site"))
    assert sorted(Article.objects.values_list("slug", flat=True)) == ["bundle", "seul"]


def test_missing_path_is_a_usage_error(tmp_path):
    error = fails("import_markdown", str(tmp_path / "absent"))
    assert error.returncode == 2 and "chemin introuvable" in str(error)


def test_command_line_exit_codes(tmp_path):
    """0 on success, 1 on errors, 2 on usage errors, as a shell sees them."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}

    def cli(*args):
        return subprocess.run(
            [sys.executable, "manage.py", "import_markdown", *args],
            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
        )  # fmt: skip

    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=settings.BASE_DIR, env=env, check=True
    )
    assert cli().returncode == 2  # no path: argparse usage error
    assert cli(str(tmp_path / "absent")).returncode == 2
    bad = write(tmp_path, "bad.md", article("title: x\ndate: hier"))
    result = cli(str(bad))
    assert result.returncode == 1 and "bad.md:3" in result.stderr
    good = write(tmp_path, "good.md", article("title: Bien"))
    assert cli(str(good)).returncode == 0


# --- Links -------------------------------------------------------------------------------


def test_links_to_the_original_site_become_local_when_the_article_exists(tmp_path):
    write(tmp_path / "site" / "cible", "index.md", article("title: Cible"))
    write(
        tmp_path / "site" / "source",
        "index.md",
        article(
            "title: Source",
            "Voir [la cible](https://www.ocobo.co/blog/cible) et "
            "[l'absent](https://www.ocobo.co/blog/absent).\n",
        ),
    )
    run("import_markdown", str(tmp_path / "site"))
    body = Article.objects.get(slug="source").body
    assert "[la cible](/blog/cible/)" in body
    assert "(https://www.ocobo.co/blog/absent)" in body
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_links", stdout=out)
    assert (
        "source:1 : lien vers l'ancien site sans article ici : https://www.ocobo.co/blog/absent"
        in out.getvalue()
    )


def test_check_links_reports_broken_internal_links_and_missing_images(tmp_path, seed_file):
    write(tmp_path / "site" / "x", "index.md", article("title: X", "[Perdu](/blog/nulle-part/)\n"))
    run("import_markdown", str(tmp_path / "site"), str(seed_file))
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("check_links", stdout=out)
    report = out.getvalue()
    assert "x:1 : lien cassé vers /blog/nulle-part/ (article inconnu)" in report
    assert f"image {IMAGE_IDS[0]} sans fichier" in report
    assert "article dédié sur l'ancien site : https://www.ocobo.co/blog/autre-article" in report
    assert error.value.returncode == 1


# --- Round trips -------------------------------------------------------------------------


def snapshot(tmp_path, name):
    run("export_markdown", str(tmp_path / name))
    root = tmp_path / name
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("source", ["seed", "demo"])
def test_round_trips(tmp_path, seed_file, source):
    """import → export → import gives the same state; export → import → export, the same bytes."""
    path = seed_file if source == "seed" else settings.BASE_DIR / "content"
    run("import_markdown", str(path))
    first = snapshot(tmp_path, "one")
    output = run("import_markdown", str(tmp_path / "one"))
    assert "0 créé(s), 0 mis à jour" in output  # the export describes the same state
    Article.objects.all().delete()
    ImageAsset.objects.all().delete()
    run("import_markdown", str(tmp_path / "one"))
    assert snapshot(tmp_path, "two") == first


def test_export_writes_only_inside_its_directory_and_says_what(tmp_path, make_article):
    make_article(slug="normal")
    before = set(tmp_path.iterdir())
    written = run("export_markdown", str(tmp_path / "out")).splitlines()
    assert set(tmp_path.iterdir()) - before == {tmp_path / "out"}
    assert f"écrit : {tmp_path / 'out' / 'normal' / 'index.md'}" in written
    assert written[-1] == "3 fichier(s) écrit(s)."


def test_export_refuses_a_path_that_escapes_its_directory(tmp_path):
    with pytest.raises(ValueError, match="hors du dossier d'export"):
        _write(tmp_path / "out", "../evil.md", b"x")
    assert not (tmp_path / "evil.md").exists()


# --- Hostile YAML: alias bombs, foreign tags, oversized values ---------------------------


def alias_bomb(levels):
    """A billion-laughs `tags.yml`: each level repeats the one before nine times."""
    lines = ['a0: &a0 ["rire","rire","rire","rire","rire","rire","rire","rire","rire"]']
    for level in range(1, levels):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"ops: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def site_with(tmp_path, name, content):
    write(tmp_path / "site" / "bon", "index.md", article("title: Bon"))
    write(tmp_path / "site", name, content)
    return str(tmp_path / "site")


def test_alias_bomb_in_tags_file_is_refused_with_its_line(tmp_path):
    bomb = alias_bomb(6)
    assert len(bomb.encode()) < 400
    error = fails("import_markdown", site_with(tmp_path, "tags.yml", bomb))
    assert error.returncode == 1
    assert "tags.yml:1: les ancres et alias YAML (&, *) ne sont pas acceptés" in str(error)
    assert Article.objects.count() == 0 and not Tag.objects.exists()


def test_alias_in_authors_file_is_refused(tmp_path):
    content = "ethel: &e\n  name: Ethel\nmarc: *e\n"
    error = str(fails("import_markdown", site_with(tmp_path, "authors.yml", content)))
    assert "authors.yml:1: les ancres et alias YAML" in error
    assert not Author.objects.exists()


def test_oversized_site_file_is_refused(tmp_path):
    content = "".join(f"tag{n}: Libellé {n}\n" for n in range(5000))
    error = str(fails("import_markdown", site_with(tmp_path, "tags.yml", content)))
    assert "tags.yml: fichier trop long (plus de 64 Kio)" in error
    assert not Tag.objects.exists()


def test_site_file_values_longer_than_the_columns_are_refused(tmp_path):
    content = "ops: L'Ops\ndata: " + "D" * 101 + "\n"
    error = str(fails("import_markdown", site_with(tmp_path, "tags.yml", content)))
    assert "tags.yml:2: « data » : label trop long (101 caractères, maximum 100)" in error
    content = "ethel:\n  name: Ethel\nmarc:\n  name: " + "M" * 121 + "\n"
    error = str(fails("import_markdown", site_with(tmp_path, "authors.yml", content)))
    assert "authors.yml:3: « marc » : name trop long (121 caractères, maximum 120)" in error
    content = "marc:\n  name: Marc\n  bio: " + "b" * 2001 + "\n"
    error = str(fails("import_markdown", site_with(tmp_path, "authors.yml", content)))
    assert "authors.yml:1: « marc » : bio trop long (2001 caractères, maximum 2000)" in error
    assert not Tag.objects.exists() and not Author.objects.exists()
    assert Article.objects.count() == 0


def test_valid_site_files_still_load(tmp_path):
    site = site_with(tmp_path, "tags.yml", "ops: L'Ops\n")
    write(tmp_path / "site", "authors.yml", "ethel:\n  name: Ethel\n  bio: Elle pilote.\n")
    run("import_markdown", site)
    assert Tag.objects.get(slug="ops").label == "L'Ops"
    assert Author.objects.get(slug="ethel").bio == "Elle pilote."


PYTHON_TAG = '!!python/object/apply:os.system ["echo pwned"]'


def test_python_tag_in_front_matter_is_refused_not_run(tmp_path, capfd):
    path = write(tmp_path, "a.md", article(f"title: Piège\ndescription: {PYTHON_TAG}"))
    error = fails("import_markdown", str(path))
    assert error.returncode == 1
    assert (
        "a.md:3: balise YAML non autorisée « tag:yaml.org,2002:python/object/apply:os.system »"
        in str(error)
    )
    assert "pwned" not in capfd.readouterr().out
    assert Article.objects.count() == 0


def test_python_tag_in_a_text_key_is_refused(tmp_path):
    path = write(tmp_path, "a.md", article('title: !!python/str "Piège"'))
    assert "a.md:2: balise YAML non autorisée" in str(fails("import_markdown", str(path)))


def test_python_tag_in_site_file_is_refused(tmp_path):
    content = f"ops: L'Ops\ndata: {PYTHON_TAG}\n"
    error = fails("import_markdown", site_with(tmp_path, "tags.yml", content))
    assert error.returncode == 1
    assert "tags.yml:2: balise YAML non autorisée" in str(error)
    assert not Tag.objects.exists()


def test_python_tag_command_exits_with_one_and_a_message(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=settings.BASE_DIR, env=env, check=True
    )
    path = write(tmp_path, "a.md", article(f"title: Piège\ndescription: {PYTHON_TAG}"))
    result = subprocess.run(
        [sys.executable, "manage.py", "import_markdown", str(path)],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    assert "a.md:3: balise YAML non autorisée" in result.stderr
    assert "Traceback" not in result.stderr and "pwned" not in result.stdout
