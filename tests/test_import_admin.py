"""The admin's import page (preview, then confirm) and its « Exporter en Markdown » action."""

import io
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from clients.models import CaseStudy
from tests.markdown_fixtures import article, mac_roman_mojibake, seed_shaped

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/importer/"


@pytest.fixture(autouse=True)
def pending_dir(settings, tmp_path):
    settings.PENDING_IMPORT_DIR = tmp_path / "imports-en-attente"
    return settings.PENDING_IMPORT_DIR


def upload(name, data):
    return SimpleUploadedFile(name, data)


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_import_page_is_linked_from_the_article_list(staff_client):
    html = staff_client.get("/admin/articles/article/").content.decode()
    assert f'href="{URL}"' in html and "Importer du Markdown" in html


def test_upload_shows_a_preview_then_imports_on_confirmation(staff_client):
    """First a dry run with the command's messages; nothing is written until confirmed."""
    data = mac_roman_mojibake(seed_shaped())
    response = staff_client.post(URL, {"file": upload("export.md", data)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aperçu de l'import" in html
    assert "les-metiers-de-lequipe-revenu" in html and "sera créé" in html
    assert "vigie-des-chiffres : créé" in html
    assert "export.md:2: texte doublement encodé (mojibake) réparé" in html
    assert "export.md:7: date impossible" in html
    assert Article.objects.count() == 0
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    response = staff_client.post(URL, {"token": token}, follow=True)
    assert Article.objects.get().roles.count() == 5
    assert "Import terminé : 1 créé(s)" in response.content.decode()
    again = staff_client.post(URL, {"token": token}, follow=True)
    assert "déjà été fait" in again.content.decode()


def files_in(folder):
    return (
        sorted(p for p in Path(folder).rglob("*") if p.is_file()) if Path(folder).exists() else []
    )


def preview(client):
    html = client.post(
        URL, {"file": upload("bon.md", article("title: Bon").encode())}
    ).content.decode()
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_a_pending_upload_waits_out_of_public_media(staff_client, pending_dir, media_root):
    preview(staff_client)
    [waiting] = files_in(pending_dir)
    assert files_in(media_root) == []  # nothing the /media/ address could serve
    assert not waiting.resolve().is_relative_to(Path(media_root).resolve())
    for url in (f"/media/{waiting.name}", f"/media/imports-en-attente/{waiting.name}"):
        assert staff_client.get(url).status_code == 404


def test_a_pending_upload_is_deleted_once_confirmed(staff_client, pending_dir):
    token = preview(staff_client)
    assert len(files_in(pending_dir)) == 1
    staff_client.post(URL, {"token": token})
    assert Article.objects.filter(title="Bon").exists()
    assert files_in(pending_dir) == []


def test_cancelling_an_import_deletes_the_upload_and_writes_nothing(staff_client, pending_dir):
    token = preview(staff_client)
    html = staff_client.get(URL).content.decode()
    assert "Annuler" not in html  # offered only beside a preview
    response = staff_client.post(URL, {"token": token, "cancel": "Annuler"}, follow=True)
    assert "Import annulé : le fichier envoyé a été supprimé." in response.content.decode()
    assert files_in(pending_dir) == [] and Article.objects.count() == 0
    again = staff_client.post(URL, {"token": token}, follow=True)
    assert "a été annulé" in again.content.decode() and Article.objects.count() == 0


def test_the_preview_offers_to_cancel(staff_client):
    html = staff_client.post(URL, {"file": upload("bon.md", article("title: Bon").encode())})
    assert 'name="cancel" value="Annuler"' in html.content.decode()


def test_unconfirmed_uploads_are_purged_after_their_time(staff_client, pending_dir, settings):
    preview(staff_client)
    [old] = files_in(pending_dir)
    an_hour_and_more = time.time() - settings.PENDING_IMPORT_MAX_AGE - 60
    os.utime(old, (an_hour_and_more, an_hour_and_more))
    preview(staff_client)  # the page in use purges what has waited too long
    [recent] = files_in(pending_dir)
    assert recent != old and not old.exists()


def test_zip_of_bundles_imports_and_errors_write_nothing(staff_client):
    files = {
        "site/bon/index.md": article("title: Bon"),
        "site/mauvais/index.md": article("title: Mauvais\ndate: hier"),
    }
    html = staff_client.post(URL, {"file": upload("site.zip", zipped(files))}).content.decode()
    assert "Import refusé : rien n'a été écrit" in html
    assert "site/mauvais/index.md:3: la clé « date » n&#x27;est pas une date" in html
    assert 'name="token"' not in html
    assert Article.objects.count() == 0


def test_zip_with_a_path_escaping_the_archive_is_refused(staff_client):
    data = zipped({"../evil/index.md": article("title: Évasion")})
    html = staff_client.post(URL, {"file": upload("evil.zip", data)}).content.decode()
    assert "chemin refusé dans l&#x27;archive" in html
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("files", "shown"),
    [
        ({"site/LISEZMOI.txt": "rien"}, "site.zip: aucun fichier Markdown à importer."),
        (
            {"bon/index.md": article("title: Bon"), "tags.yml": "ops: [ouvert"},
            "tags.yml:2: YAML invalide",
        ),
    ],
)
def test_fatal_import_errors_name_files_inside_the_upload(staff_client, files, shown, tmp_path):
    """Never the server's temporary folder: the path as it is inside the uploaded zip."""
    html = staff_client.post(URL, {"file": upload("site.zip", zipped(files))}).content.decode()
    assert f'<p class="errornote">{shown}' in html or f"<li>{shown}" in html
    assert (
        "revops-import-" not in html
        and "contenu/" not in html
        and tempfile.gettempdir() not in html
    )
    assert Article.objects.count() == 0


def test_a_damaged_zip_member_is_named_not_a_server_error(staff_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("bon/index.md", article("title: Bon"))
    data = buffer.getvalue().replace(b"Un paragraphe", b"Un Paragraphe")  # CRC no longer matches
    response = staff_client.post(URL, {"file": upload("site.zip", data)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "site.zip: fichier illisible dans l&#x27;archive : « bon/index.md »." in html
    assert "revops-import-" not in html and Article.objects.count() == 0


def test_wrong_file_type_is_refused(staff_client):
    html = staff_client.post(URL, {"file": upload("photo.png", b"\x89PNG")}).content.decode()
    assert "Envoyez un fichier .md ou une archive .zip." in html


def test_import_page_requires_add_and_change_permissions(client, django_user_model):
    user = django_user_model.objects.create_user(
        "lecteur", password="x-long-pass-42", is_staff=True
    )
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_export_action_downloads_a_zip_of_bundles(staff_client, make_article, make_tag):
    first = make_article("Premier", slug="premier", tags=[make_tag("ops", "L'Ops")])
    make_article("Second", slug="second")
    response = staff_client.post(
        "/admin/articles/article/",
        {"action": "export_markdown", "_selected_action": [first.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="articles-')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["authors.yml", "premier/index.md", "tags.yml"]
    assert "title: Premier" in archive.read("premier/index.md").decode()
    assert "ops: L'Ops" in archive.read("tags.yml").decode()


def test_foreign_yaml_tag_is_a_message_on_the_import_page(staff_client):
    data = article('title: Piège\ndescription: !!python/object/apply:os.system ["echo pwned"]')
    response = staff_client.post(URL, {"file": upload("piege.md", data.encode())})
    html = response.content.decode()
    assert response.status_code == 200
    assert "piege.md:3: balise YAML non autorisée" in html
    assert Article.objects.count() == 0


def test_alias_bomb_in_tags_file_is_a_message_on_the_import_page(staff_client):
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nops: *b\n"
    files = {"bon/index.md": article("title: Bon"), "tags.yml": bomb}
    html = staff_client.post(URL, {"file": upload("site.zip", zipped(files))}).content.decode()
    assert "tags.yml:1: les ancres et alias YAML" in html
    assert Article.objects.count() == 0


def test_a_case_study_upload_is_previewed_as_a_case_study_never_an_article(staff_client):
    """The admin import page tells a case study apart (issue 21), writes nothing before the
    confirmation, and never makes it an article."""
    story = "---\nname: Une PME\nquotes:\n  - Enfin clair.\ndeliverables: [Tableau]\n---\nRécit.\n"
    response = staff_client.post(URL, {"file": upload("pme.md", story.encode())})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Étude de cas pme<br><small>pme.md</small>" in html and "sera créé" in html
    assert "dont 1 étude(s) de cas" in html
    assert not Article.objects.exists() and not CaseStudy.objects.exists()
