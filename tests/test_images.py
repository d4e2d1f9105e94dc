"""Images: every refusal with a real crafted file, re-encoding, renditions, placeholders, rules."""

import io
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.db.models import ProtectedError
from PIL import Image

from articles.images import HAS_AVIF
from articles.models import Article, Author, ImageAsset
from roles.models import Role
from tests.conftest import image_bytes
from tests.test_workflow import change_data

pytestmark = pytest.mark.django_db

UPLOAD = "/admin-markdown/image/"


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width=20_000, height=20_000):
    """A valid 1-bit PNG of width × height pixels, a few dozen KB on disk."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )


def jpeg_with_gps_and_orientation():
    image = Image.new("RGB", (60, 40), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "CameraMaker"
    exif[0x0110] = "Model X"
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue() + b"TRAILING-BYTES-AFTER-THE-IMAGE"


def drop(client, name, data, content_type="image/png"):
    return client.post(
        UPLOAD,
        {"image": SimpleUploadedFile(name, data, content_type)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )


def refused(response, words):
    assert response.status_code == 400, response.content
    assert words in response.json()["error"]
    assert ImageAsset.objects.count() == 0
    assert not default_storage.exists("images") or not default_storage.listdir("images")[1]


def test_decompression_bomb_png_is_refused(staff_client):
    data = huge_png()
    assert len(data) < 100_000
    refused(drop(staff_client, "petit.png", data), "trop de pixels")


def test_image_over_the_pixel_limit_is_refused(staff_client, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    refused(
        drop(staff_client, "grand.png", image_bytes(1200, 1000)),
        "Image trop grande : 1200 × 1000 px",
    )


def test_animation_frames_count_towards_the_pixel_limit(staff_client, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    frames = [Image.new("RGB", (400, 400), (n * 20, 0, 0)) for n in range(10)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)
    refused(drop(staff_client, "anim.gif", out.getvalue(), "image/gif"), "× 10 images")


def test_file_over_the_size_limit_is_refused_before_decoding(staff_client, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    refused(
        drop(staff_client, "lourd.png", image_bytes(300, 300) + b"\x00" * 2000),
        "Fichier trop lourd",
    )


def test_html_disguised_as_png_is_refused(staff_client):
    refused(drop(staff_client, "photo.png", b"<html><body><script>alert(1)</script></body></html>"),
            "n'est pas une image")  # fmt: skip


def test_svg_with_script_is_refused(staff_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>'
    refused(drop(staff_client, "logo.svg", svg, "image/svg+xml"), "SVG ne sont pas acceptées")


def test_truncated_jpeg_is_refused(staff_client):
    data = image_bytes(400, 300, fmt="JPEG")
    refused(drop(staff_client, "coupee.jpg", data[: len(data) // 2], "image/jpeg"), "tronquée")


def test_stored_jpeg_is_upright_and_has_no_gps_camera_or_trailing_bytes(staff_client):
    response = drop(staff_client, "vacances.png", jpeg_with_gps_and_orientation(), "image/png")
    assert response.status_code == 200
    asset = ImageAsset.objects.get()
    assert asset.file.name == f"images/{asset.pk}.jpg"  # named from the content
    with asset.file.open("rb") as handle:
        stored = handle.read()
    assert b"TRAILING-BYTES" not in stored and b"CameraMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 60)  # the orientation was applied
        assert len(image.getexif()) == 0
    assert (asset.width, asset.height) == (40, 60)


def test_admin_image_form_applies_the_same_checks(staff_client):
    response = staff_client.post(
        "/admin/articles/imageasset/add/",
        {"file": SimpleUploadedFile("x.png", b"<html></html>"), "alt": "x", "focal_x": "0.5", "focal_y": "0.5"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "n&#x27;est pas une image" in response.content.decode()
    assert ImageAsset.objects.count() == 0


def make_photo(width, height):
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def test_renditions_are_made_once_at_every_width_below_the_original(make_asset):
    asset = ImageAsset(alt="Dégradé")
    asset.file.save("photo.jpg", ContentFile(make_photo(2000, 1000)), save=False)
    asset.save()
    full = {(r["format"], r["width"]) for r in asset.renditions if r["kind"] == "full"}
    formats = {"webp", "jpg"} | ({"avif"} if HAS_AVIF else set())
    assert full == {(f, w) for f in formats for w in (480, 800, 1200, 1600)}
    assert all(default_storage.exists(r["name"]) for r in asset.renditions)
    names = [r["name"] for r in asset.renditions]
    asset.alt = "Nouveau texte"
    asset.save()
    assert [r["name"] for r in asset.renditions] == names  # reused, not made again


def test_small_images_are_never_upscaled(make_asset):
    asset = ImageAsset(alt="Petite")
    asset.file.save("petite.jpg", ContentFile(make_photo(600, 400)), save=False)
    asset.save()
    assert {r["width"] for r in asset.renditions if r["kind"] == "full"} == {480}
    assert max(r["width"] for r in asset.renditions) <= 600


def test_article_page_uses_picture_with_sources_srcset_and_size(client, make_article):
    asset = ImageAsset(alt="Dégradé", caption="Légende", credit="© Nous")
    asset.file.save("photo.jpg", ContentFile(make_photo(2000, 1000)), save=False)
    asset.save()
    make_article(slug="illustre", body=f"Texte.\n\n![Un dégradé]({asset.pk})\n\nSuite.")
    html = client.get("/blog/illustre/").content.decode()
    figure = html[html.index('<figure class="figure">') : html.index("</figure>")]
    assert '<source sizes="(min-width: 48rem) 46rem, calc(100vw - 2rem)" srcset="' in figure
    assert 'type="image/webp"' in figure
    assert ("image/avif" in figure) == HAS_AVIF
    assert "480w" in figure and "1600w" in figure and f"{asset.file.url} 2000w" in figure
    assert 'width="2000"' in figure and 'height="1000"' in figure and 'loading="lazy"' in figure
    assert "Légende" in figure and "© Nous" in figure


def test_hero_is_eager_and_cards_use_the_16_9_crop(client, make_article):
    asset = ImageAsset(alt="Héros")
    asset.file.save("hero.jpg", ContentFile(make_photo(2000, 1500)), save=False)
    asset.save()
    make_article(slug="avec-heros", hero_image=asset)
    page = client.get("/blog/avec-heros/").content.decode()
    hero = page[page.index('<figure class="hero">') :]
    assert 'fetchpriority="high"' in hero.split("</figure>")[0]
    listing = client.get("/blog/").content.decode()
    card = listing[listing.index('<article class="card">') :].split("</picture>")[0]
    assert "/c800-" in card and 'width="800" height="450"' in card


def colour_at(name, x, y):
    with default_storage.open(name, "rb") as handle, Image.open(handle) as image:
        return image.convert("RGB").getpixel((x, y))


@pytest.mark.parametrize(("focal_x", "expected"), [(0.0, "red"), (1.0, "blue")])
def test_card_crop_follows_the_focal_point(focal_x, expected):
    image = Image.new("RGB", (1600, 400), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 300, 400))  # a red face on the far left
    out = io.BytesIO()
    image.save(out, "PNG")
    asset = ImageAsset(alt="Portrait", focal_x=focal_x)
    asset.file.save("portrait.png", ContentFile(out.getvalue()), save=False)
    asset.save()
    card = next(r for r in asset.renditions if r["kind"] == "card" and r["format"] == "png")
    red, _, blue = colour_at(card["name"], 5, card["height"] // 2)
    assert (red > 200) == (expected == "red") and (blue > 200) == (expected == "blue")


def test_missing_file_shows_a_placeholder_until_the_file_is_uploaded(
    staff_client, client, make_article
):
    asset = ImageAsset.objects.create(alt="Le schéma des rôles")
    make_article(slug="schema", body=f"![Le schéma]({asset.pk})")
    role_article = Article.objects.get(slug="schema")
    Role.objects.create(article=role_article, title="Coach", slug="coach", image=asset)
    html = client.get("/blog/schema/").content.decode()
    assert "Image manquante" not in html and "<picture" not in html  # readers: left out
    data = {**change_data(staff_client, role_article), "roles-0-image": str(asset.pk)}
    preview = staff_client.post(
        f"/admin/articles/article/{role_article.pk}/apercu/", data
    ).content.decode()
    assert preview.count("Image manquante") == 4  # editors: body image and role portrait
    listed = staff_client.get("/admin/articles/imageasset/?fichier=manquant").content.decode()
    assert "Le schéma des rôles" in listed
    response = staff_client.post(
        f"/admin/articles/imageasset/{asset.pk}/change/",
        {"file": SimpleUploadedFile("schema.png", image_bytes(900, 500)), "alt": asset.alt,
         "caption": "", "credit": "", "focal_x": "0.5", "focal_y": "0.5"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get("/blog/schema/").content.decode()
    assert "Image manquante" not in html and html.count("<picture") == 2
    assert client.get("/blog/schema/coach/").content.decode().count("Image manquante") == 0


def article_form(author, body, status="published", **extra):
    return {
        "title": "Publication", "slug": "publication", "author": str(author.pk),
        "status": status, "published_at_0": "17/11/2025", "published_at_1": "09:00:00",
        "body": body, "excerpt": "", "description": "", "front_matter_extra": "{}",
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0", "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000", **extra,
    }  # fmt: skip


def test_publishing_requires_alt_text_on_every_image(staff_client, author, make_asset):
    asset = make_asset(alt="", caption="Schéma des piliers")
    response = staff_client.post(
        "/admin/articles/article/add/", article_form(author, f"![]({asset.pk})")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Publication impossible : ces images n&#x27;ont pas de texte alternatif" in html
    assert "Schéma des piliers" in html and not Article.objects.exists()
    response = staff_client.post(
        "/admin/articles/article/add/", article_form(author, f"![]({asset.pk})", status="draft")
    )
    assert response.status_code == 302 and Article.objects.get().status == "draft"


def test_role_images_need_alt_text_too(staff_client, author, make_asset):
    asset = make_asset(alt="", caption="Portrait du coach")
    data = article_form(author, "Texte.", **{
        "roles-TOTAL_FORMS": "1", "roles-0-order": "1", "roles-0-title": "Coach",
        "roles-0-slug": "coach", "roles-0-image": str(asset.pk), "roles-0-intro": "",
    })  # fmt: skip
    html = staff_client.post("/admin/articles/article/add/", data).content.decode()
    assert "Portrait du coach" in html and not Article.objects.exists()


def test_an_image_in_use_cannot_be_deleted(staff_client, make_article, make_asset):
    asset = make_asset(alt="Schéma")
    make_article("Les piliers", slug="piliers", body=f"![Schéma]({asset.pk})")
    with pytest.raises(ProtectedError) as error:
        asset.delete()
    assert "article « Les piliers » (texte)" in str(error.value)
    page = staff_client.get(f"/admin/articles/imageasset/{asset.pk}/delete/").content.decode()
    assert "article « Les piliers » (texte)" in page
    staff_client.post(f"/admin/articles/imageasset/{asset.pk}/delete/", {"post": "yes"})
    assert ImageAsset.objects.filter(pk=asset.pk).exists()


def test_an_unused_image_is_deleted_with_its_renditions(make_asset, committed):
    """Its files go once the deletion is committed."""
    asset = ImageAsset(alt="Seule")
    asset.file.save("seule.jpg", ContentFile(make_photo(1000, 500)), save=False)
    asset.save()
    names = [r["name"] for r in asset.renditions] + [asset.file.name]
    with committed():
        asset.delete()
        assert all(default_storage.exists(name) for name in names)  # not before the commit
    assert not any(default_storage.exists(name) for name in names)


def test_a_rolled_back_deletion_keeps_the_image_files(make_asset):
    """A deletion that does not commit leaves the image whole, files included."""
    asset = make_asset(alt="Gardée")
    pk, names = asset.pk, [r["name"] for r in asset.renditions] + [asset.file.name]
    with pytest.raises(RuntimeError), transaction.atomic():
        asset.delete()
        raise RuntimeError("annulé")
    assert ImageAsset.objects.filter(pk=pk).exists()
    assert all(default_storage.exists(name) for name in names)


def test_pages_draw_missing_images_with_the_shared_placeholder_for_editors_only(
    client, staff_client, make_article
):
    """Hero and role card in the admin's preview: the partial's placeholder, with each place's
    class; readers' pages (article, role) leave the missing image out."""
    asset = ImageAsset.objects.create(alt="Portrait : l'équipe")
    article = make_article(slug="sans-fichier", hero_image=asset)
    Role.objects.create(article=article, title="Coach", slug="coach", image=asset)
    data = {**change_data(staff_client, article), "roles-0-image": str(asset.pk)}
    page = staff_client.post(f"/admin/articles/article/{article.pk}/apercu/", data).content.decode()
    label = "Image manquante : Portrait : l&#x27;équipe"
    assert f'<div class="image-missing hero__image" role="img" aria-label="{label}">' in page
    assert f'<div class="image-missing role-card__image" role="img" aria-label="{label}">' in page
    assert '<span class="image-missing__alt">Portrait\u00a0: l’équipe</span>' in page
    for url in ("/blog/sans-fichier/", "/blog/sans-fichier/coach/"):
        reader = client.get(url).content.decode()
        assert "Image manquante" not in reader and "image-missing" not in reader
        assert 'class="hero"' not in reader


