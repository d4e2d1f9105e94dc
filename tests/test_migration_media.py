"""Migrating a real blog repository with its images (`--media-url-map`), and the migration
report: images brought home, links made internal, redirects created, file by file."""

import re
from pathlib import Path

import pytest

from articles.models import Article, ImageAsset, Redirect
from roles.models import Role
from tests.commands import failure_text, run
from tests.conftest import image_bytes
from tests.test_import import write
from tests.test_import_admin import upload, zipped

pytestmark = pytest.mark.django_db

STORAGE = "https://storage.exemple.fr/content/posts"
SITE = "https://www.exemple.fr"

# The posts of a company blog as its repository holds them (our own sentences): images by
# absolute URL on the storage service, their files under assets/posts/.
FIRST = f"""---
title: Comprendre l'équipe revenu
author: camille-martin
description: Ce que fait une équipe revenu, rôle par rôle.
image: {STORAGE}/revops/hero.png
image_alt: Une équipe autour d'un tableau blanc
---

Une équipe revenu relie le marketing, les ventes et le service client.

![Le cycle du revenu]({STORAGE}/revops/cycle.png)

Voir aussi [le second article]({SITE}/blog/second-article).

![Schéma partagé]({STORAGE}/shared/sch%C3%A9ma%20commun.png "Le schéma")
"""

SECOND = f"""---
title: Second article
image: {STORAGE}/second/absente-en-tete.png
---

Un texte qui reprend le schéma.

![Le même schéma](<{STORAGE}/shared/schéma commun.png>)

![Une image perdue]({STORAGE}/second/absente.png)

![Une photo hébergée ailleurs](https://cdn.ailleurs.fr/img/photo.png)

![Une évasion]({STORAGE}/../../secret.png)

![Une évasion encodée]({STORAGE}/%2E%2E/%2E%2E/secret.png)

![Une copie du cycle]({STORAGE}/second/copie.png)

Un [lien vers le fichier]({STORAGE}/revops/cycle.png), pas une image.
"""

# Lines of SECOND (front matter from line 1) that name a file the import cannot bring home.
MISSING_HERO_LINE, MISSING_LINE, ESCAPE_LINES = 3, 10, (14, 16)

COLOURS = {"hero": (200, 40, 40), "cycle": (40, 160, 60), "shared": (30, 60, 200)}


@pytest.fixture
def repo(tmp_path):
    """A blog repository: blog/fr/*.md, assets/posts/<dir>/<file>; one file shared by two
    posts, one copy of another's bytes, one file outside the assets (never to be read)."""
    root = tmp_path / "ancien-blog"
    write(root, "blog/fr/Comprendre-Equipe-Revenu.md", FIRST)
    write(root, "blog/fr/second-article.md", SECOND)
    assets = root / "assets/posts"
    write(assets, "revops/hero.png", image_bytes(96, 64, color=COLOURS["hero"]))
    write(assets, "revops/cycle.png", image_bytes(96, 64, color=COLOURS["cycle"]))
    write(assets, "shared/schéma commun.png", image_bytes(96, 64, color=COLOURS["shared"]))
    write(assets, "second/copie.png", (assets / "revops/cycle.png").read_bytes())
    write(root, "secret.png", image_bytes(96, 64, color=(1, 2, 3)))
    return root


def migrate(repo, *options):
    return run(
        "import_markdown",
        "--media-url-map",
        f"{STORAGE}={repo / 'assets/posts'}",
        "--site-url",
        SITE,
        *options,
        str(repo / "blog/fr"),
    )


def media_files(media_root):
    root = Path(media_root)
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def totals(output):
    return re.search(r"Totaux : (.*)", output).group(1)


