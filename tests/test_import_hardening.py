"""Hostile or mistaken import input: archives that would write outside their folder, media that
could run as the site, front-matter values of the wrong type or size, names no file system
holds, two files for one article, and the files a killed import leaves behind."""

import importlib
import io
import stat
import tempfile
import zipfile
from html import unescape
from pathlib import Path

import boto3
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import clear_url_caches

from articles import schema
from articles.models import Article, ImageAsset
from revops_site import urls as project_urls
from roles import schema as role_schema
from roles.models import Role
from tests.commands import run
from tests.conftest import image_bytes
from tests.test_import import write
from tests.test_import_admin import files_in, upload, zipped
from tests.test_s3_media import BUCKET, s3  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/importer/"
GOOD = "---\ntitle: Bon article\n---\nUn paragraphe.\n"
IMAGE_ID = "0b6c1f0e-3c52-4d8e-9a51-6f1c2d3e4a01"


@pytest.fixture(autouse=True)
def pending_dir(settings, tmp_path):
    settings.PENDING_IMPORT_DIR = tmp_path / "en-attente"
    return settings.PENDING_IMPORT_DIR


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """The server's temporary folder, where uploads are extracted: a test's own."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def cli(*args):
    """(the CommandError the import ends with, everything it printed)."""
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_markdown", *args, stdout=out, stderr=out)
    return error.value, out.getvalue()


def archive(*entries):
    """A zip of (ZipInfo or name, content) entries, written as given (no clean-up of names)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as handle:
        for info, content in entries:
            handle.writestr(info, content)
    return buffer.getvalue()


def symlink(name, target):
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target


# --- Item 1: archive entries that would land outside the extraction folder -------------------


HOSTILE = [
    (lambda planted: f"/{planted}", "chemin absolu"),  # `//media/x.html`: '//' fooled the check
    (lambda planted: "\\" + str(planted).replace("/", "\\"), "chemin absolu"),
    (lambda planted: str(planted), "chemin absolu"),
    (lambda planted: "C:\\x.html", "lecteur Windows"),
    (lambda planted: "c:/x.html", "lecteur Windows"),
    (lambda planted: "../x.html", "« .. » remonterait"),
    (lambda planted: "a/../../x.html", "« .. » remonterait"),
    (lambda planted: "x.html", "lien symbolique"),
]


@pytest.mark.parametrize(("entry", "reason"), HOSTILE)
def test_hostile_archive_entries_are_refused_and_nothing_is_written(
    staff_client, media_root, pending_dir, scratch, entry, reason
):
    """The preview names the entry and why, re-shows the form, and writes no file anywhere."""
    planted = Path(media_root) / "x.html"
    name = entry(planted)
    hostile = symlink(name, str(planted)) if reason == "lien symbolique" else (name, "<script>")
    data = archive(("bon/index.md", GOOD), hostile, ("bon/z.md", GOOD))
    response = staff_client.post(URL, {"file": upload("site.zip", data)})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert f"site.zip: chemin refusé dans l'archive : « {name} » ({reason}" in html
    assert 'name="token"' not in html and 'type="file"' in html
    assert Article.objects.count() == 0
    assert not planted.exists() and files_in(media_root) == []
    assert files_in(pending_dir) == [] and files_in(scratch) == []


@pytest.mark.parametrize(
    "entries",
    [
        [("site/a", "un fichier"), ("site/a/index.md", GOOD)],
        [("site/a/index.md", GOOD), ("site/a", "un fichier")],
        [("site/a/", ""), ("site/a", "un fichier")],
    ],
)
def test_a_file_and_a_folder_of_one_name_are_refused_naming_both(staff_client, scratch, entries):
    """Either order: a message naming both entries, never a server error."""
    response = staff_client.post(URL, {"file": upload("site.zip", archive(*entries))})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "« site/a » est un fichier, et aussi un dossier pour « site/a/" in html
    assert Article.objects.count() == 0 and files_in(scratch) == []


