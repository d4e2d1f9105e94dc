"""The image library stays clean: the same file dropped twice is one image (editor drop and
the image admin), the name it was dropped with is kept and shown, and « Inutilisée » lists
the images nothing shows."""

import hashlib
import importlib
import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import ImageAsset
from articles.models.media import CONTENT_NAMESPACE, readable_name
from tests.conftest import image_bytes
from tests.migration_state import apps_at

pytestmark = pytest.mark.django_db

UPLOAD = "/admin-markdown/image/"


def drop(client, data, name="schema.png", alt="Le cycle"):
    return client.post(UPLOAD, {"image": SimpleUploadedFile(name, data, "image/png"), "alt": alt})


def test_the_same_file_dropped_twice_is_one_image(staff_client):
    data = image_bytes(200, 100)
    first = drop(staff_client, data).json()
    second = drop(staff_client, data, name="copie de schema.png", alt="").json()
    assert first["id"] == second["id"] and second["existing"] is True and first["existing"] is False
    assert ImageAsset.objects.count() == 1
    asset = ImageAsset.objects.get()
    assert asset.original_name == "schema.png" and asset.alt == "Le cycle"
    assert second["image_code"] == f'![Le cycle]({asset.pk} "schema.png")'
    other = drop(staff_client, image_bytes(200, 100, color=(200, 10, 10))).json()
    assert other["id"] != first["id"] and ImageAsset.objects.count() == 2


def test_a_file_the_importer_brought_is_found_by_its_id(staff_client, make_asset):
    data = image_bytes(120, 80)
    digest = hashlib.sha256(data).hexdigest()
    imported = make_asset(alt="Importée", id=uuid.uuid5(CONTENT_NAMESPACE, digest))
    response = drop(staff_client, data).json()
    assert response["id"] == str(imported.pk) and response["existing"] is True
    assert ImageAsset.objects.count() == 1


def test_the_image_admin_refuses_a_copy_and_names_the_original(staff_client):
    data = image_bytes(300, 200)
    drop(staff_client, data)
    original = ImageAsset.objects.get()
    response = staff_client.post(
        "/admin/articles/imageasset/add/",
        {"file": SimpleUploadedFile("encore.png", data, "image/png"), "alt": "Copie",
         "original_name": "", "caption": "", "credit": "", "focal_x": "0.5", "focal_y": "0.5"},
    )  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce fichier est déjà dans la bibliothèque" in html
    assert f'href="/admin/articles/imageasset/{original.pk}/change/">schema.png</a>' in html
    assert ImageAsset.objects.count() == 1


def test_the_image_admin_keeps_the_dropped_name_and_lists_it(staff_client):
    response = staff_client.post(
        "/admin/articles/imageasset/add/",
        {"file": SimpleUploadedFile("Schéma du cycle.png", image_bytes(), "image/png"),
         "alt": "Cycle", "original_name": "", "caption": "", "credit": "",
         "focal_x": "0.5", "focal_y": "0.5"},
    )  # fmt: skip
    assert response.status_code == 302
    asset = ImageAsset.objects.get()
    assert asset.original_name == "Schéma du cycle.png" and len(asset.content_hash) == 64
    assert asset.file.name == f"images/{asset.pk}.png"  # stored under its id, named for people
    listing = staff_client.get("/admin/articles/imageasset/").content.decode()
    assert ">Schéma du cycle.png</span>" in listing
    page = staff_client.get(f"/admin/articles/imageasset/{asset.pk}/change/").content.decode()
    assert f"![Cycle]({asset.pk} &quot;Schéma du cycle.png&quot;)" in page
    assert (
        staff_client.get("/admin/articles/imageasset/?q=schema+cycle")
        .content.decode()
        .count('class="media-file"')
        == 1
    )


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\\\Users\\\\moi\\\\schema.png", "schema.png"),
        ('un "titre" fin.png', "un titre fin.png"),
        ("dossier\\\\schema.png", "schema.png"),  # a backslash is a Windows path's separator
        ("ligne\nsuivante\x00.png", "ligne suivante.png"),
        ("[lien](x).png", "lien (x).png"),
        ("a" * 200 + ".png", "…" + ("a" * 200 + ".png")[-119:]),
    ],
)
def test_a_dropped_name_is_made_safe_for_the_markdown_title(given, kept):
    assert readable_name(given) == kept


def test_the_markdown_with_a_title_renders_the_image(client, make_article, make_asset):
    """What the editor inserts is CommonMark's image with a title: the page shows the image."""
    asset = make_asset(alt="Le cycle", original_name="schema.png")
    article = make_article("Avec schéma", slug="schema", body=f"## Cycle\n\n{asset.markdown}\n")
    assert asset.markdown == f'![Le cycle]({asset.pk} "schema.png")'
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(rf'<img[^>]+src="[^"]*{asset.pk}[^"]*"[^>]*alt="Le cycle"', html) or (
        f"{asset.pk}" in html and 'alt="Le cycle"' in html
    )
    assert "Image manquante" not in html and "schema.png&quot;" not in html


def test_the_unused_filter_lists_the_images_nothing_shows(staff_client, make_article, make_asset):
    hero, in_text, alone = (
        make_asset(alt="Héros"),
        make_asset(alt="Dans le texte"),
        make_asset(alt="Seule"),
    )
    make_article(
        "Avec images", slug="avec", hero_image=hero, body=f"![Dans le texte]({in_text.pk})"
    )
    assert set(ImageAsset.objects.unused()) == {alone}
    page = staff_client.get("/admin/articles/imageasset/?utilisation=inutilisee").content.decode()
    assert "Inutilisée" in page
    assert (
        ">Seule</strong>" in page
        and ">Héros</strong>" not in page
        and ">Dans le texte</strong>" not in page
    )
    used = staff_client.get("/admin/articles/imageasset/?utilisation=utilisee").content.decode()
    assert (
        ">Héros</strong>" in used
        and ">Dans le texte</strong>" in used
        and ">Seule</strong>" not in used
    )


def test_an_image_uploaded_before_the_hashes_is_found_once_migrated(staff_client, make_asset):
    """Images of an older library have no hash: the migration that adds it reads their bytes,
    so dropping one of their files again finds it; an image without its file is left alone."""
    old = make_asset(alt="Ancienne")
    lost = make_asset(alt="Perdue")
    lost.file.storage.delete(lost.file.name)
    ImageAsset.objects.update(content_hash="")
    data = old.file.open("rb").read()
    old.file.close()
    migration = importlib.import_module("articles.migrations.0020_backfill_image_hashes")
    migration.fill(apps_at("articles", "0020_backfill_image_hashes"), None)
    assert ImageAsset.objects.get(pk=lost.pk).content_hash == ""
    response = drop(staff_client, data).json()
    assert response["id"] == str(old.pk) and response["existing"] is True
    assert ImageAsset.objects.count() == 2