def test_role_page_figure_has_the_eager_picture_and_its_caption(client, make_article):
    asset = ImageAsset(alt="Portrait", caption="Le coach", credit="© Studio")
    asset.file.save("coach.jpg", ContentFile(make_photo(1000, 800)), save=False)
    asset.save()
    article = make_article(slug="avec-portrait")
    Role.objects.create(article=article, title="Coach", slug="coach", image=asset)
    page = client.get("/blog/avec-portrait/coach/").content.decode()
    figure = page[page.index('<figure class="role__figure">') :].split("</figure>")[0]
    assert 'sizes="18rem"' in figure and 'fetchpriority="high"' in figure
    assert 'loading="lazy"' not in figure
    assert '<figcaption>Le coach<small class="credit">© Studio</small></figcaption>' in figure


# --- Phone photos (MPO), author photos, text hidden in clean-looking files ----------------


def mpo_bytes(width=60, height=40):
    """A multi-picture JPEG as phones write it: the photo, then a second picture."""
    first = Image.new("RGB", (width, height), (200, 30, 30))
    second = Image.new("RGB", (width, height), (30, 30, 200))
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second])
    return out.getvalue()


def stored_image(field):
    with field.open("rb") as handle:
        data = handle.read()
    with Image.open(io.BytesIO(data)) as image:
        return data, image.format, image.size, getattr(image, "n_frames", 1), image.getpixel((0, 0))


