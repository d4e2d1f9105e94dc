"""The article form as an editor uses it, in a real browser: the body right under the title
with its preview beside it (1280 and 1440 px), the rest folded; « Publier », « Programmer… »
and « Dépublier » in the submit row. Screenshots go to tests/browser/artifacts."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 1440)
ADMIN = "/admin/articles/article"


def box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.fixture
def draft(make_tag):
    return Article.objects.create(
        title="Un brouillon prêt à paraître ce matin",
        slug="pret",
        body="## Introduction\n\nUn texte prêt, assez long pour paraître.",
        status=Article.Status.DRAFT,
        published_at=None,
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_body_comes_right_after_the_title(logged_in, live_server, artifacts, width):
    page = logged_in
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{ADMIN}/add/")
    title, body = box(page, "#id_title"), box(page, ".field-body .writing-room")
    assert title["y"] < body["y"] < 400, (title, body)  # in the first screen, not at 1,900 px
    # The writing room: the text and its preview side by side.
    preview = box(page, ".field-body .markdownx-preview")
    text = box(page, "#id_body")
    assert preview["x"] > text["x"] + text["width"] - 5 and abs(preview["y"] - text["y"]) < 80
    # Publication, SEO and image folded below; the checklist's place shown.
    for name in ("Publication", "Référencement et partage", "Image principale"):
        summary = page.locator("summary", has_text=name)
        expect(summary).to_be_visible()
        assert box(page, f"summary:has-text('{name}')")["y"] > body["y"]
    expect(page.locator("#id_description")).to_be_hidden()
    expect(page.get_by_text("Enregistrez une première fois pour voir la liste")).to_be_visible()
    page.fill("#id_title", "Un titre tapé dans le navigateur")
    page.fill("#id_body", "## Un intertitre\n\nUn paragraphe **tapé**.")
    page.dispatch_event("#id_body", "input")
    page.locator(".field-body .markdownx-preview strong").wait_for(timeout=10_000)
    page.screenshot(path=artifacts / f"admin-article-add-{width}.png")
    page.screenshot(path=artifacts / f"admin-article-add-full-{width}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_change_form_shows_the_checklist_under_the_body(
    logged_in, live_server, artifacts, draft, width
):
    page = logged_in
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{ADMIN}/{draft.pk}/change/")
    checklist = page.locator(".checklist-admin")
    expect(checklist).to_be_visible()
    expect(checklist).to_contain_text("Aucun tag")
    assert box(page, ".field-body .writing-room")["y"] < box(page, ".checklist-admin")["y"]
    page.screenshot(path=artifacts / f"admin-article-change-{width}.png")
    page.locator(".submit-row").first.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / f"admin-article-buttons-{width}.png")


def test_publier_then_depublier(logged_in, live_server, artifacts, draft, make_tag):
    draft.tags.add(make_tag("ops", "Ops"))
    page = logged_in
    page.goto(f"{live_server.url}{ADMIN}/{draft.pk}/change/")
    expect(page.get_by_role("button", name="Dépublier")).to_have_count(0)
    page.get_by_role("button", name="Publier", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("est enregistré et publié : en ligne")
    draft.refresh_from_db()
    assert draft.is_published() and draft.published_at > timezone.now() - timedelta(minutes=2)
    assert page.request.get(f"{live_server.url}/blog/pret/").status == 200
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Dépublier").click()
    expect(page.locator(".messagelist")).to_contain_text("retiré : dépublié le")
    draft.refresh_from_db()
    assert draft.publication_state() == Article.State.TAKEN_DOWN


def test_programmer_asks_the_moment(logged_in, live_server, artifacts, draft, make_tag):
    draft.tags.add(make_tag("ops", "Ops"))
    page = logged_in
    page.goto(f"{live_server.url}{ADMIN}/{draft.pk}/change/")
    page.locator("summary", has_text="Programmer…").click()
    when = timezone.localtime(timezone.now() + timedelta(days=2)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    page.fill("#id_schedule_at", when.strftime("%Y-%m-%dT%H:%M"))
    page.screenshot(path=artifacts / "admin-article-schedule-1280.png")
    page.get_by_role("button", name="Programmer", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("programmé : programmé pour le")
    draft.refresh_from_db()
    assert draft.publication_state() == Article.State.SCHEDULED and draft.published_at == when
    expect(page.get_by_role("button", name="Annuler la programmation")).to_be_visible()


def test_publishing_an_old_draft_offers_to_keep_its_date(
    logged_in, live_server, artifacts, draft, make_tag
):
    draft.tags.add(make_tag("ops", "Ops"))
    old = timezone.now() - timedelta(days=70)
    Article.objects.filter(pk=draft.pk).update(published_at=old)
    page = logged_in
    page.goto(f"{live_server.url}{ADMIN}/{draft.pk}/change/")
    choice = page.get_by_role("group", name="Date de publication")
    expect(choice.get_by_label("maintenant")).to_be_checked()
    page.locator(".publish-actions").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "admin-article-past-date-1280.png")
    page.get_by_role("button", name="Publier", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("publié : en ligne")
    draft.refresh_from_db()
    assert draft.published_at > timezone.now() - timedelta(minutes=2)
