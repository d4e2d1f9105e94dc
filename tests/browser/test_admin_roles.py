"""The whole article on one page, in a real browser: add a role, type its missions, reorder
the role and its missions by dragging and by keyboard, save, and read the new order on the
public role page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.models import Article, Author
from roles.models import Mission, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article():
    author = Author.objects.create(name="Camille Martin", slug="camille-martin")
    article = Article.objects.create(
        title="Les rôles clés d'une équipe RevOps",
        slug="roles-cles",
        author=author,
        status=Article.Status.DRAFT,
        body="Une équipe RevOps réunit plusieurs métiers.",
    )
    coach = Role.objects.create(
        article=article, order=1, title="Enablement Manager", slug="enablement-manager",
        nickname="le coach", intro="Il **forme** les équipes.",
    )  # fmt: skip
    for position, text in enumerate(
        ["Former les équipes commerciales aux outils et aux méthodes de vente, du premier "
         "jour à la montée en compétence des vendeurs confirmés",
         "Tenir le playbook à jour"], start=1):  # fmt: skip
        Mission.objects.create(role=coach, position=position, text=text)
    return article


def role_block(page, title):
    return page.locator(".role-block[data-sortable-item]", has_text=title)


def missions_of(block):
    return block.locator(".role-list").first.locator(".role-item")


def test_add_a_role_and_reorder_it_with_its_missions(logged_in, live_server, article, artifacts):
    page = logged_in
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    coach = role_block(page, "Enablement Manager")
    expect(coach.locator("summary")).to_contain_text("le coach")  # folded: title and nickname

    # A new role, typed in place, its missions added as wide rows.
    page.locator("#roles-group .add-row a").click()
    analyst = page.locator("#roles-1")
    analyst.locator("input[name='roles-1-title']").fill("Revenue Analyst")
    analyst.locator("input[name='roles-1-nickname']").fill("la tour de contrôle")
    expect(analyst.locator("summary")).to_contain_text("Revenue Analyst — la tour de contrôle")
    expect(analyst.locator("input[name='roles-1-slug']")).to_have_value("revenue-analyst")
    add = analyst.get_by_role("button", name="Ajouter une mission")
    for text in ["Mesurer le pipeline", "Prévoir le trimestre", "Tenir les tableaux de bord"]:
        add.click()
        page.keyboard.type(text)  # the new row's field has the focus
    add.click()
    page.keyboard.type("Une ligne de trop")
    rows = missions_of(analyst)
    rows.nth(3).get_by_role("button", name="Retirer").click()
    expect(rows).to_have_count(3)
    expect(page.get_by_role("status")).to_have_text(
        "Ligne retirée : Mission « Une ligne de trop »."
    )
    add.click()  # a row left empty: no mission
    expect(rows).to_have_count(4)
    width = rows.first.locator("textarea").bounding_box()["width"]
    assert width > 600, f"a mission field is {width}px wide"

    # Missions: the third dragged to the top, then the (new) second moved down by keyboard.
    rows.nth(2).locator(".sort-handle").drag_to(rows.nth(0), target_position={"x": 40, "y": 4})
    expect(rows.nth(0).locator("textarea")).to_have_value("Tenir les tableaux de bord")
    rows.nth(1).get_by_role("button", name="Descendre").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        "Mission « Mesurer le pipeline » : position 3 sur 4."
    )
    expect(rows.nth(2).get_by_role("button", name="Descendre")).to_be_focused()

    # Roles: the new one dragged above the coach, then moved down and up again by keyboard.
    analyst.locator(".role-block__tools .sort-handle").drag_to(
        coach.locator("summary"), target_position={"x": 40, "y": 4}
    )
    blocks = page.locator("#roles-group .role-block[data-sortable-item]")
    expect(blocks.first).to_have_attribute("id", "roles-1")
    down = analyst.locator(".role-block__tools").get_by_role("button", name="Descendre")
    down.focus()
    page.keyboard.press("Enter")
    expect(blocks.first).to_have_attribute("id", "roles-0")
    expect(page.get_by_role("status")).to_have_text("Rôle « Revenue Analyst » : position 2 sur 2.")
    analyst.locator(".role-block__tools").get_by_role("button", name="Monter").press("Enter")
    expect(blocks.first).to_have_attribute("id", "roles-1")

    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#roles-group").screenshot(path=artifacts / f"admin-roles-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the article page scrolls sideways by {overflow}px at 1280px"
    results = Axe().run(page, context="#roles-group")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious

    page.locator("input[name='_continue']").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert [r.title for r in article.roles.all()] == ["Revenue Analyst", "Enablement Manager"]
    analyst_role = article.roles.get(slug="revenue-analyst")
    assert [m.text for m in analyst_role.missions.all()] == [
        "Tenir les tableaux de bord", "Prévoir le trimestre", "Mesurer le pipeline",
    ]  # fmt: skip
    page.locator(".role-block", has_text="Revenue Analyst").first.locator("summary").click()
    page.screenshot(path=artifacts / "admin-roles-saved-1280.png", full_page=True)

    page.goto(f"{live_server.url}/blog/roles-cles/revenue-analyst/")
    missions = page.locator("ul.checklist li")
    expect(missions).to_have_text(
        ["Tenir les tableaux de bord", "Prévoir le trimestre", "Mesurer le pipeline"]
    )
    expect(page.locator(".role-nav__next")).to_contain_text("Enablement Manager")


def test_the_role_page_has_the_same_lists(logged_in, live_server, article, artifacts):
    page = logged_in
    role = article.roles.get()
    page.goto(f"{live_server.url}/admin/roles/role/{role.pk}/change/")
    rows = page.locator(".role-list").first.locator(".role-item")
    expect(rows).to_have_count(2)
    rows.nth(1).get_by_role("button", name="Monter").click()
    expect(page.get_by_role("status")).to_have_text(
        "Mission « Tenir le playbook à jour » : position 1 sur 2."
    )
    page.get_by_role("button", name="Ajouter une certification").click()
    page.keyboard.type("Certification HubSpot Sales Hub")
    page.locator(".role-page-lists").screenshot(path=artifacts / "admin-role-page-lists-1280.png")
    page.locator("input[name='_continue']").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert [m.text for m in role.missions.all()][0] == "Tenir le playbook à jour"
    assert [b.text for b in role.background.all()] == ["Certification HubSpot Sales Hub"]
    assert role.background.get().kind == "certification"


def test_the_demo_article_shows_its_five_roles_folded(
    logged_in, live_server, demo_content, artifacts
):
    """Five roles folded: each shows its title and nickname; one opened shows its lists."""
    page = logged_in
    article = Article.objects.get(slug="equipe-revops-cinq-roles")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    summaries = page.locator("#roles-group .role-block[data-sortable-item] summary")
    expect(summaries).to_have_count(5)
    for role, summary in zip(article.roles.all(), summaries.all(), strict=True):
        expect(summary).to_contain_text(role.title)
        if role.nickname:
            expect(summary).to_contain_text(role.nickname)
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#roles-group").screenshot(path=artifacts / f"admin-roles-folded-{width}.png")
    summaries.nth(1).click()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("#roles-group").screenshot(path=artifacts / "admin-roles-open-demo-1280.png")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the article page scrolls sideways by {overflow}px at 1280px"
    results = Axe().run(page, context="#roles-group")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], serious
