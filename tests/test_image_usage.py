"""Where an image is used: found from what the renderer drew (`rendered_meta`), whatever case
the Markdown wrote its id in, on SQLite and PostgreSQL alike; an image in use is never deleted,
and the page keeps showing it."""

import importlib
import re
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import ProtectedError

from articles.models import Article, ImageAsset
from roles.models import Mission, Role
from tests.conftest import image_bytes
from tests.migration_state import apps_at

pytestmark = pytest.mark.django_db

LIBRARY = "/admin/articles/imageasset/"


def photo(alt):
    asset = ImageAsset(alt=alt)
    asset.file.save("photo.jpg", ContentFile(image_bytes(1000, 600, "JPEG")), save=False)
    asset.save()
    return asset


def library_row(staff_client, asset):
    html = staff_client.get(LIBRARY).content.decode()
    return next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if f">{asset.alt}<" in r)


def picture_files(page):
    """The storage names of every file the page's pictures load (src and srcset)."""
    urls = []
    for picture in re.findall(r"<picture\b.*?</picture>", page, re.S):
        for srcset in re.findall(r'srcset="([^"]*)"', picture):
            urls.extend(candidate.split()[0] for candidate in srcset.split(","))
        urls.extend(re.findall(r'src="([^"]*)"', picture))
    assert urls, "no picture on the page"
    return [unquote(url.removeprefix(settings.MEDIA_URL)) for url in urls]


def test_an_image_named_in_capitals_is_in_use_and_cannot_be_deleted(
    client, staff_client, make_article
):
    """`![…](C91AD3A9-…)`: the library lists the article, the delete page and the delete action
    refuse and say why (in French), and the article keeps a picture whose files exist."""
    asset = photo("Schéma des piliers")
    article = make_article(
        "Les piliers", slug="piliers", body=f"![Schéma]({str(asset.pk).upper()})"
    )
    change = f"/admin/articles/article/{article.pk}/change/"
    assert f'texte de <a href="{change}">Les piliers</a>' in library_row(staff_client, asset)
    with pytest.raises(ProtectedError) as error:
        asset.delete()
    assert (
        "L'image « Schéma des piliers » est encore utilisée : article « Les piliers » (texte)"
        in (str(error.value))
    )
    page = staff_client.get(f"{LIBRARY}{asset.pk}/delete/").content.decode()
    assert "protégés" in page and "article « Les piliers » (texte)" in page
    staff_client.post(f"{LIBRARY}{asset.pk}/delete/", {"post": "yes"})
    action = {"action": "delete_selected", "_selected_action": [str(asset.pk)]}
    page = staff_client.post(LIBRARY, action).content.decode()
    assert "protégés" in page and "article « Les piliers » (texte)" in page
    staff_client.post(LIBRARY, {**action, "post": "yes"})
    assert ImageAsset.objects.filter(pk=asset.pk).exists()
    page = client.get(article.get_absolute_url()).content.decode()
    assert all(default_storage.exists(name) for name in picture_files(page))


def test_role_texts_and_lists_in_capitals_keep_their_images(staff_client, make_article, committed):
    """A role's text and its missions show images too: each is a usage, whatever the case."""
    intro, mission = photo("Portrait"), photo("Pictogramme")
    article = make_article("Les rôles", slug="les-roles")
    with committed():
        role = Role.objects.create(
            article=article, title="Coach", slug="coach", intro=f"![P]({str(intro.pk).upper()})"
        )
        Mission.objects.create(
            role=role, position=1, text=f"Former ![p]({str(mission.pk).upper()})"
        )
    assert intro.usages() == ["rôle « Coach » de l'article « Les rôles »"]
    assert mission.usages() == ["mission principale du rôle « Coach » de l'article « Les rôles »"]
    assert "rôle <a" in library_row(staff_client, intro)
    assert "mission principale du rôle <a" in library_row(staff_client, mission)
    for asset in (intro, mission):
        with pytest.raises(ProtectedError):
            asset.delete()


def test_an_image_only_written_in_code_is_not_in_use(make_article):
    """What counts is what readers see: an id shown as code is text, not the image."""
    asset = photo("Exemple")
    make_article("Syntaxe", slug="syntaxe", body=f"Écrivez `![alt]({asset.pk})` pour une image.")
    assert asset.usages() == []
    asset.delete()
    assert not ImageAsset.objects.filter(pk=asset.pk).exists()


def test_a_file_arriving_for_an_image_named_in_capitals_shows_on_the_page(client, make_article):
    """An import registers the image before its file: once the file comes, the text that names
    it (in capitals) is rendered again and shows it."""
    asset = ImageAsset.objects.create(alt="Arrivée tardive")
    article = make_article("Bientôt", slug="bientot", body=f"![A]({str(asset.pk).upper()})")
    assert "<picture" not in client.get(article.get_absolute_url()).content.decode()
    asset.file.save("tard.jpg", ContentFile(image_bytes(1000, 600, "JPEG")))
    page = client.get(article.get_absolute_url()).content.decode()
    assert all(default_storage.exists(name) for name in picture_files(page))


def test_rows_saved_before_rendered_meta_get_their_usage_from_the_migration(make_article):
    """Migration 0017 fills what older rows lack: their images count at once, capitals too."""
    asset = photo("Ancienne")
    make_article("Avant", slug="avant", body=f"![A]({str(asset.pk).upper()})")
    Article.objects.update(rendered_meta={})
    assert asset.usages() == []
    migration = importlib.import_module("articles.migrations.0017_rendered_meta")
    migration.fill(apps_at("articles", "0017_rendered_meta"), None)
    assert asset.usages() == ["article « Avant » (texte)"]
