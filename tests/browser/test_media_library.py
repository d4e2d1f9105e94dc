"""The media library and the hero picker in a real browser: browse the library by thumbnail,
search it, then pick a hero by its thumbnail, save, and read the public page. Screenshots at
1280 and 1440 px go to tests/browser/artifacts."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from articles.models import Article, ImageAsset
from tests.conftest import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 1440)


@pytest.fixture
def look_alikes(transactional_db):
    """Two images with the same alt text (the issue's two « Strategic Project Manager »),
    told apart by their size, and a placeholder with that alt text too, without a file."""

    def photo(width, height, color, credit):
        asset = ImageAsset(alt="Strategic Project Manager", credit=credit)
        data = image_bytes(width, height, "JPEG", color)
        asset.file.save("photo.jpg", ContentFile(data), save=False)
        asset.save()
        return asset

    small = photo(900, 600, (190, 70, 40), "Photo : Atelier A")
    large = photo(1200, 800, (40, 90, 160), "Photo : Atelier B")
    ImageAsset.objects.create(alt="Strategic Project Manager")
    return small, large


def horizontal_overflow(page):
    """How many pixels the page, or the list inside its column, is wider than its room."""
    return page.evaluate(
        """() => Math.max(
            ...[document.documentElement, document.querySelector('#changelist-form .results')]
                .filter(Boolean).map((element) => element.scrollWidth - element.clientWidth)
        )"""
    )


def serious_violations(page, context):
    results = Axe().run(page, context=context)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def loaded_images(locator):
    """How many of these images the browser has decoded (lazy ones once in view)."""
    return locator.evaluate_all("(images) => images.filter((i) => i.naturalWidth > 0).length")


def test_browse_and_search_the_media_library(
    logged_in, live_server, artifacts, demo_content, look_alikes
):
    page = logged_in
    page.goto(f"{live_server.url}/admin/articles/imageasset/")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(ImageAsset.objects.count())
    thumbnails = page.locator("#result_list img.media-thumb")
    with_file = ImageAsset.objects.exclude(file="").count()
    expect(thumbnails).to_have_count(with_file)
    assert all(src and "/renditions/" in src for src in (
        thumbnails.nth(n).get_attribute("src") for n in range(with_file)))  # fmt: skip
    expect(rows.filter(has_text="image principale de").first).to_be_visible()  # its usage
    expect(rows.filter(has_text="Fichier manquant")).to_have_count(
        ImageAsset.objects.missing_file().count()
    )
    expect(rows.filter(has_text="1200 × 800 px")).to_contain_text("Photo : Atelier B")

    page.fill("#searchbar", 'STRATÉGIC "atelier b"')  # accents and case aside; a phrase
    page.press("#searchbar", "Enter")
    page.wait_for_url(re.compile(r"\?q="))
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("1200 × 800 px")

    page.goto(f"{live_server.url}/admin/articles/imageasset/")
    page.click("#changelist-filter a:text-is('Fichier manquant')")
    missing = ImageAsset.objects.missing_file().count()
    expect(rows).to_have_count(missing)
    expect(rows.locator(".media-thumb--missing")).to_have_count(missing)

    page.goto(f"{live_server.url}/admin/articles/imageasset/")
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.media-thumb')].every((i) => i.naturalWidth)"
    )
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts / f"admin-media-library-{width}.png", full_page=True)
        if width == 1280:
            assert horizontal_overflow(page) <= 0, "the library scrolls sideways at 1280 px"
    found = serious_violations(page, "#content")
    print("\n".join(found))
    assert found == []


def test_pick_a_hero_by_thumbnail(logged_in, live_server, artifacts, demo_content, look_alikes):
    """Search the picker, tell the two look-alikes apart by thumbnail and size, pick one, save:
    the public page shows it, with its credit."""
    page = logged_in
    small, large = look_alikes
    article = Article.objects.get(slug="fiabiliser-donnees-crm")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator("summary", has_text="Image principale").click()  # folded after the body

    page.locator(".field-hero_image .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("strategic")
    results = page.locator(".select2-container--open .image-picker-result")
    offered = ImageAsset.objects.filter(alt__icontains="strategic").exclude(file="")
    expect(results).to_have_count(offered.count())  # the demo's one and ours; no placeholder
    page.wait_for_function(
        "() => [...document.querySelectorAll('.select2-container--open img.media-thumb')]"
        ".every((i) => i.naturalWidth)"
    )
    assert loaded_images(results.locator("img.media-thumb")) == offered.count()
    expect(results.filter(has_text="900 × 600 px")).to_contain_text(f"{str(small.pk)[:8]}….jpg")
    expect(results.filter(has_text="1200 × 800 px")).to_contain_text("Photo : Atelier B")
    expect(page.locator(".select2-results")).not_to_contain_text("Fichier manquant")

    fieldset = page.locator("fieldset", has=page.locator(".field-hero_image"))
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        fieldset.scroll_into_view_if_needed()
        page.screenshot(path=artifacts / f"admin-hero-picker-{width}.png")
        if width == 1280:
            box = page.locator(".select2-container--open .select2-dropdown").bounding_box()
            assert box["x"] + box["width"] <= 1280, "the picker's list runs off the screen"
    found = serious_violations(page, [".field-hero_image", ".select2-dropdown"])
    print("\n".join(found))
    assert found == []

    results.filter(has_text="1200 × 800 px").click()
    card = page.locator(".field-hero_image .image-picker-card")
    expect(card).to_contain_text("Photo : Atelier B")
    expect(card).to_contain_text("1200 × 800 px")
    expect(page.locator(".field-hero_image .select2-selection__rendered")).to_have_text(
        re.compile("Strategic Project Manager")
    )
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        card.scroll_into_view_if_needed()
        page.screenshot(path=artifacts / f"admin-hero-picked-{width}.png")
    assert serious_violations(page, ".field-hero_image") == []

    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/(\?.*)?$"))
    assert Article.objects.get(pk=article.pk).hero_image_id == large.pk

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    hero = page.locator("figure.hero")
    expect(hero.locator("img")).to_have_attribute("src", re.compile(str(large.pk)))
    assert loaded_images(hero.locator("img")) == 1
    expect(hero.locator("figcaption")).to_have_text(re.compile(r"Photo\s:\sAtelier B"))
    page.screenshot(path=artifacts / "public-hero-picked-1440.png")


def test_a_role_added_on_the_article_page_gets_the_picker(
    logged_in, live_server, demo_content, look_alikes
):
    """An inline form added after the page loaded has the same picker, thumbnails included."""
    page = logged_in
    article = Article.objects.get(slug="fiabiliser-donnees-crm")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    before = page.locator(".image-picker-card-holder").count()
    page.locator("#roles-group .add-row a").click()
    added = page.locator("#roles-group .inline-related:not(.empty-form)").last
    added.locator(".field-image .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("strategic")
    offered = ImageAsset.objects.filter(alt__icontains="strategic").exclude(file="").count()
    expect(page.locator(".select2-container--open .image-picker-result")).to_have_count(offered)
    page.locator(".select2-container--open .image-picker-result").first.click()
    expect(added.locator(".image-picker-card")).to_contain_text("Strategic Project Manager")
    assert page.locator(".image-picker-card-holder").count() == before + 1


def test_an_image_added_from_the_picker_shows_in_its_card(logged_in, live_server, demo_content):
    """The « + » beside the picker adds an image in a pop-up window; back on the article, the
    card shows it with its thumbnail, as if it had been picked from the list."""
    page = logged_in
    article = Article.objects.get(slug="fiabiliser-donnees-crm")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator("summary", has_text="Image principale").click()  # folded after the body
    with page.expect_popup() as opened:
        page.click("#add_id_hero_image")
    popup = opened.value
    popup.set_input_files(
        "#id_file",
        files=[{"name": "equipe.png", "mimeType": "image/png",
                "buffer": image_bytes(900, 500, "PNG", (20, 120, 90))}],
    )  # fmt: skip
    popup.fill("#id_alt", "Une équipe autour d'un tableau blanc")
    popup.fill("#id_credit", "Photo : Studio Sud")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    card = page.locator(".field-hero_image .image-picker-card")
    expect(card).to_contain_text("Une équipe autour d'un tableau blanc")
    expect(card).to_contain_text("Photo : Studio Sud")
    expect(card).to_contain_text("900 × 500 px")
    page.wait_for_function(
        "() => document.querySelector('.field-hero_image .image-picker-card img')?.naturalWidth"
    )


def test_the_same_file_dropped_twice_is_one_image_and_unused_ones_are_listed(
    logged_in, live_server, artifacts
):
    """An editor drops the same screenshot twice in the body: one image, named schema.png in
    the library; the « Inutilisée » filter lists it until the article shows it."""
    page = logged_in
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    payload = list(image_bytes(80, 60))
    for _ in range(2):
        page.evaluate(
            """(bytes) => {
                const file = new File([new Uint8Array(bytes)], "schema.png", {type: "image/png"});
                const transfer = new DataTransfer();
                transfer.items.add(file);
                document.querySelector("#id_body").dispatchEvent(new DragEvent("drop",
                    {dataTransfer: transfer, bubbles: true, cancelable: true}));
            }""",
            payload,
        )
        dialog = page.get_by_role("dialog", name="Texte alternatif de l'image")
        dialog.locator("#alt-dialog-input").fill("Schéma du cycle")
        dialog.get_by_role("button", name="Insérer l'image").click()
        expect(dialog).to_be_hidden()
    expect(page.locator("#id_body")).to_have_value(
        re.compile(r'(!\[Schéma du cycle\]\([0-9a-f-]{36} "schema\.png"\)\s*){2}'), timeout=10_000
    )
    ids = set(re.findall(r"\(([0-9a-f-]{36}) ", page.input_value("#id_body")))
    assert len(ids) == 1 and ImageAsset.objects.count() == 1
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/admin/articles/imageasset/")
        page.get_by_role("link", name="Inutilisée", exact=True).click()
        expect(page.locator(".media-file")).to_have_text(["schema.png"])
        page.screenshot(path=artifacts / f"admin-library-unused-{width}.png")
