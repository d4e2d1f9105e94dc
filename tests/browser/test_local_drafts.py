"""Typed work is never lost, in a real browser: leaving a changed article form asks first
(not an unchanged one, not after « Enregistrer »); what was typed is kept in the browser and
offered back when the form is reopened after a closed tab; a save discards it. Screenshots of
the recovery prompt at 1280 and 1440 px go to tests/browser/artifacts."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN = "/admin/articles/article"


def draft_keys(page):
    return page.evaluate(
        "() => Object.keys(localStorage).filter((key) => key.startsWith('revops:brouillon:'))"
    )


def type_in(page, selector, text):
    """Typed as keys (a real user gesture: the browser then may ask before leaving)."""
    page.locator(selector).click()
    page.keyboard.type(text)


def wait_saved(page, count=1):
    page.wait_for_timeout(1200)  # the draft is written a moment after the last key
    assert len(draft_keys(page)) == count


def test_leaving_a_changed_add_form_asks_and_the_draft_comes_back(
    logged_in, live_server, artifacts
):
    page = logged_in
    page.goto(f"{live_server.url}{ADMIN}/add/")
    type_in(page, "#id_title", "Un titre qui ne doit pas se perdre")
    type_in(page, "#id_body", "## Premier intertitre\n\nUn paragraphe tapé avec soin.")
    wait_saved(page)
    asked = []

    def dismiss(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator("#nav-sidebar").get_by_role("link", name="Auteurs").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url.endswith("/add/")  # stayed: nothing lost
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#nav-sidebar").get_by_role("link", name="Auteurs").click()
    page.wait_for_url(re.compile(r"/author/|/auteur"))

    page.goto(f"{live_server.url}{ADMIN}/add/")
    prompt = page.locator(".draft-recovery")
    expect(prompt).to_contain_text(
        re.compile(r"Un brouillon non enregistré du .+ a été retrouvé\.")
    )
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts / f"admin-draft-recovery-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    prompt.get_by_role("button", name="Restaurer").click()
    expect(prompt).to_have_count(0)
    expect(page.locator("#id_title")).to_have_value("Un titre qui ne doit pas se perdre")
    expect(page.locator("#id_body")).to_have_value(re.compile("Un paragraphe tapé avec soin"))
    expect(page.locator("#id_slug")).to_have_value("un-titre-qui-ne-doit-pas-se-perdre")
    page.locator(".field-body .markdownx-preview h2").wait_for(timeout=10_000)

    # Saved: no question on the way out, and the draft is gone.
    page.on("dialog", lambda dialog: pytest.fail(f"unexpected {dialog.type} dialog"))
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    assert Article.objects.filter(title="Un titre qui ne doit pas se perdre").exists()
    assert draft_keys(page) == []
    page.goto(f"{live_server.url}{ADMIN}/add/")
    expect(page.locator("#id_title")).to_have_value("")
    expect(page.locator(".draft-recovery")).to_have_count(0)


def test_an_unchanged_form_leaves_without_a_question(logged_in, live_server):
    article = Article.objects.create(title="Un article déjà écrit", slug="ecrit", body="Texte.")
    page = logged_in
    page.goto(f"{live_server.url}{ADMIN}/{article.pk}/change/")
    page.locator("#id_title").click()  # a gesture, but no change
    page.on("dialog", lambda dialog: pytest.fail(f"unexpected {dialog.type} dialog"))
    page.locator("#nav-sidebar").get_by_role("link", name="Tags").click()
    page.wait_for_url(re.compile(r"/tag/$"))
    assert draft_keys(page) == []


def test_a_closed_tab_keeps_the_text_of_an_existing_article_and_ignorer_drops_it(
    logged_in, live_server, browser
):
    article = Article.objects.create(title="Un article déjà écrit", slug="ecrit", body="Texte.")
    page = logged_in
    url = f"{live_server.url}{ADMIN}/{article.pk}/change/"
    page.goto(url)
    page.locator("#id_body").click()
    page.keyboard.press("End")
    page.keyboard.type(" Une phrase ajoutée avant la panne.")
    page.fill("#id_excerpt", "Un chapeau tapé aussi.")
    page.dispatch_event("#id_excerpt", "input")
    wait_saved(page)
    context = page.context
    page.close()  # the tab closed at once (no leave-page handlers): a crash, as far as we know

    again = context.new_page()
    again.goto(url)
    prompt = again.locator(".draft-recovery")
    expect(prompt).to_be_visible()
    expect(again.locator("#id_body")).to_have_value("Texte.")  # nothing applied unasked
    prompt.get_by_role("button", name="Restaurer").click()
    expect(again.locator("#id_body")).to_have_value("Texte. Une phrase ajoutée avant la panne.")
    expect(again.locator("#id_excerpt")).to_have_value("Un chapeau tapé aussi.")
    again.close()

    third = context.new_page()
    third.goto(url)
    third.locator(".draft-recovery").get_by_role("button", name="Ignorer").click()
    assert draft_keys(third) == []
    third.reload()
    expect(third.locator(".draft-recovery")).to_have_count(0)
    article.refresh_from_db()
    assert article.body == "Texte."  # nothing written on the server by any of this


def test_a_refused_save_keeps_the_draft(logged_in, live_server):
    """A save the form refuses (a slug taken) leaves the draft in place."""
    Article.objects.create(title="Un autre article", slug="pris", body="Texte.")
    page = logged_in
    page.goto(f"{live_server.url}{ADMIN}/add/")
    type_in(page, "#id_title", "Un nouveau titre")
    page.fill("#id_slug", "pris")
    page.dispatch_event("#id_slug", "input")
    wait_saved(page)
    page.locator("input[name=_save]").click()
    expect(page.locator(".errornote").first).to_be_visible()
    assert len(draft_keys(page)) == 1
    # The form sent back holds unsaved work: leaving it still asks.
    asked = []
    page.locator("#id_title").click()
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.locator("#nav-sidebar").get_by_role("link", name="Tags").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"] and page.url.endswith("/add/")


def test_an_article_with_roles_opened_and_left_asks_nothing(logged_in, live_server, demo_content):
    """The roles' scripts (folding, numbering) change nothing an editor typed: no question."""
    article = Article.objects.get(slug="equipe-revops-cinq-roles")
    page = logged_in
    page.goto(f"{live_server.url}{ADMIN}/{article.pk}/change/")
    page.locator("#id_title").click()
    page.wait_for_timeout(1200)
    assert draft_keys(page) == []
    page.on("dialog", lambda dialog: pytest.fail(f"unexpected {dialog.type} dialog"))
    page.locator("#nav-sidebar").get_by_role("link", name="Tags").click()
    page.wait_for_url(re.compile(r"/tag/$"))