def test_phone_photo_dropped_in_the_editor_is_stored_as_a_jpeg(staff_client):
    response = drop(staff_client, "IMG_0042.jpg", mpo_bytes(), "image/jpeg")
    assert response.status_code == 200, response.content
    assert response.json()["image_code"].startswith("![")
    asset = ImageAsset.objects.get()
    assert asset.file.name == f"images/{asset.pk}.jpg"
    _, fmt, size, frames, pixel = stored_image(asset.file)
    assert (fmt, size, frames) == ("JPEG", (60, 40), 1)
    assert pixel[0] > 150 and pixel[2] < 100  # the first picture, the red one


def test_phone_photo_in_the_image_admin_is_accepted(staff_client):
    response = staff_client.post(
        "/admin/articles/imageasset/add/",
        {"file": SimpleUploadedFile("IMG_0042.jpg", mpo_bytes(), "image/jpeg"), "alt": "Photo", "focal_x": "0.5", "focal_y": "0.5"},
    )  # fmt: skip
    assert response.status_code == 302
    _, fmt, size, frames, _ = stored_image(ImageAsset.objects.get().file)
    assert (fmt, size, frames) == ("JPEG", (60, 40), 1)


def test_phone_photo_in_the_importer_media_dir_is_accepted(tmp_path):
    asset_id = "0b8f4c1e-5a2d-4c3b-9e7f-1a2b3c4d5e6f"
    media = tmp_path / "medias"
    media.mkdir()
    (media / f"{asset_id}.jpg").write_bytes(mpo_bytes())
    source = tmp_path / "photo.md"
    source.write_text(
        f"---\ntitle: Photo de téléphone\n---\n![Une photo]({asset_id})\n", encoding="utf-8"
    )
    call_command("import_markdown", "--media-dir", str(media), str(source), stdout=io.StringIO())
    asset = ImageAsset.objects.get(pk=asset_id)
    _, fmt, size, frames, _ = stored_image(asset.file)
    assert (fmt, size, frames, asset.width) == ("JPEG", (60, 40), 1, 60)