def test_archive_names_no_file_system_holds_are_refused(staff_client, scratch):
    """A name over 255 bytes, or one file twice: refused, named, nothing extracted."""
    long_name = "é" * 130 + ".md"  # 263 bytes
    data = archive(("bon/index.md", GOOD), (f"bon/{long_name}", GOOD))
    html = unescape(staff_client.post(URL, {"file": upload("a.zip", data)}).content.decode())
    assert f"« bon/{long_name} » (nom trop long (263 octets, 255 au plus)" in html
    data = archive(("bon/index.md", GOOD), ("bon/./index.md", GOOD))
    html = unescape(staff_client.post(URL, {"file": upload("b.zip", data)}).content.decode())
    assert "« bon/./index.md » (deux entrées pour le même fichier (« bon/index.md »)" in html
    assert Article.objects.count() == 0 and files_in(scratch) == []


def test_an_archive_with_its_root_folder_listed_imports(staff_client):
    """`./` (some tools list the archive's root) and `a/./b` are ordinary paths."""
    data = archive(("./", ""), ("bon/./index.md", GOOD))
    html = unescape(staff_client.post(URL, {"file": upload("a.zip", data)}).content.decode())
    assert "bon/index.md" in html and 'name="token"' in html


@pytest.fixture
def media_served(settings):
    """The project's URLs as `make serve` has them: uploaded media served by Django."""
    served = settings.SERVE_MEDIA
    settings.SERVE_MEDIA = True
    clear_url_caches()
    importlib.reload(project_urls)
    yield
    settings.SERVE_MEDIA = served
    clear_url_caches()
    importlib.reload(project_urls)


