"""What issue 19 asked of the public pages, as a reader sees them in a real browser (screenshots
at 1280 and 375 px in tests/browser/artifacts/)."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 375)


def test_a_tag_page_titles_its_cards_as_headings(page, live_server, demo_content, artifacts):
    """The tag page's cards are headings a screen reader lists (h2 under the page's h1), not an
    unknown element named after the page's title."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/blog/")
        page.get_by_role("navigation", name="Filtrer par tag").get_by_role(
            "link", name=re.compile("CRM")
        ).click()
        page.wait_for_url(re.compile(r"\?tag=crm$"))
        for address in ("/blog/?tag=crm", "/blog/tag/crm/"):
            page.goto(f"{live_server.url}{address}", wait_until="networkidle")
            assert (
                page.get_by_role("heading", level=1).inner_text()
                == "Articles sur «\u202fCRM\u202f»"
            )
            titles = page.get_by_role("heading", level=2).all_inner_texts()
            cards = page.locator(".card__title").all_inner_texts()
            assert cards and all(card in titles for card in cards)
            assert page.locator("h2.card__title").count() == len(cards)
        page.screenshot(path=artifacts / f"tag-crm-{width}.png", full_page=True)


def test_links_lead_back_to_the_port_served(page, live_server, demo_content, settings, artifacts):
    """`make run PORT=…` in development: the canonical, the share image and the feeds a reader
    follows lead back to the address served (the live server's random port), not to :8000."""
    settings.DEBUG = True
    page.goto(f"{live_server.url}/blog/equipe-revops-cinq-roles/")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == f"{live_server.url}/blog/equipe-revops-cinq-roles/"
    assert page.locator('meta[property="og:url"]').get_attribute("content") == canonical
    page.get_by_role("contentinfo").get_by_role("link", name="RSS").click()
    feed = page.content()
    links = re.findall(r"<link>(http[^<]+)</link>", feed) or re.findall(
        r"&lt;link&gt;(http.+?)&lt;", feed
    )
    assert links and all(link.startswith(live_server.url) for link in links), links
