"""The article list and the tag input in a real browser: schedule an article and read its
state, search without accents, create a tag from a label while writing. Screenshots at 1280
and 1440 px go to tests/browser/artifacts."""

import re
from datetime import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 1440)


def overflow(page):
    """How many pixels the page, or the list inside its column, is wider than its room (0: no
    horizontal scrolling, no column cut off)."""
    return page.evaluate(
        """() => Math.max(
            ...[document.documentElement, document.querySelector('#changelist-form .results')]
                .filter(Boolean).map((element) => element.scrollWidth - element.clientWidth)
        )"""
    )


def shoot(page, artifacts, name, full_page=True):
    """The page at each width, saved; none scrolls sideways at 1280 px."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts / f"{name}-{width}.png", full_page=full_page)
        if width == 1280:
            assert overflow(page) <= 0, f"{name}: horizontal overflow at 1280 px"


def test_schedule_an_article_and_read_its_state_in_the_list(
    logged_in, live_server, artifacts, demo_content
):
    page = logged_in
    article = Article.objects.get(slug="playbook-commercial-enablement")
    year = timezone.localtime().year + 1
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".field-publication .readonly")).to_have_text(
        re.compile(r"^\s*En ligne depuis le ")
    )
    page.locator("summary", has_text="Publication").click()  # a folded section of the form
    page.select_option("#id_status", "published")
    page.fill("#id_published_at_0", f"03/01/{year}")
    page.fill("#id_published_at_1", "09:00:00")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/(\?.*)?$"))

    scheduled = f"Programmé pour le 3 janvier {year} à 09:00"
    row = page.locator("#result_list tr", has_text=article.title)
    expect(row.locator("td.field-publication")).to_have_text(scheduled)
    expect(row.locator("img[alt=False]")).to_have_count(0)  # no red cross beside it
    shoot(page, artifacts, "admin-list-scheduled")

    page.click(f".toplinks a:text-is('{year}')")  # the date hierarchy: next year
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.click("#changelist-filter a:text-is('Programmé')")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list td.field-publication")).to_have_text(scheduled)

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".field-publication .readonly")).to_have_text(scheduled)
    page.locator("summary", has_text="Publication").click()
    page.locator("fieldset", has_text="Publication").first.scroll_into_view_if_needed()
    shoot(page, artifacts, "admin-form-scheduled", full_page=False)
    stored = Article.objects.get(pk=article.pk).published_at
    assert timezone.localtime(stored) == timezone.make_aware(datetime(year, 1, 3, 9, 0))


def test_search_without_accents(logged_in, live_server, artifacts, demo_content):
    page = logged_in
    page.goto(f"{live_server.url}/admin/articles/article/")
    found = {}
    for query in ("prévisions", "previsions", "PRÉVISIONS"):
        page.fill("#searchbar", query)
        page.press("#searchbar", "Enter")
        page.wait_for_url(re.compile(r"\?q="))
        found[query] = sorted(page.locator("#result_list th.field-title a").all_inner_texts())
    assert found["prévisions"] and found["previsions"] == found["prévisions"]
    assert found["PRÉVISIONS"] == found["prévisions"]
    expect(page.locator("#searchbar")).to_have_value("PRÉVISIONS")
    page.fill("#searchbar", "previsions")
    page.press("#searchbar", "Enter")
    page.wait_for_url(re.compile(r"\?q=previsions"))
    shoot(page, artifacts, "admin-list-search")


def test_create_a_tag_from_a_label_while_writing(logged_in, live_server, artifacts, demo_content):
    page = logged_in
    article = Article.objects.get(slug="fiabiliser-donnees-crm")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    tag_box = page.locator(".field-tags .select2-selection")
    expect(tag_box).to_contain_text("CRM")  # labels, not slugs

    # An existing tag, found without its accent, by its label.
    tag_box.click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill("strategie")
    options = page.locator(".select2-results__option")
    expect(options.first).to_have_text("Stratégie")
    expect(options).to_have_count(1)  # no offer to create « strategie » beside it
    options.first.click()

    # A new one, from its label.
    tag_box.click()
    search.fill("Prévisions de revenus")
    create = page.locator(".select2-results__option", has_text="Créer le tag")
    expect(create).to_have_text("Créer le tag « Prévisions de revenus »")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts / f"admin-tag-create-{width}.png")
    create.click()
    expect(tag_box).to_contain_text("Prévisions de revenus (nouveau)")
    assert not Tag.objects.filter(slug="previsions-de-revenus").exists()  # not before saving

    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(rf"/admin/articles/article/{article.pk}/change/"))
    expect(page.locator(".messagelist")).to_contain_text("Modifications enregistrées : article")
    tag = Tag.objects.get(slug="previsions-de-revenus")
    assert tag.label == "Prévisions de revenus"
    assert {t.slug for t in article.tags.all()} >= {"strategie", "previsions-de-revenus"}
    expect(tag_box).to_contain_text("Prévisions de revenus")
    page.locator(".field-tags").scroll_into_view_if_needed()
    shoot(page, artifacts, "admin-tag-created", full_page=False)
