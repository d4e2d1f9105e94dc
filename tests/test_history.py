"""History and conflicts people can read: French values, a summary per revision, word-level
diffs, conflicts without false differences, and restores that bring the roles' items back."""

import datetime
import re

import pytest
from django.test import Client

from articles.models import Article
from roles.models import Mission, Role
from tests.test_workflow import change_data, role_page_data

pytestmark = pytest.mark.django_db

ADMIN = "/admin/articles"
BODY = "\n\n".join(
    [
        "## Pourquoi une équipe revenu",
        "Les équipes marketing, ventes et service client partagent un objectif.",
        "Elles partagent aussi des outils, des données et des rituels.",
        "Un paragraphe qui ne change pas.",
        "Un autre paragraphe qui ne change pas non plus.",
        "La conclusion arrive ici.",
    ]
)


def table_of(html):
    return re.search(r'<table class="conflict">.*?</table>', html, re.S).group()


def restore_form_data(client, url):
    """The restore page's form, as a browser submits it."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "tags":
            data[name] = [str(getattr(t, "pk", t)) for t in (value or [])]
        elif isinstance(value, datetime.datetime):
            local = value.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
            data[f"{name}_0"], data[f"{name}_1"] = local.strftime("%d/%m/%Y %H:%M:%S").split()
        elif name in ("published_at", "unpublish_at"):
            data[f"{name}_0"] = data[f"{name}_1"] = ""
        elif name == "front_matter_extra":
            data[name] = "{}"
        elif hasattr(value, "pk"):
            data[name] = str(value.pk)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    return data


def test_the_history_reads_in_french_with_a_summary_per_revision(staff_client, make_article):
    """Statuses by their label, dates in Paris time, « vide » for nothing, authors by name,
    long texts as word counts: no raw value, no English header, no `[4618 chars]`."""
    article = make_article("Un article dont l'historique se lit", slug="lisible",
                           status=Article.Status.DRAFT, body=BODY, hero_image_alt="x")  # fmt: skip
    data = change_data(staff_client, article)
    data.update(
        status="published", unpublish_at_0="03/01/2027", unpublish_at_1="09:00:00",
        body=BODY.replace("un objectif", "un seul objectif chiffré"), tags=[],
    )  # fmt: skip
    data["status"] = "draft"  # the checklist would refuse publishing a draft without tags
    assert staff_client.post(f"{ADMIN}/article/{article.pk}/change/", data).status_code == 302
    html = staff_client.get(f"{ADMIN}/article/{article.pk}/history/").content.decode()
    assert "<title>Historique : Un article dont l&#x27;historique se lit" in html
    assert "Date de dépublication : vide → 3 janvier 2027 à 09:00" in html
    assert "Texte (Markdown) : 3 mots ajoutés, 1 supprimé" in html
    assert "<li>Création</li>" in html and ">Différences<" in html and ">Restaurer…<" in html
    for raw in ("CHANGES", "Changes", "published", "None", "chars]", "Object", "Date/time"):
        assert raw not in html, raw


def test_a_revision_shows_its_changes_word_by_word_and_in_french(staff_client, make_article):
    """Only the changed words are marked (struck out, underlined, named for screen readers);
    unchanged paragraphs are counted, not repeated; short values as before and after."""
    article = make_article("Un article dont l'historique se lit", slug="mots",
                           status=Article.Status.DRAFT, body=BODY)  # fmt: skip
    data = change_data(staff_client, article)
    data.update(body=BODY.replace("un objectif", "un seul objectif chiffré"))
    data["unpublish_at_0"], data["unpublish_at_1"] = "03/01/2027", "09:00:00"
    assert staff_client.post(f"{ADMIN}/article/{article.pk}/change/", data).status_code == 302
    latest = article.history.first()
    html = staff_client.get(
        f"{ADMIN}/article/{article.pk}/history/{latest.history_id}/diff/"
    ).content.decode()
    assert 'partagent un <del class="diff-del">' in html
    assert '<span class="sr-only">[supprimé : </span>objectif.' in html
    assert '<span class="sr-only">[ajouté : </span>seul objectif chiffré.' in html
    assert "Les équipes marketing, ventes et service client partagent" in html
    assert "La conclusion arrive ici." not in html  # far from the change: counted
    assert "lignes identiques" in html
    assert '<dt>Avant</dt><dd><em class="diff-empty">vide</em></dd>' in html
    assert "</span>3 janvier 2027 à 09:00<span" in html
    assert "Date de publication" not in html  # re-entered to the second: not a change


def test_the_conflict_screen_marks_what_differs_and_sees_no_false_date_difference(
    staff_client, django_user_model, make_article
):
    """09:00 in Paris and 07:00 UTC are the same moment: only the text is compared, marked."""
    moment = datetime.datetime(2025, 5, 6, 7, 0, tzinfo=datetime.UTC)  # 09:00 in Paris
    article = make_article("Un article que deux personnes modifient", slug="conflit",
                           status=Article.Status.DRAFT, body=BODY, published_at=moment)  # fmt: skip
    other = Client()
    other.force_login(django_user_model.objects.create_user("second", is_staff=True,
                                                            is_superuser=True))  # fmt: skip
    first, second = change_data(staff_client, article), change_data(other, article)
    assert second["published_at_1"] == "09:00:00"  # the form speaks Paris time
    first["body"] = BODY.replace("un objectif", "un objectif commun")
    assert staff_client.post(f"{ADMIN}/article/{article.pk}/change/", first).status_code == 302
    second["body"] = BODY.replace("La conclusion arrive ici.", "La conclusion change.")
    html = other.post(f"{ADMIN}/article/{article.pk}/change/", second).content.decode()
    table = table_of(html)
    assert "Date de publication" not in table and "2025" not in table
    assert '<th scope="row">Texte (Markdown)</th>' in table
    assert "[seulement dans leur version : </span>objectif commun." in table
    assert "[seulement dans leur version : </span>arrive ici." in table
    assert "[seulement dans votre version : </span>change." in table
    assert "enregistrée le " in html


def test_restoring_a_role_brings_back_its_missions_as_they_were(staff_client, make_article):
    """Missions edited, removed and added after a revision come back as that revision had them."""
    article = make_article("Équipe", slug="equipe-restauree")
    role = Role.objects.create(article=article, title="Coach", slug="coach", nickname="le mentor")
    data = role_page_data(role)
    data.update({"missions-TOTAL_FORMS": "2", "missions-0-position": "1",
                 "missions-0-text": "Animer les rituels", "missions-1-position": "2",
                 "missions-1-text": "Former les nouveaux"})  # fmt: skip
    assert staff_client.post(f"/admin/roles/role/{role.pk}/change/", data).status_code == 302
    kept = role.history.first()
    role.refresh_from_db()
    data = role_page_data(role, nickname="le guide")
    data["missions-0-text"] = "Animer les rituels d'équipe, chaque semaine"
    data["missions-1-DELETE"] = "on"
    data.update({"missions-TOTAL_FORMS": "3", "missions-2-position": "3",
                 "missions-2-text": "Piloter le budget"})  # fmt: skip
    assert staff_client.post(f"/admin/roles/role/{role.pk}/change/", data).status_code == 302
    assert [m.text for m in Mission.objects.filter(role=role).order_by("position")] == [
        "Animer les rituels d'équipe, chaque semaine", "Piloter le budget",
    ]  # fmt: skip

    url = f"/admin/roles/role/{role.pk}/history/{kept.history_id}/"
    page = staff_client.get(url).content.decode()
    assert "Restaurer la version du " in page and "› Restaurer une version" in page
    assert "Historical" not in page and '<a href="/admin/roles/role/">Rôles</a>' in page
    role.refresh_from_db()
    assert f'name="version" value="{role.version}"' in page  # a deliberate restore: no conflict
    form = restore_form_data(staff_client, url)
    response = staff_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    role.refresh_from_db()
    assert role.nickname == "le mentor"
    assert [m.text for m in Mission.objects.filter(role=role).order_by("position")] == [
        "Animer les rituels", "Former les nouveaux",
    ]  # fmt: skip
    assert "Former les nouveaux" in Client().get("/blog/equipe-restauree/coach/").content.decode()


def test_restoring_an_article_brings_back_its_roles_items(staff_client, make_article):
    """The article's revision of yesterday comes back with its roles' missions of then (the
    items as they stood until the next revision: those saved with a revision follow it)."""
    article = make_article("Un article et ses rôles", slug="article-restaure", body="Avant.")
    role = Role.objects.create(article=article, title="Coach", slug="coach")
    Mission.objects.create(role=role, position=1, text="Mission d'origine")
    data = change_data(staff_client, article)
    data["body"] = "Avant, revu."
    assert staff_client.post(f"{ADMIN}/article/{article.pk}/change/", data).status_code == 302
    kept = article.history.first()
    data = change_data(staff_client, Article.objects.get(pk=article.pk))
    data["body"] = "Avant, revu deux fois."  # the revision after it: items change after this
    assert staff_client.post(f"{ADMIN}/article/{article.pk}/change/", data).status_code == 302
    mission = Mission.objects.get(role=role)
    mission.text = "Mission réécrite"
    mission.save()
    Mission.objects.create(role=role, position=2, text="Mission ajoutée ensuite")
    data = change_data(staff_client, Article.objects.get(pk=article.pk))
    data["body"] = "Après."
    assert staff_client.post(f"{ADMIN}/article/{article.pk}/change/", data).status_code == 302

    url = f"{ADMIN}/article/{article.pk}/history/{kept.history_id}/"
    response = staff_client.post(url, restore_form_data(staff_client, url))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Article.objects.get(pk=article.pk).body == "Avant, revu."
    assert list(Mission.objects.filter(role=role).values_list("text", flat=True)) == [
        "Mission d'origine"
    ]
