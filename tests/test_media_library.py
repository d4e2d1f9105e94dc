"""The media library and the image pickers, as an editor sees them: thumbnails, search without
accents, the « fichier manquant » filter, where an image is used, pickers that never offer an
image without a file, and an uploaded hero's credit on the public page."""

import re

import pytest
from django.core.files.base import ContentFile

from articles.models import Article, ImageAsset
from roles.models import Role
from tests.conftest import image_bytes
from tests.test_workflow import change_data

pytestmark = pytest.mark.django_db

LIBRARY = "/admin/articles/imageasset/"
PICKER = "/admin/articles/imageasset/choisir/"


def photo(alt, width=1000, height=600, **fields):
    """An image large enough to have renditions (the smallest is 480 px wide)."""
    asset = ImageAsset(alt=alt, **fields)
    asset.file.save("photo.jpg", ContentFile(image_bytes(width, height, "JPEG")), save=False)
    asset.save()
    return asset


def rows(html):
    return re.findall(r"<tr>.*?</tr>", html, re.S)


def errors(response):
    return re.findall(r"errorlist.*?</ul>", response.content.decode(), re.S)


def pick(client, term="", field="hero_image", model="article"):
    response = client.get(
        PICKER,
        {
            "term": term,
            "app_label": "roles" if model == "role" else "articles",
            "model_name": model,
            "field_name": field,
        },  # fmt: skip
    )
    assert response.status_code == 200
    return response.json()["results"]


def test_library_shows_each_image_as_a_lazy_thumbnail_of_its_smallest_rendition(staff_client):
    """The list draws the 480 px WebP rendition (not the 1000 px file), lazily, with the alt text,
    the credit, the file name and the size written beside it."""
    asset = photo("Équipe en atelier", credit="Photo : Studio")
    ImageAsset.objects.create(alt="Schéma importé")
    html = staff_client.get(LIBRARY).content.decode()
    smallest = min(
        (r for r in asset.renditions if r["kind"] == "full" and r["format"] == "webp"),
        key=lambda r: r["width"],
    )
    assert smallest["width"] == 480
    [row] = [r for r in rows(html) if "Équipe en atelier" in r]
    assert f'src="/media/{smallest["name"]}"' in row and 'loading="lazy"' in row
    assert asset.file.name not in row.split('src="')[1].split('"')[0]
    assert "Photo : Studio" in row and "1000 × 600 px" in row
    assert f'title="{asset.pk}.jpg">{str(asset.pk)[:8]}….jpg<' in row
    [missing] = [r for r in rows(html) if "Schéma importé" in r]
    assert "Fichier manquant" in missing and "<img" not in missing


def test_library_search_ignores_accents_and_case(staff_client):
    """Alt text, caption, credit and file name are searched, accents and case aside."""
    team = photo("Équipe en atelier")
    chart = photo("Courbe", caption="Prévisions du trimestre")
    credit = photo("Portrait", credit="Photo : Hélène")

    def found(term):
        html = staff_client.get(LIBRARY, {"q": term}).content.decode()
        return {a.alt for a in (team, chart, credit) if f"<strong>{a.alt}</strong>" in html}

    assert found("equipe") == found("ÉQUIPE") == {"Équipe en atelier"}
    assert found("previsions") == {"Courbe"}
    assert found("helene") == {"Portrait"}
    assert found(str(chart.pk)[:8]) == {"Courbe"}  # the file is named after the id
    assert found("equipe previsions") == set()  # every word must match
    assert found("") == {"Équipe en atelier", "Courbe", "Portrait"}


def test_missing_file_filter_lists_only_placeholders(staff_client):
    photo("Avec fichier")
    ImageAsset.objects.create(alt="Sans fichier")
    html = staff_client.get(LIBRARY, {"fichier": "manquant"}).content.decode()
    assert "Sans fichier" in html and "Avec fichier" not in html
    assert "Fichier manquant" in html  # the filter's own label, in the sidebar
    html = staff_client.get(LIBRARY, {"fichier": "present"}).content.decode()
    assert "Avec fichier" in html and "Sans fichier" not in html


def test_library_says_where_each_image_is_used(staff_client, make_article):
    hero = photo("Héros")
    inline = photo("Dans le texte")
    portrait = photo("Portrait")
    unused = photo("Seule")
    article = make_article(
        "Les rôles", slug="les-roles", hero_image=hero, body=f"![x]({inline.pk})"
    )
    Role.objects.create(article=article, title="Coach", slug="coach", image=portrait)
    html = staff_client.get(LIBRARY).content.decode()
    by_alt = {a.alt: next(r for r in rows(html) if f"<strong>{a.alt}</strong>" in r)
              for a in (hero, inline, portrait, unused)}  # fmt: skip
    change = f"/admin/articles/article/{article.pk}/change/"
    assert f'image principale de <a href="{change}">Les rôles</a>' in by_alt["Héros"]
    assert f'texte de <a href="{change}">Les rôles</a>' in by_alt["Dans le texte"]
    assert "rôle <a" in by_alt["Portrait"] and "Coach" in by_alt["Portrait"]
    assert "Inutilisée" in by_alt["Seule"]


def test_library_query_count_does_not_grow_with_its_images(
    staff_client, make_article, django_assert_max_num_queries
):
    """Usage is read for the whole page at once, not image by image."""
    for number in range(3):
        make_article(f"Article {number}", hero_image=photo(f"Image {number}", width=500))
    staff_client.get(LIBRARY)  # session and permissions warmed up
    with django_assert_max_num_queries(20) as few:
        staff_client.get(LIBRARY)
    for number in range(3, 9):
        make_article(f"Article {number}", hero_image=photo(f"Image {number}", width=500))
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(LIBRARY)


