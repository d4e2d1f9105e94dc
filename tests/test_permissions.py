"""Who reads what: staff status alone grants nothing, and public pages expose no draft."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, ImageAsset, Role

pytestmark = pytest.mark.django_db
DRAFT = Article.Status.DRAFT


@pytest.fixture
def bare_staff(django_user_model):
    """A staff account that was given no permission."""
    return django_user_model.objects.create_user(
        username="stagiaire", password="un-mot-de-passe-solide-42", is_staff=True
    )


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


@pytest.fixture
def draft(make_article):
    article = make_article("Brouillon confidentiel", slug="brouillon", status=DRAFT)
    Role.objects.create(article=article, title="Coach", slug="coach")
    return article


@pytest.mark.parametrize("url", ["/blog/brouillon/", "/blog/brouillon/coach/"])
def test_staff_without_permission_cannot_read_drafts(client, bare_staff, draft, url):
    client.force_login(bare_staff)
    response = client.get(url)
    assert response.status_code == 404
    assert "Brouillon confidentiel" not in response.content.decode()


@pytest.mark.parametrize("url", ["/blog/brouillon/", "/blog/brouillon/coach/"])
@pytest.mark.parametrize("codename", ["view_article", "change_article"])
def test_staff_allowed_to_see_articles_read_drafts(client, bare_staff, draft, url, codename):
    grant(bare_staff, codename)
    client.force_login(bare_staff)
    response = client.get(url)
    assert response.status_code == 200
    assert "Brouillon confidentiel" in response.content.decode()


def test_staff_without_permission_cannot_upload_or_preview(client, bare_staff, png_bytes):
    client.force_login(bare_staff)
    upload = client.post(
        "/admin-markdown/image/", {"image": SimpleUploadedFile("a.png", png_bytes, "image/png")}
    )
    assert upload.status_code == 403
    assert ImageAsset.objects.count() == 0
    assert client.post("/admin-markdown/apercu/", {"content": "## Titre"}).status_code == 403


def test_staff_allowed_to_add_images_uploads(client, bare_staff, png_bytes):
    grant(bare_staff, "add_imageasset")
    client.force_login(bare_staff)
    response = client.post(
        "/admin-markdown/image/", {"image": SimpleUploadedFile("a.png", png_bytes, "image/png")}
    )
    assert response.status_code == 200
    assert ImageAsset.objects.count() == 1


@pytest.mark.parametrize("codename", ["change_article", "add_article"])
def test_staff_allowed_to_write_articles_preview(client, bare_staff, codename):
    grant(bare_staff, codename)
    client.force_login(bare_staff)
    response = client.post("/admin-markdown/apercu/", {"content": "## Titre"})
    assert response.status_code == 200
    assert "Titre" in response.content.decode()


def test_a_role_links_its_dedicated_article_only_once_public(client, make_article):
    article = make_article("Les rôles", slug="les-roles")
    dedicated = make_article("Le coach en détail", slug="coach-secret", status=DRAFT)
    Role.objects.create(article=article, title="Coach", slug="coach", dedicated_article=dedicated)
    html = client.get("/blog/les-roles/coach/").content.decode()
    assert "coach-secret" not in html and "Lire notre article dédié" not in html

    dedicated.status = Article.Status.PUBLISHED
    dedicated.save()
    html = client.get("/blog/les-roles/coach/").content.decode()
    assert 'href="/blog/coach-secret/"' in html


def test_an_external_dedicated_link_stays_beside_a_draft_article(client, make_article):
    article = make_article("Les rôles", slug="les-roles")
    dedicated = make_article("Le coach en détail", slug="coach-secret", status=DRAFT)
    Role.objects.create(
        article=article,
        title="Coach",
        slug="coach",
        dedicated_article=dedicated,
        dedicated_url="https://exemple.fr/coach",
    )
    html = client.get("/blog/les-roles/coach/").content.decode()
    assert 'href="https://exemple.fr/coach"' in html and "coach-secret" not in html
