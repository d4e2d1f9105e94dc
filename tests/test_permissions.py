"""Who reads what: staff status alone grants nothing, and public pages expose no draft."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from articles.models import Article, ImageAsset
from roles.models import Role

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


# --- Restoring a revision takes the right to change ------------------------------------------

VIEW_ONLY = ["view_article", "view_role", "view_historicalarticle", "view_historicalrole"]


@pytest.fixture
def viewer(client, bare_staff):
    """A staff account that may read articles and roles and their history, and change nothing."""
    grant(bare_staff, *VIEW_ONLY)
    client.force_login(bare_staff)
    return client


def restore_payload(obj, **changes):
    """The restore form of `obj`'s first revision, as an editor allowed to restore sends it."""
    data = {}
    for field in obj._meta.fields:
        value = getattr(obj, field.attname)
        if not field.editable or field.primary_key:
            continue
        if isinstance(value, datetime.datetime):  # the date and time inputs, in Paris time
            local = timezone.localtime(value)
            data[f"{field.name}_0"], data[f"{field.name}_1"] = f"{local:%d/%m/%Y}", f"{local:%X}"
        elif value is not None:
            data[field.name] = str(value)
    return {**data, "front_matter_extra": "{}", "version": str(obj.version), **changes}


def test_a_view_only_account_cannot_restore_an_article_revision(viewer, make_article):
    """POSTing the restore form of an article's revision without the change permission: 403,
    and the live article stays as it is."""
    article = make_article("Titre en ligne", slug="en-ligne", body="Le texte publié.")
    first = article.history.last()
    Article.objects.filter(pk=article.pk).update(title="Titre actuel", body="Le texte actuel.")
    url = f"/admin/articles/article/{article.pk}/history/{first.history_id}/"
    payload = restore_payload(first.instance, title="Réécrit par un lecteur", body="Piraté.")
    response = viewer.post(url, payload)
    assert response.status_code == 403
    article.refresh_from_db()
    assert (article.title, article.body) == ("Titre actuel", "Le texte actuel.")
    assert article.history.count() == 1


def test_a_view_only_account_cannot_restore_a_role_revision(viewer, make_article):
    """The same for a role: 403, the role unchanged, no revision added."""
    role = Role.objects.create(article=make_article(), title="Coach", slug="coach", nickname="A")
    first = role.history.last()
    Role.objects.filter(pk=role.pk).update(nickname="le mentor")
    url = f"/admin/roles/role/{role.pk}/history/{first.history_id}/"
    response = viewer.post(url, restore_payload(first.instance, nickname="Piraté"))
    assert response.status_code == 403
    role.refresh_from_db()
    assert role.nickname == "le mentor"
    assert role.history.count() == 1


@pytest.mark.parametrize("model", ["article", "role"])
def test_a_view_only_account_reads_revisions_on_their_diff_page(viewer, make_article, model):
    """The history lists each revision with its differences and no « Restaurer… »; the restore
    page itself is refused (403), the diff page opens."""
    article = make_article("Titre de la version", slug="version-lue")
    obj = article if model == "article" else Role.objects.create(article=article, title="Coach",
                                                                 slug="coach")  # fmt: skip
    record = obj.history.last()
    history = f"/admin/{obj._meta.app_label}/{model}/{obj.pk}/history/"
    html = viewer.get(history).content.decode()
    assert "Différences" in html and "Restaurer…" not in html
    assert viewer.get(f"{history}{record.history_id}/").status_code == 403
    assert viewer.get(f"{history}{record.history_id}/diff/").status_code == 200


def test_an_editor_with_the_change_permission_still_restores(client, bare_staff, make_article):
    grant(bare_staff, *VIEW_ONLY, "change_article")
    client.force_login(bare_staff)
    article = make_article("Titre d'origine", slug="origine", status=DRAFT)
    first = article.history.last()
    Article.objects.filter(pk=article.pk).update(title="Titre changé")
    url = f"/admin/articles/article/{article.pk}/history/{first.history_id}/"
    article.refresh_from_db()
    response = client.post(url, restore_payload(first.instance, version=str(article.version)))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Titre d'origine"


def test_cleaning_up_sign_in_attempts_takes_the_delete_permission(viewer, staff_user):
    """axes' « clean up expired attempts » deletes rows: a view-only account is not offered it
    and cannot run it; an administrator runs it without an error."""
    old = AccessAttempt.objects.create(
        user_agent="x", ip_address="10.0.0.1", username="x", http_accept="*", path_info="/",
        get_data="", post_data="", failures_since_start=3,
    )  # fmt: skip
    AccessAttempt.objects.filter(pk=old.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(days=2)
    )
    grant(User.objects.get(username="stagiaire"), "view_accessattempt")
    url = "/admin/axes/accessattempt/"
    assert "cleanup_expired_attempts" not in viewer.get(url).content.decode()
    action = {"action": "cleanup_expired_attempts", "_selected_action": [str(old.pk)]}
    viewer.post(url, action)
    assert AccessAttempt.objects.filter(pk=old.pk).exists()
    administrator = Client()
    administrator.force_login(staff_user)
    assert administrator.post(url, action).status_code == 302
    assert not AccessAttempt.objects.filter(pk=old.pk).exists()
