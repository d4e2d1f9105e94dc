"""The admin: writing an article with roles, and the editor's preview and upload endpoints."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, ImageAsset
from roles.models import AlternativeTitle, Mission, Role

pytestmark = pytest.mark.django_db


def management_form(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_staff_adds_an_article_with_two_roles(staff_client, author, make_tag):
    """One admin form creates the article, its tags and two ordered roles."""
    ops = make_tag("ops", "L'Ops")
    data = {
        "title": "Les rôles RevOps",
        "slug": "les-roles-revops",
        "author": str(author.pk),
        "status": "published",
        "published_at_0": "17/11/2025",
        "published_at_1": "09:00:00",
        "tags": [str(ops.pk)],
        "excerpt": "Qui fait quoi.",
        "body": "## Introduction\n\nAvant.\n\n[[roles]]\n\nAprès.",
        "hero_image_url": "https://images.example.com/hero.jpg",
        "hero_image_alt": "Une équipe",
        "hero_image_credit": "Photo : Exemple",
        "description": "Les rôles d'une équipe Revenue Operations.",
        "front_matter_extra": "{}",
        **management_form("roles", 2),
        "roles-0-order": "2",
        "roles-0-title": "Revenue Analyst",
        "roles-0-slug": "revenue-analyst",
        "roles-0-nickname": "la tour de contrôle",
        "roles-0-intro": "Il **mesure** tout.",
        "roles-1-order": "1",
        "roles-1-title": "Revenue Ops Manager",
        "roles-1-slug": "revenue-ops-manager",
        "roles-1-nickname": "le couteau suisse",
        "roles-1-intro": "Le généraliste.",
    }
    response = staff_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="les-roles-revops")
    assert [t.slug for t in article.tags.all()] == ["ops"]
    assert [r.title for r in article.roles.all()] == ["Revenue Ops Manager", "Revenue Analyst"]
    assert "<strong>mesure</strong>" in article.roles.get(slug="revenue-analyst").intro_html
    page = staff_client.get("/blog/les-roles-revops/").content.decode()
    assert "la tour de contrôle" in page and "Avant." in page


def test_role_admin_edits_missions_and_alternative_titles_as_fields(staff_client, make_article):
    """Structured fields are plain inputs: no Markdown list syntax to type."""
    role = Role.objects.create(article=make_article(), title="Coach", slug="coach")
    data = {
        "article": str(role.article.pk),
        "order": "1",
        "title": "Enablement Manager",
        "slug": "coach",
        "nickname": "le coach",
        "intro": "",
        "version": str(role.version),
        **management_form("missions", 2),
        "missions-0-position": "1",
        "missions-0-text": "Former les équipes commerciales",
        "missions-1-position": "2",
        "missions-1-text": "Tenir le playbook à jour",
        **management_form("background", 0),
        **management_form("alternative_titles", 1),
        "alternative_titles-0-position": "1",
        "alternative_titles-0-title": "Sales Enablement Manager",
        "alternative_titles-0-note": "quand dédié aux ventes",
    }
    response = staff_client.post(f"/admin/roles/role/{role.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(Mission.objects.filter(role=role).values_list("text", flat=True)) == [
        "Former les équipes commerciales",
        "Tenir le playbook à jour",
    ]
    assert AlternativeTitle.objects.get(role=role).note == "quand dédié aux ventes"


def test_admin_pages_render_in_french_with_the_markdown_editor(staff_client, make_article):
    article = make_article()
    html = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'class="markdownx writing-room"' in html and "markdownx-editor" in html
    assert 'data-markdownx-urls-path="/admin-markdown/apercu/"' in html
    assert "Enregistrer" in html and "Voir sur le site" in html
    for url in ("/admin/articles/article/", "/admin/roles/role/", "/admin/articles/imageasset/"):
        assert staff_client.get(url).status_code == 200


def test_tag_autocomplete_answers_staff(staff_client, make_tag):
    """The tag input asks the tag page's own autocomplete, which answers with labels."""
    make_tag("organisation", "Organisation")
    response = staff_client.get(
        "/admin/articles/tag/autocomplete/",
        {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": "orga"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Organisation"]


def test_image_admin_filters_assets_whose_file_is_missing(staff_client, make_asset):
    make_asset(alt="Avec fichier")
    make_asset(alt="Sans fichier", with_file=False)
    html = staff_client.get("/admin/articles/imageasset/?fichier=manquant").content.decode()
    assert "Sans fichier" in html and "Avec fichier" not in html


@pytest.mark.parametrize("url", ["/admin-markdown/apercu/", "/admin-markdown/image/"])
def test_anonymous_users_cannot_preview_or_upload(client, url, png_bytes):
    response = client.post(
        url, {"content": "# x", "image": SimpleUploadedFile("a.png", png_bytes, "image/png")}
    )
    assert response.status_code == 403
    assert ImageAsset.objects.count() == 0


def test_non_staff_users_cannot_upload(client, django_user_model, png_bytes):
    user = django_user_model.objects.create_user(username="lecteur", password="x-long-pass-42")
    client.force_login(user)
    response = client.post(
        "/admin-markdown/image/", {"image": SimpleUploadedFile("a.png", png_bytes)}
    )
    assert response.status_code == 403


def test_staff_preview_uses_the_published_pipeline(staff_client):
    response = staff_client.post(
        "/admin-markdown/apercu/", {"content": "## Rôle\n\n<script>x</script>"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<h2 id="role">Rôle<a') and "script" not in html


def test_upload_creates_an_image_asset_and_returns_its_markdown(staff_client, png_bytes):
    """A dropped image becomes an ImageAsset; the editor gets `![](<uuid> "photo.jpeg")`, not a
    loose file."""
    response = staff_client.post(
        "/admin-markdown/image/",
        {"image": SimpleUploadedFile("photo.jpeg", png_bytes, "image/jpeg")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    code = response.json()["image_code"]
    # The id, then the name it was dropped with as the image's title.
    asset_id = re.fullmatch(r'!\[\]\(([0-9a-f-]{36}) "photo\.jpeg"\)', code).group(1)
    asset = ImageAsset.objects.get(pk=asset_id)
    assert asset.file.name == f"images/{asset_id}.png"  # named from the content, not the upload
    assert (asset.width, asset.height) == (64, 48)


def test_upload_of_a_non_image_is_refused_with_a_french_message(staff_client):
    response = staff_client.post(
        "/admin-markdown/image/",
        {"image": SimpleUploadedFile("piege.png", b"<html><script>x</script></html>", "image/png")},
    )
    assert response.status_code == 400
    assert "n'est pas une image" in response.json()["error"]
    assert ImageAsset.objects.count() == 0


def test_old_role_admin_addresses_lead_to_the_role_pages(staff_client, make_article):
    """Roles lived in the articles app for a while: a bookmark of a role's admin page from
    then still works."""
    role = Role.objects.create(article=make_article(), title="Coach", slug="coach")
    response = staff_client.get(f"/admin/articles/role/{role.pk}/change/")
    assert response.status_code == 301
    assert response["Location"] == f"/admin/roles/role/{role.pk}/change/"
    assert staff_client.get(response["Location"]).status_code == 200
    listed = staff_client.get("/admin/articles/role/?q=coach")
    assert listed.status_code == 301 and listed["Location"] == "/admin/roles/role/?q=coach"


def test_the_admin_index_shows_the_roles_as_their_own_section(staff_client):
    """« Rôles » is a section of its own on the admin's home, its list named in French."""
    html = staff_client.get("/admin/").content.decode()
    assert 'class="app-roles module' in html
    assert '<a href="/admin/roles/" class="section" title="Modèles de l’application Rôles">' in html
    assert '<a href="/admin/roles/role/">Rôles</a>' in html


def test_slug_help_texts_read_whole(staff_client, make_article):
    """No address pattern in angle brackets for the browser to swallow (« /blog//. »)."""
    role = Role.objects.create(article=make_article(), title="Coach", slug="coach")
    for url in (f"/admin/roles/role/{role.pk}/change/", "/admin/articles/article/add/"):
        html = staff_client.get(url).content.decode()
        assert "/blog//" not in html and "La fin de l'adresse" in html