def test_images_under_the_mapped_prefix_are_brought_home_once_per_content(repo, client):
    """Three distinct files (one shared by two posts, one copied under another name) make three
    images; bodies name them by id, the hero is one, and the page shows them (published
    anyway: the posts have no tag, a checklist error)."""
    migrate(repo, "--publish-anyway")
    first = Article.objects.get(slug="comprendre-equipe-revenu")
    second = Article.objects.get(slug="second-article")
    assert ImageAsset.objects.count() == 3
    assert all(asset.file and asset.width == 96 for asset in ImageAsset.objects.all())
    hero, cycle, shared = (
        ImageAsset.objects.get(alt=alt)
        for alt in ("Une équipe autour d'un tableau blanc", "Le cycle du revenu", "Schéma partagé")
    )
    assert first.hero_image == hero and first.hero_image_url == ""
    assert f"![Le cycle du revenu]({cycle.pk})" in first.body
    assert f'![Schéma partagé]({shared.pk} "Le schéma")' in first.body
    assert STORAGE not in first.body
    # The same bytes by another URL (raw accents and spaces), or under another name: one image.
    assert f"![Le même schéma]({shared.pk})" in second.body
    assert f"![Une copie du cycle]({cycle.pk})" in second.body
    html = client.get(first.get_absolute_url()).content.decode()
    for asset in (hero, cycle, shared):
        assert asset.file.url in html
    assert STORAGE not in html


def test_what_cannot_be_brought_home_stays_an_external_image_with_a_warning(repo, client):
    """A missing file is a warning naming the file and the line, and stays an external image;
    a URL outside the folder is refused without reading it; an unmapped URL is left alone.
    The report names what was not brought home, and the images other sites still serve."""
    output = migrate(repo, "--publish-anyway")
    second = Article.objects.get(slug="second-article")
    path = repo / "blog/fr/second-article.md"
    assert f"{path}:{MISSING_LINE}: image introuvable : {STORAGE}/second/absente.png" in output
    assert f"{path}:{MISSING_HERO_LINE}: image introuvable : {STORAGE}/second/absente-en" in output
    for line in ESCAPE_LINES:
        assert f"{path}:{line}: chemin refusé : {STORAGE}/" in output
    assert "elle reste une image externe" in output
    assert second.hero_image is None
    assert second.hero_image_url == f"{STORAGE}/second/absente-en-tete.png"
    assert f"![Une image perdue]({STORAGE}/second/absente.png)" in second.body
    assert "![Une photo hébergée ailleurs](https://cdn.ailleurs.fr/img/photo.png)" in second.body
    assert f"![Une évasion]({STORAGE}/../../secret.png)" in second.body
    assert f"[lien vers le fichier]({STORAGE}/revops/cycle.png)" in second.body
    assert f"{STORAGE}/second/absente.png : non rapatriée (fichier introuvable ou refusé)" in output
    # An unmapped URL is no concern of the migration, but still an image from another site.
    assert "https://cdn.ailleurs.fr/img/photo.png" in output.split("images externes")[1]
    assert "cdn.ailleurs.fr" not in output.split("images externes")[0]
    assert ImageAsset.objects.count() == 3  # secret.png was never read
    html = client.get(second.get_absolute_url()).content.decode()
    assert f'src="{STORAGE}/second/absente.png"' in html


def test_the_report_tells_each_file_and_the_totals(repo):
    """Per file: its status, the images brought home (the shared one once), the links made
    internal, the redirects created and its warnings; then the totals."""
    output = migrate(repo)
    first = repo / "blog/fr/Comprendre-Equipe-Revenu.md"
    assert f"créé : comprendre-equipe-revenu — {first}" in output
    assert "images rapatriées : 3 (3 nouvelle(s))" in output
    shared = ImageAsset.objects.get(alt="Schéma partagé")
    assert f"<{STORAGE}/shared/schéma commun.png> → {shared.pk}" not in output
    assert f"{STORAGE}/shared/schéma commun.png → {shared.pk} (déjà importée)" in output
    assert "images rapatriées : 2 (0 nouvelle(s))" in output  # the second post's
    assert "liens rendus internes : 1" in output
    assert f"{SITE}/blog/second-article → /blog/second-article/" in output
    assert "redirections créées : 2" in output
    assert "/blog/Comprendre-Equipe-Revenu/ → /blog/comprendre-equipe-revenu/" in output
    assert totals(output) == (
        "2 créé(s), 0 mis à jour, 0 inchangé(s), 0 ignoré(s), 2 en brouillon (liste de "
        "contrôle), 3 image(s) rapatriée(s), "
        "1 lien(s) rendu(s) interne(s), 2 redirection(s) créée(s), 4 avertissement(s), "
        "0 erreur(s)"
    )
    assert Redirect.objects.count() == 2


