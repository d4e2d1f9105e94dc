"""The article form's and the case study form's publication buttons (« Publier », « Programmer… », « Dépublier »), an
honest date (a draft has none until it is published or scheduled; a past date is kept only
when asked), and the form's order (title and body first, the rest folded after)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles import workflow
from articles.models import Article
from clients.models import CaseStudy
from tests.commands import run
from tests.test_admin_roles import opened
from tests.test_workflow import change_data

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/article/"


def change_url(article):
    return f"{LIST}{article.pk}/change/"


def form_data(client, article):
    """The change form as a browser sends it (a draft without date sends empty inputs)."""
    data = change_data(client, article)
    if article.published_at is None:
        data["published_at_0"] = data["published_at_1"] = ""
    return data


def submit_row(html):
    return re.search(r'<div class="publish-actions".*?</div>\s*</div>', html, re.S).group()


@pytest.fixture
def ready(make_article, make_tag):
    """A draft that passes the checklist, with no date."""
    return make_article(
        "Un brouillon prêt à paraître ce matin",
        slug="pret",
        status=Article.Status.DRAFT,
        published_at=None,
        tags=[make_tag("ops")],
    )


def test_the_add_form_has_no_date_and_a_new_draft_is_saved_without_one(staff_client, tmp_path):
    page = staff_client.get(f"{LIST}add/")
    html = page.content.decode()
    assert re.search(r'name="published_at_0"[^>]*>', html).group().count("value=") == 0
    assert "Publier" in submit_row(html) and "Programmer…" in submit_row(html)
    assert "Dépublier" not in submit_row(html)
    data = {
        "title": "Un brouillon sans date aucune", "slug": "sans-date", "body": "Texte.",
        "status": "draft", "published_at_0": "", "published_at_1": "", "unpublish_at_0": "",
        "unpublish_at_1": "", "front_matter_extra": "{}", "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0", "_save": "Enregistrer",
    }  # fmt: skip
    response = staff_client.post(f"{LIST}add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="sans-date")
    assert article.published_at is None and article.status == "draft"
    listed = staff_client.get(LIST).content.decode()
    assert "Brouillon" in listed.rsplit("Un brouillon sans date aucune", 1)[1][:400]
    run("export_markdown", str(tmp_path / "out"))  # the export says « no date »
    assert "date: ''" in (tmp_path / "out" / "sans-date" / "index.md").read_text(encoding="utf-8")


def test_publier_puts_a_draft_online_now(staff_client, ready):
    assert Client().get("/blog/pret/").status_code == 404
    data = form_data(staff_client, ready)
    data["_publish"] = "1"
    before = timezone.now()
    response = staff_client.post(change_url(ready), data, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == change_url(ready)
    assert "est enregistré et publié : en ligne depuis le" in html
    ready.refresh_from_db()
    assert ready.status == "published" and ready.published_at >= before
    assert Client().get("/blog/pret/").status_code == 200
    assert "Dépublier" in submit_row(html) and "Publier</button>" not in submit_row(html)


def test_publier_on_a_draft_with_a_past_date_asks_and_defaults_to_now(staff_client, ready):
    old = timezone.now() - timedelta(days=70)
    Article.objects.filter(pk=ready.pk).update(published_at=old)
    ready.refresh_from_db()
    html = staff_client.get(change_url(ready)).content.decode()
    row = submit_row(html)
    assert "Date de publication" in row
    assert re.search(r'value="now" checked', row) and "garder le " in row
    data = form_data(staff_client, ready)
    data["_publish"] = "1"
    staff_client.post(change_url(ready), data)
    ready.refresh_from_db()
    assert ready.published_at > timezone.now() - timedelta(minutes=1)  # now, not backdated


def test_publier_keeps_the_past_date_when_the_editor_chooses_it(staff_client, ready):
    old = (timezone.now() - timedelta(days=70)).replace(microsecond=0)
    Article.objects.filter(pk=ready.pk).update(published_at=old)
    ready.refresh_from_db()
    data = form_data(staff_client, ready)
    data.update(_publish="1", publish_date="keep")
    staff_client.post(change_url(ready), data)
    ready.refresh_from_db()
    assert ready.is_published() and ready.published_at == old


def test_choosing_publie_in_the_select_does_not_backdate_an_old_draft(staff_client, ready):
    """The issue's case: an old draft switched to « Publié » was « en ligne depuis » its old
    date, without a word. It now goes online now, as with the button."""
    old = (timezone.now() - timedelta(days=70)).replace(microsecond=0)
    Article.objects.filter(pk=ready.pk).update(published_at=old)
    ready.refresh_from_db()
    data = form_data(staff_client, ready)
    data["status"] = "published"
    assert staff_client.post(change_url(ready), data).status_code == 302
    ready.refresh_from_db()
    assert ready.is_published() and ready.published_at > timezone.now() - timedelta(minutes=1)


def test_programmer_schedules_at_the_moment_typed(staff_client, ready):
    when = timezone.localtime(timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    data = form_data(staff_client, ready)
    data.update(_schedule="1", schedule_at=when.strftime("%Y-%m-%dT%H:%M"))
    html = staff_client.post(change_url(ready), data, follow=True).content.decode()
    assert "est enregistré et programmé : programmé pour le" in html
    ready.refresh_from_db()
    assert ready.status == "published" and ready.published_at == when
    assert ready.publication_state() == Article.State.SCHEDULED
    assert Client().get("/blog/pret/").status_code == 404
    assert "Annuler la programmation" in submit_row(html)
    assert 'État : <span class="publication publication--programme">Programmé</span>' in html
    data = form_data(staff_client, ready)
    data["_unpublish"] = "1"
    html = staff_client.post(change_url(ready), data, follow=True).content.decode()
    assert "est enregistré et repassé en brouillon : il ne paraîtra pas." in html
    ready.refresh_from_db()
    assert ready.publication_state() == Article.State.DRAFT


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Indiquez la date et l&#x27;heure de parution"), ("past", "est déjà passée")],
)
def test_programmer_refuses_a_missing_or_past_moment(staff_client, ready, typed, message):
    data = form_data(staff_client, ready)
    past = timezone.localtime(timezone.now() - timedelta(hours=2))
    data.update(_schedule="1", schedule_at=past.strftime("%Y-%m-%dT%H:%M") if typed else "")
    response = staff_client.post(change_url(ready), data)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert re.search(r'<details class="publish-actions__schedule" open>', html)
    ready.refresh_from_db()
    assert ready.status == "draft" and ready.published_at is None  # nothing written


def test_depublier_takes_an_online_article_down_and_publier_brings_it_back(
    staff_client, make_article, make_tag
):
    yesterday = (timezone.now() - timedelta(days=1)).replace(microsecond=0)
    article = make_article("Un article en ligne depuis hier", slug="en-ligne",
                           tags=[make_tag("ops")], published_at=yesterday)  # fmt: skip
    first_date = article.published_at
    html = staff_client.get(change_url(article)).content.decode()
    assert "Dépublier" in submit_row(html) and "Programmer…" not in submit_row(html)
    data = form_data(staff_client, article)
    data["_unpublish"] = "1"
    html = staff_client.post(change_url(article), data, follow=True).content.decode()
    assert "est enregistré et retiré : dépublié le" in html
    assert Client().get("/blog/en-ligne/").status_code == 404
    article.refresh_from_db()
    assert article.publication_state() == Article.State.TAKEN_DOWN
    # The list's « Publier maintenant » (same rules) brings it back with its first date.
    staff_client.post(LIST, {"action": "publish_now", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.is_published() and article.published_at == first_date
    assert Client().get("/blog/en-ligne/").status_code == 200


def test_publier_is_refused_by_the_checklist_like_the_select(staff_client, make_article):
    article = make_article("Sans tag, il attendra son tour", slug="sans-tag",
                           status=Article.Status.DRAFT, published_at=None)  # fmt: skip
    data = form_data(staff_client, article)
    data["_publish"] = "1"
    html = staff_client.post(change_url(article), data).content.decode()
    assert "Publication impossible" in html and "Aucun tag" in html
    article.refresh_from_db()
    assert article.status == "draft" and article.published_at is None


def test_the_list_action_publishes_an_old_draft_now(staff_client, ready):
    Article.objects.filter(pk=ready.pk).update(published_at=timezone.now() - timedelta(days=9))
    staff_client.post(LIST, {"action": "publish_now", "_selected_action": [ready.pk]})
    ready.refresh_from_db()
    assert ready.is_published() and ready.published_at > timezone.now() - timedelta(minutes=1)


def test_workflow_rules_without_the_admin(ready):
    now = timezone.now()
    with pytest.raises(workflow.ScheduleRefused, match="déjà passée"):
        workflow.schedule(ready, now - timedelta(seconds=1), now=now)
    ready.unpublish_at = now + timedelta(hours=1)
    workflow.schedule(ready, now + timedelta(hours=2), now=now)
    assert ready.unpublish_at is None  # it would never have been seen
    assert workflow.take_down(ready, now=now) == workflow.UNSCHEDULED
    assert ready.status == "draft"
    assert workflow.take_down(ready, now=now) is None


def test_the_body_comes_right_after_the_title_and_the_rest_is_folded(staff_client, ready):
    for url in (f"{LIST}add/", change_url(ready)):
        html = staff_client.get(url).content.decode()
        title, body = html.index('name="title"'), html.index('name="body"')
        assert title < body
        for later in ('name="description"', 'name="status"', 'name="excerpt"',
                      'name="hero_image_alt"'):  # fmt: skip
            assert body < html.index(later), later
        folded = re.findall(r"<details><summary>.*?<h2[^>]*>(.*?)</h2>", html, re.S)
        assert {"Publication", "Référencement et partage", "Image principale"} <= {
            re.sub(r"<[^>]+>", "", name).strip() for name in folded
        }
        assert "liste de contrôle avant publication" in html.lower()


def test_publier_checks_the_roles_images_too(staff_client, author, make_asset, make_tag):
    """A role's image without alt text stops « Publier » as it stops « Publié » chosen."""
    asset = make_asset(alt="", caption="Portrait du coach")
    data = {
        "title": "Un article et son rôle illustré", "slug": "illustre", "author": str(author.pk),
        "status": "draft", "published_at_0": "", "published_at_1": "", "body": "Texte.",
        "tags": [str(make_tag("ops").pk)], "front_matter_extra": "{}", "_publish": "1",
        "roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "0", "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000", "roles-0-title": "Coach", "roles-0-slug": "coach",
        "roles-0-image": str(asset.pk), "roles-0-intro": "",
    }  # fmt: skip
    response = staff_client.post(f"{LIST}add/", data)
    html = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert "ces images n&#x27;ont pas de texte alternatif" in html and "Portrait du coach" in html
    assert not Article.objects.exists()


