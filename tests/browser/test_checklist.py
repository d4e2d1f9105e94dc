"""The checklist that helps, never traps, in a real browser: a live article with an old error
is saved (its banner says what to fix) and the list counts its points to review."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_history import article as article  # noqa: F401 (the fixture)
from tests.browser.test_history import log_in, overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_fix_a_typo_in_a_live_article_with_an_old_checklist_error(
    page,
    live_server,
    article,
    artifacts,  # noqa: F811
):
    article.hero_image_alt = ""  # as imported: the external hero has no alt text
    article.save()
    log_in(page, live_server, "camille")
    page.goto(f"{live_server.url}/admin/articles/article/")
    count = page.locator("td.field-review a")
    assert count.inner_text() == "1" and count.get_attribute("aria-label") == "1 point à revoir"
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts / f"admin-list-review-{width}.png", full_page=True)
        assert overflow(page) <= 0
    count.click()
    banner = page.locator("ul.messagelist li.warning")
    assert "est publié avec 1 point à revoir" in banner.inner_text()
    page.fill("#id_body", page.input_value("#id_body").replace("revenu récurrent", "revenu"))
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert "Modifications enregistrées : article « " in page.locator("ul.messagelist").inner_text()
    assert "point à revoir" in page.locator("ul.messagelist li.warning").inner_text()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=artifacts / "admin-live-article-banner-1280.png")
    results = Axe().run(page, context="ul.messagelist")
    assert [v["id"] for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")] == []  # fmt: skip
    article.refresh_from_db()
    assert "revenu récurrent" not in article.body and article.status == "published"