def test_picker_never_offers_an_image_without_a_file(staff_client):
    """Thumbnail, file name and size tell apart two images with the same alt text; the
    placeholder with that alt text is not offered."""
    first = photo("Strategic Project Manager", width=900, height=600)
    second = photo("Strategic Project Manager", width=1200, height=800)
    ImageAsset.objects.create(alt="Strategic Project Manager")
    results = pick(staff_client, "strategic project")
    assert {r["id"] for r in results} == {str(first.pk), str(second.pk)}
    for result in results:
        assert result["thumb"].startswith("/media/renditions/") and result["missing"] is False
    assert {(r["file"], r["size"]) for r in results} == {
        (f"{first.pk}.jpg", "900 × 600 px"),
        (f"{second.pk}.jpg", "1200 × 800 px"),
    }
    assert len(pick(staff_client)) == 2  # nothing typed: every image with a file, only
    assert len(pick(staff_client, "STRATEGIC", field="image", model="role")) == 2


def test_picker_is_for_staff_only(client):
    response = client.get(
        PICKER, {"term": "", "app_label": "articles", "model_name": "article",
                 "field_name": "hero_image"}
    )  # fmt: skip
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_fileless_hero_already_chosen_stays_shown_and_kept(staff_client, make_article):
    """The form draws it as chosen, « fichier manquant », and saving the page unchanged keeps
    it; choosing another image without a file is refused."""
    placeholder = ImageAsset.objects.create(alt="Héros importé")
    other = ImageAsset.objects.create(alt="Autre importée")
    article = make_article(
        "Importé", slug="importe", hero_image=placeholder, status=Article.Status.DRAFT
    )
    html = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    select = re.search(r'<select name="hero_image".*?</select>', html, re.S).group(0)
    assert 'class="admin-image-picker"' in select  # set up by our script, not the admin's
    assert re.search(rf'<option value="{placeholder.pk}"[^>]*selected', select)
    assert "Héros importé — fichier manquant" in select and 'data-missing="1"' in select
    assert "js/admin-image-picker.js" in html

    data = change_data(staff_client, article)
    response = staff_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, errors(response)
    assert Article.objects.get(pk=article.pk).hero_image_id == placeholder.pk

    data = change_data(staff_client, article)
    data["hero_image"] = str(other.pk)
    response = staff_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert (
        response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    )
    assert Article.objects.get(pk=article.pk).hero_image_id == placeholder.pk


def test_role_picker_keeps_a_placeholder_and_takes_an_image_with_a_file(staff_client, make_article):
    placeholder = ImageAsset.objects.create(alt="Portrait importé")
    portrait = photo("Portrait du coach")
    article = make_article("Les rôles", slug="les-roles", status=Article.Status.DRAFT)
    role = Role.objects.create(article=article, title="Coach", slug="coach", image=placeholder)
    html = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    select = re.search(r'<select name="roles-0-image".*?</select>', html, re.S).group(0)
    assert "Portrait importé — fichier manquant" in select
    empty_form = re.search(r'<select name="roles-__prefix__-image".*?</select>', html, re.S)
    assert "admin-image-picker" in empty_form.group(0)  # set up when a role is added

    data = change_data(staff_client, article)
    data["roles-0-image"] = str(placeholder.pk)
    response = staff_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, errors(response)
    data = change_data(staff_client, article)
    data["roles-0-image"] = str(portrait.pk)
    data["roles-0-version"] = str(Role.objects.get(pk=role.pk).version)
    response = staff_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, errors(response)
    assert Role.objects.get(pk=role.pk).image_id == portrait.pk
    html = staff_client.get(f"/admin/roles/role/{role.pk}/change/").content.decode()
    assert re.search(r'<select name="image"[^>]*admin-image-picker', html)


def test_an_uploaded_hero_shows_its_credit_like_an_external_one(client, make_article):
    """The image's own credit; the article's (an import's `image_credit`) when it has none."""
    credited = photo("Une équipe", credit="Photo : Studio Nord")
    make_article("Avec crédit", slug="avec-credit", hero_image=credited)
    page = client.get("/blog/avec-credit/").content.decode()
    hero = re.search(r'<figure class="hero">.*?</figure>', page, re.S).group(0)
    assert '<small class="credit">Photo\xa0: Studio Nord</small>' in hero

    bare = photo("Des colonnes")
    make_article(
        "Importé", slug="importe", hero_image=bare,
        hero_image_credit="Illustration : RevOps Conseil",
    )  # fmt: skip
    page = client.get("/blog/importe/").content.decode()
    hero = re.search(r'<figure class="hero">.*?</figure>', page, re.S).group(0)
    assert '<small class="credit">Illustration\xa0: RevOps Conseil</small>' in hero


def test_an_external_images_credit_is_not_lent_to_a_library_hero(client, make_article):
    """An editor who picks a library image over an external one keeps the external address
    and credit in their fields: that credit names the other image, so it is not shown."""
    make_article(
        "Changé", slug="change", hero_image=photo("Des colonnes"),
        hero_image_url="https://images.example.com/ancienne.jpg",
        hero_image_credit="Photo : Unsplash",
    )  # fmt: skip
    page = client.get("/blog/change/").content.decode()
    hero = re.search(r'<figure class="hero">.*?</figure>', page, re.S).group(0)
    assert "Unsplash" not in hero and "<figcaption>" not in hero