# --- Case studies: the same buttons, the same rules (`PublishableAdminMixin`) -----------------

CASE_STUDIES = "/admin/clients/casestudy/"
DESCRIPTION = (
    "Comment une équipe commerciale de vingt personnes a réduit son cycle de vente de moitié "
    "en six mois, avec un pipeline enfin lisible par tous."
)


@pytest.fixture
def boreal(db):
    """A case study ready to go out (its checklist has no error), a draft without date."""
    return CaseStudy.objects.create(
        name="Boréal", slug="boreal", title="Des prévisions enfin fiables",
        description=DESCRIPTION, body="## La mission\n\nTrois phases.",
    )  # fmt: skip


def case_study_url(case_study):
    return f"{CASE_STUDIES}{case_study.pk}/change/"


def case_study_form(client, case_study):
    data = opened(client, case_study_url(case_study))
    return {name: value for name, value in data.items() if not name.startswith("_")}


def test_a_case_study_form_has_the_publication_buttons(staff_client, boreal):
    for url in (f"{CASE_STUDIES}add/", case_study_url(boreal)):
        row = submit_row(staff_client.get(url).content.decode())
        assert "Publier</button>" in row and "Programmer…" in row and "Dépublier" not in row
        assert "Brouillon" in row


def test_publier_puts_a_case_study_online_now(staff_client, boreal):
    assert Client().get("/clients/boreal/").status_code == 404
    data = case_study_form(staff_client, boreal)
    data["_publish"] = "1"
    before = timezone.now()
    response = staff_client.post(case_study_url(boreal), data, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == case_study_url(boreal)
    assert "« Boréal » est enregistrée et publiée : en ligne depuis le" in html
    boreal.refresh_from_db()
    assert boreal.is_published() and boreal.published_at >= before
    assert Client().get("/clients/boreal/").status_code == 200
    assert "Dépublier" in submit_row(html) and "Publier</button>" not in submit_row(html)


def test_publier_on_a_case_study_is_refused_by_its_checklist(staff_client, boreal):
    CaseStudy.objects.filter(pk=boreal.pk).update(description="")
    boreal.refresh_from_db()
    data = case_study_form(staff_client, boreal)
    data["_publish"] = "1"
    html = staff_client.post(case_study_url(boreal), data).content.decode()
    assert "Publication impossible" in html and "La description (SEO) est vide." in html
    boreal.refresh_from_db()
    assert boreal.status == "draft" and boreal.published_at is None


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_case_study_goes_live_on_its_own(staff_client, boreal, settings):
    """« Programmer… » and nothing else: at the time typed, readers get the page (the page
    cache follows the kind's dates)."""
    settings.PAGE_CACHE_SECONDS = 3600
    when = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    data = case_study_form(staff_client, boreal)
    data.update(_schedule="1", schedule_at=when.strftime("%Y-%m-%dT%H:%M"))
    html = staff_client.post(case_study_url(boreal), data, follow=True).content.decode()
    assert "« Boréal » est enregistrée et programmée : programmée pour le" in html
    assert "Annuler la programmation" in submit_row(html)
    boreal.refresh_from_db()
    assert boreal.publication_state() == CaseStudy.State.SCHEDULED and boreal.published_at == when
    reader = Client()
    assert reader.get("/clients/boreal/").status_code == 404
    assert "Des prévisions enfin fiables" not in reader.get("/clients/").content.decode()
    with time_machine.travel(when + timedelta(seconds=5)):
        assert reader.get("/clients/boreal/").status_code == 200
        assert "Des prévisions enfin fiables" in reader.get("/clients/").content.decode()


def test_depublier_takes_a_case_study_down(staff_client, boreal):
    yesterday = timezone.now() - timedelta(days=1)
    CaseStudy.objects.filter(pk=boreal.pk).update(status="published", published_at=yesterday)
    boreal.refresh_from_db()
    data = case_study_form(staff_client, boreal)
    data["_unpublish"] = "1"
    html = staff_client.post(case_study_url(boreal), data, follow=True).content.decode()
    assert "« Boréal » est enregistrée et retirée : dépubliée le" in html
    assert Client().get("/clients/boreal/").status_code == 404
    listed = staff_client.get(CASE_STUDIES).content.decode()
    assert "Dépubliée" in listed.split("Boréal", 1)[1][:800]


def test_the_case_study_list_publishes_and_takes_down_by_the_same_rules(staff_client, boreal):
    empty = CaseStudy.objects.create(name="Céleste", slug="celeste", title="Sans description")
    selected = [boreal.pk, empty.pk]
    response = staff_client.post(
        CASE_STUDIES, {"action": "publish_now", "_selected_action": selected}, follow=True
    )
    html = response.content.decode()
    assert "1 étude(s) de cas publiée(s)." in html
    assert "« Céleste » n&#x27;est pas publiée : La description (SEO) est vide." in html
    assert Client().get("/clients/boreal/").status_code == 200
    assert Client().get("/clients/celeste/").status_code == 404
    response = staff_client.post(
        CASE_STUDIES, {"action": "unpublish", "_selected_action": selected}, follow=True
    )
    assert (
        "1 étude(s) de cas dépubliée(s) : hors ligne dès maintenant." in response.content.decode()
    )
    assert Client().get("/clients/boreal/").status_code == 404
