"""What issue 19 asked of the public pages, as a reader sees them in a real browser (screenshots
at 1280 and 375 px in tests/browser/artifacts/)."""

import re

import pytest
from django.utils import timezone

from articles.models import Article, Author

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


def boxes(page, selector):
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.x, y: r.y + window.scrollY, w: r.width, h: r.height}; })",
    )


def test_a_reader_reads_an_article_to_its_end(page, live_server, demo_content, settings, artifacts):
    """The call to action and « À lire aussi » end the reading column; the breadcrumb wraps
    as a sentence and role cards show a thumbnail at 375 px."""
    settings.CTA_URL = "https://exemple.fr/contact"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/blog/equipe-revops-cinq-roles/", wait_until="networkidle")
        column = boxes(page, "article.article")[0]
        for selector in (".cta", "section.related", "section.related .card"):
            for box in boxes(page, selector):
                assert box["x"] >= column["x"] - 1, selector
                assert box["x"] + box["w"] <= column["x"] + column["w"] + 1, selector
        cta = page.get_by_role("link", name="Parler à un expert")
        assert cta.get_attribute("href") == "https://exemple.fr/contact"
        assert page.get_by_role("heading", name="À lire aussi").is_visible()
        for card in boxes(page, ".role-card picture, .role-card .role-card__image"):
            assert card["w"] <= (100 if width == 375 else 170), card
        page.locator(".roles").screenshot(path=artifacts / f"roles-cards-{width}.png")
        page.locator("section.related").scroll_into_view_if_needed()
        page.screenshot(path=artifacts / f"article-end-{width}.png")

        page.goto(f"{live_server.url}/blog/equipe-revops-cinq-roles/revenue-analyst/")
        crumbs = boxes(page, ".breadcrumb li")
        lines = {round(c["y"]) for c in crumbs}
        assert len(lines) <= 3, crumbs  # a sentence on at most three lines, not one per crumb
        separators = page.eval_on_selector_all(
            ".breadcrumb li + li",
            "els => els.map(e => getComputedStyle(e, '::before').content)",
        )
        assert all("›" in s for s in separators)
        assert page.get_by_role("link", name="Parler à un expert").is_visible()
        page.locator("header.article__header").screenshot(
            path=artifacts / f"breadcrumb-{width}.png"
        )


def test_cards_keep_an_even_grid_and_blog_stays_current(page, live_server, demo_content, artifacts):
    Article.objects.create(
        title="Un article sans image ni chapeau", slug="sans-image", body="## Texte\n\nCourt.",
        status=Article.Status.PUBLISHED, published_at=timezone.now(), author=Author.objects.first(),
    )  # fmt: skip
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/blog/", wait_until="networkidle")
    titles = boxes(page, ".card__title")
    first_row = [t for t in titles if abs(t["y"] - titles[0]["y"]) < 200]
    assert len(first_row) == 3 and len({round(t["y"]) for t in first_row}) == 1, titles
    cards = boxes(page, ".card")
    assert len({round(c["h"]) for c in cards[:3]}) == 1
    page.screenshot(path=artifacts / "cards-even-1280.png", full_page=True)
    page.goto(f"{live_server.url}/blog/tag/crm/")
    blog = page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Blog"
    )
    assert blog.get_attribute("aria-current") == "true"


def test_a_reader_searches_and_sees_the_words_marked(page, live_server, demo_content, artifacts):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/blog/")
        page.get_by_role("searchbox", name="Rechercher dans le blog").fill("donnees crm")
        page.get_by_role("searchbox", name="Rechercher dans le blog").press("Enter")
        page.wait_for_url(re.compile(r"/blog/recherche/\?q="))
        marks = page.locator(".card__snippet mark").all_inner_texts()
        assert marks and all(m.lower().startswith(("donn", "crm")) for m in marks), marks
        found = page.locator(".card").count()
        counts = page.locator(".tag-filter .tag__count").all_inner_texts()
        assert counts and all(int(c.split()[0]) <= found for c in counts), (counts, found)
        page.screenshot(path=artifacts / f"search-marks-{width}.png", full_page=True)
