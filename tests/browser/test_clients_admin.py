"""The case study's admin page in a real browser: the writing room, the lists reordered with
« Descendre », the list page; screenshots at 1280 and 1440 px (in the folder SCREENSHOTS
names, else the artifacts folder)."""

import os
from pathlib import Path

import pytest

from clients.models import CaseStudy, Quote, Scope, Tool
from clients.preview import share_url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def acme(transactional_db):
    scope = Scope.objects.create(name="Négociation", slug="negociation")
    tool = Tool.objects.create(name="Hubspot", slug="hubspot")
    case_study = CaseStudy.objects.create(
        name="Acmé Logiciels",
        slug="acme",
        title="Un cycle de vente réduit de moitié",
        subtitle="Éditeur SaaS de 80 personnes, 12 commerciaux",
        speaker="Claire Martin",
        speaker_role="Directrice commerciale",
        duration="9 mois",
        body="## Le contexte\n\nUne équipe commerciale **débordée**, un CRM mal tenu.",
    )
    case_study.scopes.add(scope)
    case_study.tools.add(tool)
    Quote.objects.create(case_study=case_study, position=1, text="Première citation")
    Quote.objects.create(case_study=case_study, position=2, text="Deuxième citation")
    CaseStudy.objects.create(name="Boréal", slug="boreal", title="Des prévisions enfin fiables")
    return case_study


def test_the_case_study_page_reorders_its_quotes(logged_in, live_server, acme, artifacts):
    page = logged_in
    shots = Path(os.environ.get("SCREENSHOTS") or artifacts)
    shots.mkdir(parents=True, exist_ok=True)
    url = f"{live_server.url}/admin/clients/casestudy/{acme.pk}/change/"
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.screenshot(path=str(shots / f"change-{width}.png"), full_page=True)
        page.goto(f"{live_server.url}/admin/clients/casestudy/")
        page.screenshot(path=str(shots / f"list-{width}.png"), full_page=True)
    page.goto(url)
    assert page.locator(".writing-room").count() == 1
    first = page.locator(".role-item").filter(has_text="Première citation")
    first.get_by_role("button", name="Descendre").click()
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    assert "Modifications enregistrées" in page.locator(".messagelist").inner_text()
    assert [q.text for q in acme.quotes.all()] == ["Deuxième citation", "Première citation"]


def test_the_share_link_shows_the_reader_page_and_the_form_its_buttons(
    browser, logged_in, live_server, acme, artifacts
):
    """The share link, opened without an account, is the reader page under a « version de
    travail » banner, without sideways scrolling from 375 to 1440 px; the form's submit row
    has « Publier » and « Programmer… » (the date input shown once asked)."""
    shots = Path(os.environ.get("SCREENSHOTS") or artifacts)
    shots.mkdir(parents=True, exist_ok=True)
    reader = browser.new_context(locale="fr-FR").new_page()  # no account
    reader.goto(f"{live_server.url}{share_path(acme)}")
    for width in (375, 1280, 1440):
        reader.set_viewport_size({"width": width, "height": 900})
        banner = reader.locator(".preview-banner")
        assert "Version de travail" in banner.inner_text()
        assert reader.locator("figure.quote").count() == 2
        assert reader.evaluate("document.documentElement.scrollWidth") <= width
        reader.screenshot(path=str(shots / f"share-{width}.png"), full_page=True)
    reader.context.close()
    page = logged_in
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/clients/casestudy/{acme.pk}/change/")
    row = page.locator(".publish-actions")
    assert row.get_by_role("button", name="Publier").is_visible()
    row.locator("summary", has_text="Programmer…").click()
    assert row.get_by_label("Paraître le").is_visible()
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        row.screenshot(path=str(shots / f"publish-row-{width}.png"))


def share_path(case_study):
    return "/" + share_url(case_study).split("://", 1)[1].split("/", 1)[1]


def test_typed_work_on_a_case_study_is_kept_and_offered_back(logged_in, live_server, acme):
    """As on the article form: what was typed stays in the browser under the case study's own
    key (never an article's of the same number) and comes back after a closed tab."""
    page = logged_in
    url = f"{live_server.url}/admin/clients/casestudy/{acme.pk}/change/"
    page.goto(url)
    page.locator("#id_subtitle").click()
    page.keyboard.type(" et une équipe produit")
    page.wait_for_timeout(1200)  # written a moment after the last key
    keys = page.evaluate(
        "() => Object.keys(localStorage).filter((key) => key.startsWith('revops:brouillon:'))"
    )
    assert len(keys) == 1 and keys[0].startswith("revops:brouillon:clients.casestudy:")
    page.once("dialog", lambda dialog: dialog.accept())  # « Quitter le site ? »
    page.goto(f"{live_server.url}/admin/")
    page.goto(url)
    prompt = page.locator(".draft-recovery")
    assert "Un brouillon non enregistré du" in prompt.inner_text()
    prompt.get_by_role("button", name="Restaurer").click()
    assert page.locator("#id_subtitle").input_value().endswith("et une équipe produit")


def test_the_restore_page_of_a_case_study_reads_as_the_article_s(
    logged_in, live_server, acme, artifacts
):
    """History → a version: the review of what changes, its form, « Restaurer cette version »,
    at the admin's widths without sideways scrolling."""
    shots = Path(os.environ.get("SCREENSHOTS") or artifacts)
    shots.mkdir(parents=True, exist_ok=True)
    first = acme.history.order_by("history_id").last()
    acme.title = "Un titre revu depuis"
    acme.save()
    page = logged_in
    page.goto(f"{live_server.url}/admin/clients/casestudy/{acme.pk}/history/{first.history_id}/")
    review = page.locator(".restore-review")
    assert "l'étude de cas telle qu'elle était" in review.inner_text()
    assert "Le titre changera" in review.inner_text()
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(shots / f"restore-{width}.png"), full_page=True)
    page.get_by_role("button", name="Restaurer cette version").click()
    page.wait_for_load_state()
    assert "est restaurée" in page.locator(".messagelist").inner_text()
    acme.refresh_from_db()
    assert acme.title == "Un cycle de vente réduit de moitié"
