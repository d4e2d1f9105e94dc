"""The admin in finished French: every page of every model (list, add, change, history, a
revision, delete confirmation) names its object with the right article and gender, never
« Ajout de article », « l'objet image », « un objet Rôle supplémentaire »."""

import html
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from articles import admin_french
from articles.models import Article, ImageAsset
from roles.models import Role
from tests.test_view_only import world  # noqa: F401 (one row of each model)

pytestmark = pytest.mark.django_db

FEMININE = {"image", "mission", "redirection", "tentative de connexion", "connexion"}


def forbidden():
    """« de » before a vowel, « l'objet », « objet <model> », « (markdown) » in lower case, and
    a feminine plural with a masculine agreement (« les images sélectionnés »)."""
    names = set()
    for model in apps.get_models():
        names.add(str(model._meta.verbose_name).lower())
    feminine_plurals = "|".join(
        re.escape(str(m._meta.verbose_name_plural))
        for m in apps.get_models()
        if str(m._meta.verbose_name) in FEMININE
    )
    return re.compile(
        r"(?i:\bde [aeiouéèêâîôœ]\w*|l['’]objet\b"
        rf"|\bobjets? (?:{'|'.join(re.escape(n) for n in sorted(names))})\b"
        rf"|\b(?:{feminine_plurals}) sélectionnés\b)"
        r"|\(markdown\)"
    )


FORBIDDEN = forbidden()


def readable(page):
    """What the editor reads or hears: text, titles, labels and the inline buttons' texts."""
    text = html.unescape(page)
    text = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), text)  # JSON in attributes
    text = re.sub(r"<script\b(?![^>]*application/json)[^>]*>.*?</script>", " ", text, flags=re.S)
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def admin_pages(objects):
    for model, model_admin in admin.site._registry.items():
        app, name = model._meta.app_label, model._meta.model_name
        yield reverse(f"admin:{app}_{name}_changelist")
        yield reverse(f"admin:{app}_{name}_add")
        obj = objects.get(model)
        if obj is None:
            continue
        yield reverse(f"admin:{app}_{name}_change", args=[obj.pk])
        yield reverse(f"admin:{app}_{name}_history", args=[obj.pk])
        yield reverse(f"admin:{app}_{name}_delete", args=[obj.pk])
        history = getattr(obj, "history", None)
        if history is not None and hasattr(model_admin, "history_form_view"):
            record = history.order_by("history_id").first()
            yield reverse(f"admin:{app}_{name}_simple_history", args=[obj.pk, record.history_id])


def faults(page):
    text = readable(page)
    return sorted({text[max(0, m.start() - 30) : m.end() + 20] for m in FORBIDDEN.finditer(text)})


def test_every_admin_page_names_its_object_in_correct_french(staff_client, world):  # noqa: F811
    article = world[Article]
    article.body += "\n\nUn paragraphe de plus."
    article.save()  # a revision whose summary names the text field
    found = {}
    for address in admin_pages(world):
        response = staff_client.get(address)
        if response.status_code in (302, 403):
            continue
        assert response.status_code == 200, address
        wrong = faults(response.content.decode())
        if wrong:
            found[address] = wrong
    assert not found, "\n".join(f"{a} : {w}" for a, wrong in found.items() for w in wrong)


def page_text(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return readable(response.content.decode())


def test_titles_and_buttons_say_un_article_une_image(staff_client, world):  # noqa: F811
    article, image, role = world[Article], world[ImageAsset], world[Role]
    text = page_text(staff_client, "/admin/articles/article/add/")
    assert "<title>Ajouter un article | " in text and "<h1>Ajouter un article</h1>" in text
    assert '"addText": "Ajouter un autre rôle"' in text
    assert 'title="Ajouter un autre auteur"' in text
    assert "<h1>Ajouter une image</h1>" in page_text(
        staff_client, "/admin/articles/imageasset/add/"
    )
    text = page_text(staff_client, "/admin/articles/article/")
    assert "<h1>Sélectionnez l’article à modifier</h1>" in text
    assert "Ajouter un article" in text
    text = page_text(staff_client, "/admin/articles/imageasset/")
    assert "Ajouter une image" in text  # the library has a title of its own
    assert "Supprimer la sélection (images)" in text
    text = page_text(staff_client, f"/admin/articles/article/{article.pk}/change/")
    assert "<h1>Modifier l’article</h1>" in text
    assert 'title="Modifier l’image sélectionnée"' in text
    text = page_text(staff_client, f"/admin/roles/role/{role.pk}/delete/")
    assert f"Voulez-vous vraiment supprimer le rôle « {role} » ?" in text
    text = page_text(staff_client, f"/admin/articles/imageasset/{image.pk}/delete/")
    assert f"Supprimer l’image « {image} » demanderait de supprimer" in text
    record = role.history.order_by("history_id").first()  # an article's opens its own form
    text = page_text(staff_client, f"/admin/roles/role/{role.pk}/history/{record.history_id}/")
    assert "Voici cette version, telle qu'elle a été enregistrée." in text


def test_the_success_messages_are_true_for_every_gender(staff_client, world):  # noqa: F811
    response = staff_client.post(
        "/admin/articles/redirect/add/", {"old_path": "/vieux/", "new_path": "/blog/"}, follow=True
    )
    text = re.sub(r"<[^>]+>", "", readable(response.content.decode()))
    assert "Ajout enregistré : redirection « /vieux/ → /blog/ »." in text
    assert "L’objet" not in text and "a été ajouté" not in text


def test_sign_in_records_are_for_superusers_only(staff_client, django_user_model):
    """An editor holding every permission does not see django-axes' records in the sidebar,
    nor open them; a superuser does."""
    editor = django_user_model.objects.create_user("plume", password="x-" * 10, is_staff=True)
    editor.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(editor)
    index = readable(client.get("/admin/").content.decode())
    assert "Articles" in index and "Tentatives de connexion" not in index
    sidebar = readable(client.get("/admin/articles/article/").content.decode())
    assert "Tentatives de connexion" not in sidebar and "Échecs de connexion" not in sidebar
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    assert client.get("/admin/axes/accesslog/").status_code == 403
    index = readable(staff_client.get("/admin/").content.decode())
    assert "Tentatives de connexion" in index
    assert staff_client.get("/admin/axes/accessattempt/").status_code == 200


def test_every_model_the_admin_shows_has_its_gender():
    """A new model gets « un »/« une » from articles.admin_french.NOUNS, not a neutral phrase."""
    shown = {str(model._meta.verbose_name) for model in admin.site._registry}
    for model_admin in admin.site._registry.values():
        shown |= {
            str(inline.verbose_name or inline.model._meta.verbose_name)
            for inline in model_admin.inlines
        }
    assert sorted(name for name in shown if not admin_french.known(name)) == []
