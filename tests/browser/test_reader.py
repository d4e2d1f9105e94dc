"""A reader in a real browser: filters, article, role page, search; accessibility; screenshots."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "liste": "/blog/",
    "article": "/blog/equipe-revops-cinq-roles/",
    "role": "/blog/equipe-revops-cinq-roles/revenue-analyst/",
    "recherche": "/blog/recherche/?q=role",
    "filtre": "/blog/?tag=ops&tag=organisation",
    "tag": "/blog/tag/crm/",
    "roles": "/blog/roles/",
    "404": "/blog/page-inexistante/",
}


def card_titles(page):
    return page.locator(".card__title").all_inner_texts()


def test_reader_filters_reads_and_searches(page, live_server, demo_content):
    page.goto(f"{live_server.url}/blog/")
    assert len(card_titles(page)) == 3  # the draft is not listed

    page.get_by_role("navigation", name="Filtrer par tag").get_by_role(
        "link", name=re.compile("L’Ops")
    ).click()
    page.wait_for_url(re.compile(r"\?tag=ops$"))
    assert len(card_titles(page)) == 2
    active = page.get_by_role("navigation", name="Filtrer par tag").locator('[aria-current="true"]')
    assert active.count() == 1 and "L’Ops" in active.inner_text()

    page.get_by_role("navigation", name="Filtrer par tag").get_by_role(
        "link", name=re.compile("Organisation")
    ).click()
    page.wait_for_url(re.compile(r"tag=ops&tag=organisation$"))
    assert card_titles(page) == ["Équipe RevOps\u00a0: les cinq rôles qui font tourner la machine"]

    page.get_by_role("region", name="Filtres actifs").get_by_role(
        "link", name=re.compile("L’Ops")
    ).click()
    page.wait_for_url(re.compile(r"\?tag=organisation$"))
    assert len(card_titles(page)) == 2

    page.get_by_role("link", name=re.compile("les cinq rôles qui font tourner")).first.click()
    page.wait_for_url(re.compile(r"/blog/equipe-revops-cinq-roles/$"))
    assert page.locator("h1").count() == 1
    assert page.locator(".role-card").count() == 5

    page.get_by_role("link", name="Découvrir le rôle de Revenue Analyst").click()
    page.wait_for_url(re.compile(r"/revenue-analyst/$"))
    assert page.locator("h1").inner_text() == "Revenue Analyst"
    assert "la tour de contrôle" in page.locator(".role__nickname").inner_text()

    page.get_by_role("link", name="Retour à l’article").click()
    page.wait_for_url(re.compile(r"/blog/equipe-revops-cinq-roles/#role-revenue-analyst$"))

    for query in ("tour de controle", "tour de contrôle"):  # with and without accents
        page.get_by_role("searchbox", name="Rechercher dans le blog").fill(query)
        page.get_by_role("searchbox", name="Rechercher dans le blog").press("Enter")
        page.wait_for_url(re.compile(r"/blog/recherche/\?q="))
        assert page.locator(".result--role a").all_inner_texts() == ["Revenue Analyst"]
    for query in ("role", "RÔLE"):
        page.get_by_role("searchbox", name="Rechercher dans le blog").fill(query)
        page.get_by_role("searchbox", name="Rechercher dans le blog").press("Enter")
        page.wait_for_url(re.compile(r"/blog/recherche/\?q="))
        assert "Équipe RevOps" in " ".join(card_titles(page))


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_have_no_serious_accessibility_violations(
    page, live_server, demo_content, artifacts, name
):
    """axe-core finds nothing serious or critical; screenshots at 375 px and 1280 px."""
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(f"{live_server.url}{PAGES[name]}", wait_until="networkidle")
        assert response.status == (404 if name == "404" else 200)
        page.screenshot(path=artifacts / f"{name}-{width}.png", full_page=True)
        results = Axe().run(page)
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{name} at {width}px: {serious}"


def test_no_horizontal_scroll_at_320px(page, live_server, demo_content):
    page.set_viewport_size({"width": 320, "height": 800})
    for path in PAGES.values():
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


def test_dark_mode_follows_the_system(browser, live_server, demo_content):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{live_server.url}/blog/")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    context.close()
    assert background == "rgb(17, 21, 28)"


def test_table_of_contents_and_role_cards_as_readers_see_them(
    page, live_server, demo_content, artifacts
):
    """The table of contents lists the roles where the page shows them (between the headings
    before and after the slot); a role card ends its intro on a whole word and « … », and its
    link elides « de »; at 375 px and 1280 px (screenshots of the table and of one card)."""
    url = f"{live_server.url}/blog/equipe-revops-cinq-roles/"
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url, wait_until="networkidle")
        toc = page.locator("nav.toc")
        entries = toc.locator("a").all_inner_texts()
        assert entries.index("Les signaux qui doivent vous alerter") < entries.index("Les rôles")
        assert entries.index("Les rôles") < entries.index(
            "En conclusion\u00a0: commencer petit, penser en fonctions"
        )
        # Each entry leads to a heading lower down the page than the entry before it.
        tops = page.evaluate(
            """() => [...document.querySelectorAll('nav.toc a')].map(a =>
                document.getElementById(a.getAttribute('href').slice(1))
                    .getBoundingClientRect().top + window.scrollY)"""
        )
        assert tops == sorted(tops)
        toc.screenshot(path=artifacts / f"toc-{width}.png")

        card = page.locator("#role-enablement-manager")
        intro = card.locator(".role-card__intro").inner_text().strip()
        assert intro.endswith("…") and not intro.endswith(" …"), intro
        clipped = card.locator(".role-card__intro").evaluate(
            "el => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1"
        )
        assert not clipped  # no CSS clamp cuts a word out of sight
        assert card.get_by_role("link", name="Découvrir le rôle d’Enablement Manager").count() == 1
        card.scroll_into_view_if_needed()
        card.screenshot(path=artifacts / f"role-card-{width}.png")