def test_a_dry_run_gives_the_same_report_and_writes_nothing(repo, media_root):
    """The figures of the real run, and afterwards no row and no file under MEDIA_ROOT."""
    preview = migrate(repo, "--dry-run")
    assert "Simulation, rien n'a été écrit" in preview
    assert "serait créé : comprendre-equipe-revenu" in preview
    assert not Article.objects.exists() and not ImageAsset.objects.exists()
    assert not Redirect.objects.exists()
    assert media_files(media_root) == []
    real = migrate(repo)
    assert totals(preview) == totals(real)
    assert ImageAsset.objects.count() == 3
    assert {str(name) for name in media_files(media_root)} == stored_names()
    assert all(asset.file.name == f"images/{asset.pk}.png" for asset in ImageAsset.objects.all())


def test_importing_the_repository_again_changes_nothing(repo, media_root):
    """Same files: every article « inchangé », no new image, no new file, and the warnings
    still said."""
    migrate(repo)
    files = media_files(media_root)
    assets = set(ImageAsset.objects.values_list("pk", flat=True))
    again = migrate(repo)
    assert "inchangé : comprendre-equipe-revenu" in again
    assert totals(again).startswith(
        "0 créé(s), 0 mis à jour, 2 inchangé(s), 0 ignoré(s), 0 image(s) rapatriée(s), "
        "0 lien(s) rendu(s) interne(s), 0 redirection(s) créée(s), 4 avertissement(s)"
    )
    assert set(ImageAsset.objects.values_list("pk", flat=True)) == assets
    assert media_files(media_root) == files


def test_a_file_that_arrives_later_updates_its_post(repo):
    """The missing image added to the repository: the next import brings it home."""
    migrate(repo)
    write(repo, "assets/posts/second/absente.png", image_bytes(80, 60, color=(9, 9, 9)))
    output = migrate(repo)
    assert "mis à jour : second-article" in output
    assert "inchangé : comprendre-equipe-revenu" in output
    asset = ImageAsset.objects.get(alt="Une image perdue")
    assert f"![Une image perdue]({asset.pk})" in Article.objects.get(slug="second-article").body
    assert ImageAsset.objects.count() == 4


def test_a_file_that_is_no_image_is_a_warning_not_a_refusal(repo):
    """A mapped file Pillow cannot read stays an external image; the post is imported."""
    write(repo, "assets/posts/revops/cycle.png", b"pas une image")
    write(repo, "assets/posts/second/copie.png", b"pas une image")
    output = migrate(repo)
    assert f"image refusée : {STORAGE}/revops/cycle.png (Ce fichier n'est pas une image" in output
    first = Article.objects.get(slug="comprendre-equipe-revenu")
    assert f"![Le cycle du revenu]({STORAGE}/revops/cycle.png)" in first.body
    assert ImageAsset.objects.count() == 2