def test_author_photo_goes_through_the_image_checks_and_re_encoding(staff_client):
    photo = SimpleUploadedFile("ethel-vacances-bretagne.jpg", jpeg_with_gps_and_orientation())
    response = staff_client.post(
        "/admin/articles/author/add/", {"name": "Ethel", "slug": "ethel", "avatar": photo}
    )
    assert response.status_code == 302, response.content
    author = Author.objects.get()
    assert "vacances" not in author.avatar.name and author.avatar.name.endswith(".jpg")
    data, fmt, size, _, _ = stored_image(author.avatar)
    assert b"TRAILING-BYTES" not in data and b"CameraMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert len(image.getexif()) == 0 and size == (40, 60)


def test_author_photo_that_is_not_an_image_is_refused_in_french(staff_client):
    response = staff_client.post(
        "/admin/articles/author/add/",
        {"name": "Ethel", "slug": "ethel", "avatar": SimpleUploadedFile("x.png", b"<svg/>")},
    )
    assert response.status_code == 200
    assert "Les images SVG ne sont pas acceptées" in response.content.decode()
    assert not Author.objects.exists()


def test_private_and_text_chunks_of_a_png_are_dropped_colours_and_transparency_kept(staff_client):
    out = io.BytesIO()
    Image.new("RGBA", (16, 8), (10, 20, 30, 100)).save(out, "PNG")
    plain = out.getvalue()
    crafted = plain[:-12] + png_chunk(b"prVt", b"SECRET-PRIVATE") + plain[-12:]
    assert drop(staff_client, "x.png", crafted).status_code == 200
    data, fmt, _, _, pixel = stored_image(ImageAsset.objects.get().file)
    assert b"SECRET" not in data and b"prVt" not in data
    assert fmt == "PNG" and pixel == (10, 20, 30, 100)


def test_comment_of_a_gif_is_dropped(staff_client):
    out = io.BytesIO()
    Image.new("P", (16, 8)).save(out, "GIF", comment=b"SECRET-COMMENT")
    assert b"SECRET-COMMENT" in out.getvalue()
    assert drop(staff_client, "x.gif", out.getvalue(), "image/gif").status_code == 200
    data, fmt, _, _, _ = stored_image(ImageAsset.objects.get().file)
    assert fmt == "GIF" and b"SECRET" not in data


def test_clean_png_is_kept_byte_for_byte(staff_client):
    data = image_bytes(16, 8)
    assert drop(staff_client, "x.png", data).status_code == 200
    assert stored_image(ImageAsset.objects.get().file)[0] == data
