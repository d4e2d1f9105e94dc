"""The case study's admin page in a real browser: the writing room, the lists reordered with
« Descendre », the list page; screenshots at 1280 and 1440 px (in the folder SCREENSHOTS
names, else the artifacts folder)."""

import os
from pathlib import Path

import pytest

from clients.models import CaseStudy, Quote, Scope, Tool

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