def test_media_never_serves_html_or_scripts(media_served, client, media_root):
    """Whatever lies under MEDIA_ROOT, /media/ serves images only, typed as images."""
    folder = Path(media_root) / "images"
    folder.mkdir(parents=True)
    for name in ("x.html", "x.HTM", "x.js", "x.mjs", "x.svg", "x.txt", "x.png.html", "x"):
        (folder / name).write_text("<script>alert(document.cookie)</script>")
    (folder / "vraie.png").write_bytes(image_bytes())
    (folder / "deguisee.jpg").write_text("<html><script>alert(1)</script></html>")
    for name in ("x.html", "x.HTM", "x.js", "x.mjs", "x.svg", "x.txt", "x.png.html", "x"):
        response = client.get(f"/media/images/{name}")
        assert response.status_code == 404 and b"<script>" not in response.content, name
    image = client.get("/media/images/vraie.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    disguised = client.get("/media/images/deguisee.jpg")
    assert disguised["Content-Type"] == "image/jpeg"  # never sniffed into a page
    assert disguised["X-Content-Type-Options"] == "nosniff"


@pytest.mark.usefixtures("s3")
def test_imported_images_are_stored_in_the_bucket_as_images(tmp_path):
    """On S3, an imported image's object has its image type (never text/html)."""
    write(tmp_path / "site", "guide/index.md", f"---\ntitle: Guide\n---\n![Vue]({IMAGE_ID})\n")
    write(tmp_path / "site", f"guide/images/{IMAGE_ID}.png", image_bytes())
    run("import_markdown", str(tmp_path / "site"))
    bucket = boto3.client("s3", region_name="eu-west-3")
    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert f"images/{IMAGE_ID}.png" in keys
    for key in keys:
        kind = bucket.head_object(Bucket=BUCKET, Key=key)["ContentType"]
        assert kind.startswith("image/"), (key, kind)


# --- Item 9: values of the wrong type or size, names no file can have -----------------------

WRONG = {
    schema.TEXT: ["[un, deux]", "{a: 1}"],
    schema.FLAG: ["2024", "[true]"],
    schema.LIST: ["{a: 1}", "2024", "[[un]]"],
}
WRONG_DATA = {
    "images": [
        "2024",
        "true",
        "{a: 1}",
        "[1, 2]",
        "[{alt: sans id}]",
        f"[{{id: {IMAGE_ID}, alt: [1]}}]",
    ],
    "background": ["[un]", "2024", "{experience: {a: 1}}"],
    "alternative_titles": ["{a: 1}", "2024", "[{title: [1]}]", "[{title: x, note: {a: 1}}]"],
}


def wrong_values(keys, where):
    for key in keys:
        values = WRONG_DATA[key.name] if key.type == schema.DATA else WRONG[key.type]
        for value in values:
            yield pytest.param(where, key.name, value, id=f"{where}-{key.name}-{value}")


MATRIX = [
    *wrong_values(schema.ARTICLE_KEYS, "article"),
    *wrong_values(role_schema.ROLE_KEYS, "role"),
]


def bad_bundle(site, where, key, value):
    """`mauvais/`, whose article (or role) holds `key: value`; returns (its file, the line)."""
    front = f"{key}: {value}\n" if key == "title" else f"title: Mauvais\n{key}: {value}\n"
    line = 2 if key == "title" else 3
    if where == "article":
        write(site, "mauvais/index.md", f"---\n{front}---\nTexte.\n")
        return "mauvais/index.md", line
    write(site, "mauvais/index.md", "---\ntitle: Mauvais\n---\nTexte.\n\n[[roles]]\n")
    write(site, "mauvais/roles/01-role.md", f"---\n{front}---\nIntro.\n")
    return "mauvais/roles/01-role.md", line


@pytest.mark.parametrize(("where", "key", "value"), MATRIX)
def test_a_wrong_type_leaves_its_file_out_and_the_others_in(tmp_path, where, key, value):
    """--skip-invalid: the bad file is named with its line, the good ones are imported."""
    site = tmp_path / "site"
    write(site, "bon/index.md", GOOD)
    write(site, "autre/index.md", "---\ntitle: Autre\n---\n")
    path, line = bad_bundle(site, where, key, value)
    error, output = cli(str(site), "--skip-invalid")
    assert error.returncode == 1
    assert f"erreur : {site / path}:{line}: " in output
    assert set(Article.objects.values_list("slug", flat=True)) == {"bon", "autre"}


def test_every_data_key_has_wrong_values_in_the_matrix():
    """A new structured key gets its wrong values listed here, and so its test."""
    data = {k.name for k in (*schema.ARTICLE_KEYS, *role_schema.ROLE_KEYS) if k.type == schema.DATA}
    assert data == set(WRONG_DATA)


@pytest.mark.parametrize(("where", "key", "value"), MATRIX[::2])
def test_a_wrong_type_is_a_message_on_the_import_page(staff_client, where, key, value, tmp_path):
    """The admin's preview lists the bad file with its line and offers to import the rest."""
    site = tmp_path / "site"
    write(site, "bon/index.md", GOOD)
    path, line = bad_bundle(site, where, key, value)
    files = {str(p.relative_to(site)): p.read_text() for p in site.rglob("*") if p.is_file()}
    data = zipped(files)
    response = staff_client.post(URL, {"file": upload("site.zip", data), "skip_invalid": "on"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert f"{path}:{line}: " in html and 'name="token"' in html


TOO_LONG = [
    ("article", "author", "a" * 130, 3),
    ("article", "tags", f"[{'b' * 130}]", 3),
    ("article", "slug", "c" * 250, 3),
    ("article", "images", f"[{{id: {IMAGE_ID}, alt: {'d' * 300}}}]", 3),
    ("role", "slug", "e" * 250, 3),
    ("role", "missions", f"[{'f' * 1100}]", 3),
    ("role", "background", f"{{experience: [{'g' * 1100}]}}", 3),
    ("role", "alternative_titles", f"[{{title: {'h' * 250}}}]", 3),
    ("role", "alternative_titles", f"[{{title: x, note: {'i' * 1100}}}]", 3),
    ("role", "tags", f"[{'j' * 130}]", 3),
]


@pytest.mark.parametrize(("where", "key", "value", "line"), TOO_LONG)
def test_values_longer_than_their_column_are_refused_with_their_line(
    tmp_path, where, key, value, line
):
    """What PostgreSQL would refuse mid-run (SQLite keeps it) is refused before, named."""
    site = tmp_path / "site"
    write(site, "bon/index.md", GOOD)
    path, line = bad_bundle(site, where, key, value)
    error, output = cli(str(site), "--skip-invalid")
    assert f"erreur : {site / path}:{line}: " in output and "au plus" in output
    assert list(Article.objects.values_list("slug", flat=True)) == ["bon"]


@pytest.mark.parametrize(
    ("content", "line", "shown"),
    [
        (b"---\ntitle: Nul\n---\nUn\n\ntexte \x00 binaire.\n", 6, "caractère nul (octet 0)"),
        (b'---\ntitle: "Nul \\0 ici"\n---\nTexte.\n', 2, "le caractère nul"),
        (b'---\ntitle: Nul\ntags: ["a\\0b"]\n---\nTexte.\n', 3, "le caractère nul"),
        (b"---\ntitle: Nul\nnote: .nan\n---\nTexte.\n", 3, "un nombre infini ou indéfini"),
    ],
)
def test_characters_no_database_keeps_are_refused_with_their_line(tmp_path, content, line, shown):
    """The null character (raw or `\\0`), `.nan`: PostgreSQL refuses them mid-run."""
    write(tmp_path / "site", "bon.md", GOOD)
    write(tmp_path / "site", "nul.md", content)
    error, output = cli(str(tmp_path / "site"), "--skip-invalid")
    assert f"{tmp_path / 'site' / 'nul.md'}:{line}: " in output and shown in output
    assert Article.objects.get().title == "Bon article"


def test_media_url_map_urls_no_file_can_have_are_warnings(tmp_path):
    """`%00` or a 300-byte name in a mapped image URL: a warning naming the line, no crash."""
    assets = tmp_path / "assets"
    assets.mkdir()
    prefix = "https://stockage.exemple.fr/posts"
    body = f"Texte.\n\n![Nul]({prefix}/a%00.png)\n\n![Long]({prefix}/{'x' * 300}.png)\n"
    write(tmp_path / "site", "images.md", f"---\ntitle: Images\n---\n{body}")
    write(tmp_path / "site", "bon.md", GOOD)
    output = run("import_markdown", "--media-url-map", f"{prefix}={assets}", str(tmp_path / "site"))
    assert "images.md:6: chemin refusé" in output and "caractère nul (%00)" in output
    assert "images.md:8: chemin refusé" in output and "(nom trop long pour un fichier)" in output
    assert Article.objects.count() == 2


def test_a_missing_media_dir_is_a_usage_error(tmp_path):
    write(tmp_path / "site", "bon.md", GOOD)
    error, _ = cli(str(tmp_path / "site"), "--media-dir", str(tmp_path / "absent"))
    assert error.returncode == 2 and "--media-dir: dossier introuvable" in str(error)


@pytest.mark.parametrize("name", ["a" * 230 + ".md", "é" * 200 + ".md"])
def test_a_markdown_upload_with_a_very_long_name_imports(staff_client, pending_dir, name):
    """A name of 233 or 403 bytes: previewed, named as sent, confirmed, nothing left over."""
    response = staff_client.post(URL, {"file": upload(name, GOOD.encode())})
    html = unescape(response.content.decode())
    assert response.status_code == 200 and name in html
    token = html.split('name="token" value="')[1].split('"')[0]
    assert staff_client.post(URL, {"token": token}).status_code == 200
    assert Article.objects.get().title == "Bon article" and files_in(pending_dir) == []


# --- Item 10: two files for one article, two roles for one slug ------------------------------


def test_two_files_for_one_article_are_refused_naming_both(tmp_path):
    """Refused together; with --skip-invalid both are left out and listed, every run."""
    site = tmp_path / "site"
    write(site, "guide.md", "---\ntitle: Guide\nslug: le-guide\n---\nPremier.\n")
    write(site, "le-guide/index.md", "---\ntitle: Guide bis\n---\nSecond.\n")
    write(site, "bon/index.md", GOOD)
    first, second = site / "guide.md", site / "le-guide" / "index.md"
    error, _ = cli(str(site))
    assert f"{first}:3: même article (slug « le-guide ») que « {second} »" in str(error)
    assert f"{second}: même article (slug « le-guide ») que « {first} »" in str(error)
    assert Article.objects.count() == 0
    for _ in range(2):
        error, output = cli(str(site), "--skip-invalid")
        assert f"ignoré : {first}" in output and f"ignoré : {second}" in output
        assert list(Article.objects.values_list("slug", flat=True)) == ["bon"]
    assert Article.history.count() == 1


def test_the_same_file_named_twice_is_imported_once(tmp_path):
    write(tmp_path / "site", "guide.md", GOOD)
    output = run("import_markdown", str(tmp_path / "site"), str(tmp_path / "site/../site/guide.md"))
    assert "1 créé(s), 0 mis à jour" in output


def test_two_files_for_one_article_in_an_upload_are_refused(staff_client):
    files = {"a/index.md": "---\ntitle: A\nslug: meme\n---\n", "meme/index.md": GOOD}
    html = unescape(
        staff_client.post(URL, {"file": upload("s.zip", zipped(files))}).content.decode()
    )
    assert "a/index.md:3: même article (slug « meme ») que « meme/index.md »" in html
    assert "meme/index.md: même article (slug « meme ») que « a/index.md »" in html
    assert 'name="token"' not in html


def test_two_roles_for_one_slug_are_refused_naming_both(tmp_path):
    """In a bundle (two files) and in a long file split into roles (two sections)."""
    site = tmp_path / "site"
    write(site, "guide/index.md", "---\ntitle: Guide\n---\n[[roles]]\n")
    write(site, "guide/roles/01-pilote.md", "---\ntitle: Pilote\n---\n")
    write(site, "guide/roles/02-autre.md", "---\ntitle: Autre\nslug: pilote\n---\n")
    sections = "".join(
        f"## Le Pilote\n\n**Son surnom : le {n}**\n\nTexte {n}.\n\n" for n in ("premier", "second")
    )
    write(site, "long.md", f"---\ntitle: Long\n---\nIntro.\n\n{sections}")
    error, output = cli(str(site), "--skip-invalid")
    first = site / "guide" / "roles" / "01-pilote.md"
    assert (
        f"{site}/guide/roles/02-autre.md:3: deux rôles pour le même slug « pilote » (le premier"
        in output
    )
    assert f"« {first} »" in output
    assert (
        f"{site}/long.md:12: deux rôles pour le même slug « pilote » (le premier : ligne 6)"
        in output
    )
    assert Article.objects.count() == 0 and Role.objects.count() == 0


# --- Item 15: a re-run after an import killed mid-way -----------------------------------------


def killed_import(site, *args):
    """The state SIGKILL leaves: the files the import stored, none of its rows (the rows went
    with the transaction; the deletion of files waits for a commit that never comes)."""
    run("import_markdown", *args, str(site))
    ImageAsset.objects.all().delete()
    Article.objects.all().delete()


def stored(media_root):
    return sorted(str(p.relative_to(media_root)) for p in files_in(media_root))


@pytest.mark.parametrize("mapped", [False, True])
def test_a_rerun_after_a_killed_import_stores_no_second_copy(tmp_path, media_root, mapped):
    """Same names as the first time (`images/<id>.png`, no suffix), no file left over."""
    site, assets = tmp_path / "site", tmp_path / "assets"
    prefix = "https://stockage.exemple.fr/posts"
    args = ("--media-url-map", f"{prefix}={assets}") if mapped else ()
    write(assets, "vue.png", image_bytes(900, 500))
    image = f"{prefix}/vue.png" if mapped else IMAGE_ID
    write(site, "guide/index.md", f"---\ntitle: Guide\n---\n![Vue]({image})\n")
    if not mapped:
        write(site, f"guide/images/{IMAGE_ID}.png", image_bytes(900, 500))
    killed_import(site, *args)
    orphans = stored(media_root)
    (Path(media_root) / orphans[-1]).with_name("w480-restedunerun.webp").write_bytes(b"x")
    run("import_markdown", *args, str(site))
    asset = ImageAsset.objects.get()
    assert asset.file.name == f"images/{asset.pk}.png"
    assert stored(media_root) == orphans
    assert set(orphans) == {asset.file.name, *(r["name"] for r in asset.renditions)}


def test_an_orphan_with_other_bytes_is_replaced_under_its_name(tmp_path, media_root):
    site = tmp_path / "site"
    write(site, "guide/index.md", f"---\ntitle: Guide\n---\n![Vue]({IMAGE_ID})\n")
    write(site, f"guide/images/{IMAGE_ID}.png", image_bytes(color=(1, 2, 3)))
    orphan = Path(media_root) / "images" / f"{IMAGE_ID}.png"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(image_bytes(color=(200, 0, 0)))
    run("import_markdown", str(site))
    assert ImageAsset.objects.get().file.name == f"images/{IMAGE_ID}.png"
    assert orphan.read_bytes() == image_bytes(color=(1, 2, 3))
    assert [p.name for p in orphan.parent.iterdir()] == [orphan.name]
