"""The admin at the widths editors use: no page scrolls sideways at 1280 px, and axe-core finds
nothing serious or critical on the list, the article page (new and existing), its history, the
role page and the import page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Article
from roles.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious(page):
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sideways(page):
    return page.evaluate("document.documentElement.scrollWidth - innerWidth")


def test_admin_pages_fit_1280_px_and_pass_axe(logged_in, live_server, demo_content, artifacts):
    page = logged_in
    article = Article.objects.get(slug="fiabiliser-donnees-crm")
    role = Role.objects.order_by("pk").first()
    pages = {
        "liste": "/admin/articles/article/",
        "article": f"/admin/articles/article/{article.pk}/change/",
        "nouvel-article": "/admin/articles/article/add/",
        "historique": f"/admin/articles/article/{article.pk}/history/",
        "role": f"/admin/roles/role/{role.pk}/change/",
        "import": "/admin/articles/article/importer/",
        "images": "/admin/articles/imageasset/",
    }
    found = {}
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            assert sideways(page) <= 0, (name, width)
            if width == 1280:
                found[name] = serious(page)
            page.screenshot(path=artifacts / f"admin-page-{name}-{width}.png", full_page=True)
    assert found == {name: [] for name in pages}