def test_role_images_and_role_texts_are_brought_home(tmp_path):
    """A bundle's role: its `image` URL becomes its image, its text's images too; a role
    image whose file is missing leaves the role without image, with a warning."""
    site = tmp_path / "site"
    write(site, "guide/index.md", "---\ntitle: Le guide\n---\nIntroduction.\n\n[[roles]]\n")
    write(
        site,
        "guide/roles/01-pilote.md",
        f"---\ntitle: Pilote\nimage: {STORAGE}/roles/pilote.png\nimage_alt: Le pilote\n---\n"
        f"Son tableau de bord :\n\n![Le tableau]({STORAGE}/roles/tableau.png)\n",
    )
    write(
        site, "guide/roles/02-vigie.md", f"---\ntitle: Vigie\nimage: {STORAGE}/roles/non.png\n---\n"
    )
    assets = tmp_path / "assets"
    write(assets, "roles/pilote.png", image_bytes(color=(1, 100, 1)))
    write(assets, "roles/tableau.png", image_bytes(color=(100, 1, 1)))
    output = run("import_markdown", "--media-url-map", f"{STORAGE}={assets}", str(site))
    pilote, vigie = Role.objects.order_by("order")
    assert pilote.image.alt == "Le pilote" and pilote.image.file
    tableau = ImageAsset.objects.get(alt="Le tableau")
    assert f"![Le tableau]({tableau.pk})" in pilote.intro
    assert vigie.image is None
    assert "02-vigie.md:3: image introuvable" in output and "le rôle reste sans image" in output


def test_a_refused_file_leaves_no_image_file_behind(repo, media_root):
    """--skip-invalid: the image files a refused post brought home go with its rows."""
    write(
        repo,
        "blog/fr/z-refuse.md",
        f"---\ntitle: Refusé\nstatus: bizarre\n---\n![Seule ici]({STORAGE}/revops/z.png)\n",
    )
    write(repo, "assets/posts/revops/z.png", image_bytes(color=(5, 200, 5)))
    output = failure_text(
        "import_markdown",
        "--skip-invalid",
        "--media-url-map",
        f"{STORAGE}={repo / 'assets/posts'}",
        str(repo / "blog/fr"),
    )
    assert "z-refuse.md" in output
    assert ImageAsset.objects.count() == 3
    assert {str(name) for name in media_files(media_root)} == stored_names()


def test_a_failed_run_leaves_no_image_file_behind(repo, media_root):
    """Without --skip-invalid, a refused post means nothing written: no row, no file."""
    write(repo, "blog/fr/z-refuse.md", "---\ntitle: Refusé\nstatus: bizarre\n---\nTexte.\n")
    error = failure_text(
        "import_markdown",
        "--media-url-map",
        f"{STORAGE}={repo / 'assets/posts'}",
        str(repo / "blog/fr"),
    )
    assert "rien n'a été importé" in error
    assert not ImageAsset.objects.exists() and media_files(media_root) == []


def test_a_dry_run_of_bundles_with_their_images_writes_no_file(tmp_path, media_root):
    """A bundle's images/<uuid>.png, previewed: no file is left in MEDIA_ROOT."""
    asset_id = "0b6c1f0e-3c52-4d8e-9a51-6f1c2d3e4a01"
    write(tmp_path, "site/guide/index.md", f"---\ntitle: Guide\n---\n![Un schéma]({asset_id})\n")
    write(tmp_path, f"site/guide/images/{asset_id}.png", image_bytes())
    output = run("import_markdown", "--dry-run", str(tmp_path / "site"))
    assert "serait créé : guide" in output
    assert media_files(media_root) == [] and not ImageAsset.objects.exists()


def test_a_redirect_missing_since_an_earlier_import_is_made_again(repo):
    """An unchanged post whose old address no longer redirects gets it back, and says so."""
    migrate(repo)
    Redirect.objects.all().delete()
    output = migrate(repo)
    assert "inchangé : comprendre-equipe-revenu" in output and "redirections créées : 2" in output
    assert Redirect.objects.count() == 2
    assert "0 redirection(s) créée(s)" in totals(migrate(repo))


def stored_names():
    """Every file the images in the database name: theirs and their renditions'."""
    names = set()
    for asset in ImageAsset.objects.all():
        names |= {asset.file.name, *(item["name"] for item in asset.renditions)}
    return names


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("https://storage.exemple.fr/content", "attendu PRÉFIXE=DOSSIER"),
        ("https://storage.exemple.fr/content=/nulle/part", "dossier introuvable : /nulle/part"),
    ],
)
def test_a_wrong_media_url_map_is_a_usage_error(tmp_path, value, message):
    path = write(tmp_path, "a.md", "---\ntitle: A\n---\nTexte.\n")
    error = failure_text("import_markdown", "--media-url-map", value, str(path))
    assert message in error and not Article.objects.exists()


# --- The same report on the admin's import page -------------------------------------------

ADMIN_URL = "/admin/articles/article/importer/"
OLD_SITE = "https://www.ocobo.co/blog"  # LEGACY_BLOG_URLS by default

UPLOADED_POST = f"""---
title: Comprendre l'équipe revenu
description: {"Une description bien plus longue que ce que montrent les moteurs. " * 4}
---

Voir [le second]({OLD_SITE}/second-article/).
"""

# A case study (issue 21) whose video id is not one: left out, the others imported.
STORY = (
    "---\nname: Une PME\nquotes:\n  - Enfin clair.\ndeliverables: [Tableau]\n"
    "youtubeId: trop-court\n---\nRécit.\n"
)


@pytest.fixture
def uploaded_blog(settings, tmp_path):
    settings.PENDING_IMPORT_DIR = tmp_path / "imports-en-attente"
    files = {
        "blog/fr/Comprendre-Equipe-Revenu.md": UPLOADED_POST,
        "blog/fr/second-article.md": "---\ntitle: Second\n---\nTexte.\n",
        "stories/pme.md": STORY,
    }
    return upload("blog.zip", zipped(files))


def test_the_import_page_shows_the_report_before_and_after(staff_client, uploaded_blog):
    """Preview and confirmation show, per file, what was (or will be) done: status, links
    made internal, redirects, warnings with their lines, the file left out; then totals."""
    response = staff_client.post(ADMIN_URL, {"file": uploaded_blog, "skip_invalid": "on"})
    html = response.content.decode()
    figures = (
        "2 créé(s), 0 mis à jour, 0 inchangé(s), 1 ignoré(s), 2 en brouillon (liste de "
        "contrôle), 0 image(s) rapatriée(s), "
        "1 lien(s) rendu(s) interne(s), 2 redirection(s) créée(s), 1 avertissement(s), "
        "1 erreur(s)"
    )
    assert f"Totaux prévus : {figures}." in html
    row = re.search(r"<tr>\s*<th scope=\"row\">comprendre-equipe-revenu<br>(.*?)</tr>", html, re.S)
    assert "<small>blog/fr/Comprendre-Equipe-Revenu.md</small>" in row.group(1)
    cells = re.findall(r"<td>(.*?)</td>", row.group(1))
    verdict = 'sera créé<br><strong class="import-verdict">importé en brouillon</strong>'
    assert cells == [verdict, "0", "1", "2", "1", "1"]  # the last: points to review
    assert "Erreur : Aucun tag : ajoutez-en au moins un." in html
    assert "stories/pme.md</small></th>\n          <td>sera ignoré</td>" in html
    assert "pme.md:6: « youtubeId » doit être les 11 caractères après « v= »" in html
    assert "Redirections créées (2)" in html
    assert "/blog/Comprendre-Equipe-Revenu/ → /blog/comprendre-equipe-revenu/" in html
    assert f"{OLD_SITE}/second-article/ → /blog/second-article/" in html
    assert "blog/fr/Comprendre-Equipe-Revenu.md:3: description de" in html
    assert not Article.objects.exists() and not Redirect.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    done = staff_client.post(ADMIN_URL, {"token": token}).content.decode()
    assert f"Import terminé : {figures}." in done
    assert "<td>créé<br>" in done and "Redirections créées (2)" in done
    assert 'href="/admin/articles/article/">Voir les articles</a>' in done
    assert Article.objects.count() == 2 and Redirect.objects.count() == 2
