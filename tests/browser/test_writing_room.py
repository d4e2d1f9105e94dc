"""The writing room in a real browser: the text beside its live preview at 1280 px, the
« Rédiger / Aperçu » switch at 1000 px, full screen, a role intro added on the page, an image
dropped with its alt text, and the search preview following the title. Screenshots at 1280
and 1440 px go to tests/browser/artifacts."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.models import Article, ImageAsset
from tests.conftest import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 1440)
ROOM = ".field-body .writing-room"


@pytest.fixture
def article_page(logged_in, live_server, demo_content):
    article = Article.objects.get(slug="equipe-revops-cinq-roles")
    logged_in.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    return logged_in


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def in_view(page, selector):
    """The element's box lies wholly within the window."""
    rect = box(page, selector)
    viewport = page.viewport_size
    return (
        rect is not None
        and rect["y"] >= 0
        and rect["y"] + rect["height"] <= viewport["height"]
        and rect["x"] >= 0
        and rect["x"] + rect["width"] <= viewport["width"]
    )


def overflow(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def shoot(page, artifacts, name):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts / f"{name}-{width}.png")
        if width == 1280:
            assert overflow(page) <= 0, f"{name}: horizontal overflow at 1280 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def drop_image(page, selector, name="schema-equipe.png", paste=False):
    """A file dropped (or pasted) on the field as a browser does it: a DataTransfer holding it."""
    page.evaluate(
        """([selector, name, bytes, paste]) => {
            const file = new File([new Uint8Array(bytes)], name, {type: "image/png"});
            const transfer = new DataTransfer();
            transfer.items.add(file);
            const init = {bubbles: true, cancelable: true};
            document.querySelector(selector).dispatchEvent(paste
                ? new ClipboardEvent("paste", {...init, clipboardData: transfer})
                : new DragEvent("drop", {...init, dataTransfer: transfer}));
        }""",
        [selector, name, list(image_bytes(40, 30)), paste],
    )


def test_typing_shows_the_preview_beside_the_text(article_page, artifacts):
    """At 1280 px the text and its preview stand side by side, both in view; the preview
    follows the caret to the section being written."""
    page = article_page
    editor = page.locator("#id_body")
    editor.scroll_into_view_if_needed()
    preview = page.locator(f"{ROOM} .markdownx-preview")
    expect(preview.locator("h2").first).to_be_visible(timeout=10_000)
    text_box, preview_box = box(page, "#id_body"), box(page, f"{ROOM} .markdownx-preview")
    assert preview_box["x"] >= text_box["x"] + text_box["width"]  # beside, not below
    assert abs(preview_box["y"] - text_box["y"]) < 2
    assert text_box["height"] <= 900 - 100  # scrolls inside itself, not the page

    editor.click()
    editor.press("Control+End")
    editor.press_sequentially("\n\n## Une section ajoutée\n\nDu texte **nouveau**.", delay=5)
    heading = preview.locator("h2#une-section-ajoutee")
    expect(heading).to_be_visible(timeout=10_000)
    expect(preview.locator("strong", has_text="nouveau")).to_be_visible()
    assert in_view(page, "#id_body") and in_view(page, f"{ROOM} .markdownx-preview")
    heading_box, preview_box = heading.bounding_box(), box(page, f"{ROOM} .markdownx-preview")
    assert preview_box["y"] <= heading_box["y"] <= preview_box["y"] + preview_box["height"]
    shoot(page, artifacts, "admin-writing-side-by-side")

    # Back to the top of the text: the preview goes back to its first section.
    editor.press("Control+Home")
    editor.press("ArrowDown")
    expect(preview.locator("h2").first).to_be_in_viewport()
    assert page.evaluate(f"document.querySelector('{ROOM} .markdownx-preview').scrollTop") < 50


def test_a_narrow_window_switches_between_writing_and_preview(article_page, artifacts):
    page = article_page
    page.set_viewport_size({"width": 1000, "height": 800})
    write = page.locator(f"{ROOM} [role=tab]", has_text="Rédiger")
    show = page.locator(f"{ROOM} [role=tab]", has_text="Aperçu")
    editor, preview = page.locator("#id_body"), page.locator(f"{ROOM} .markdownx-preview")
    expect(write).to_have_attribute("aria-selected", "true")
    expect(editor).to_be_visible()
    expect(preview).to_be_hidden()

    editor.click()
    editor.press("Control+End")
    editor.press_sequentially("\n\n## Vu dans l'aperçu", delay=5)
    show.click()
    expect(show).to_have_attribute("aria-selected", "true")
    expect(preview).to_be_visible()
    expect(editor).to_be_hidden()
    expect(preview.locator("h2", has_text="Vu dans")).to_be_visible(timeout=10_000)
    expect(page.locator(f"{ROOM} [role=tabpanel]:visible")).to_have_attribute(
        "aria-labelledby", re.compile("tab-preview$")
    )
    page.screenshot(path=artifacts / "admin-writing-switch-1000.png")

    show.press("ArrowLeft")  # the tabs answer the arrow keys
    expect(write).to_be_focused()
    expect(write).to_have_attribute("aria-selected", "true")
    expect(editor).to_be_visible()


def test_full_screen_writing_keeps_the_focus(article_page, artifacts):
    page = article_page
    room = page.locator(ROOM)
    editor = page.locator("#id_body")
    editor.click()
    editor.press("Control+Home")
    page.locator(f"{ROOM} .writing-room__fullscreen").click()
    expect(room).to_have_class(re.compile("is-fullscreen"))
    expect(page.locator(f"{ROOM} .writing-room__fullscreen")).to_have_attribute(
        "aria-pressed", "true"
    )
    rect = room.bounding_box()
    assert (rect["x"], rect["y"], rect["width"], rect["height"]) == (0, 0, 1280, 900)
    expect(editor).to_be_focused()
    editor.press_sequentially("# Plein écran\n\n", delay=5)
    expect(page.locator(f"{ROOM} .markdownx-preview h2#plein-ecran")).to_be_visible(timeout=10_000)
    shoot(page, artifacts, "admin-writing-full-screen")

    editor.press("Escape")
    expect(room).not_to_have_class(re.compile("is-fullscreen"))
    expect(editor).to_be_focused()
    assert page.input_value("#id_body").startswith("# Plein écran\n\n## Pourquoi")


def test_a_role_added_on_the_page_gets_the_editor(article_page):
    """« Ajouter un autre rôle »: the new role's intro is written beside its preview too."""
    page = article_page
    roles = Article.objects.get(slug="equipe-revops-cinq-roles").roles.count()
    page.locator(".inline-group .add-row a").click()
    intro = page.locator(f"textarea[name='roles-{roles}-intro']")
    room = page.locator(f".writing-room:has(textarea[name='roles-{roles}-intro'])")
    expect(room).to_have_class(re.compile("is-ready"))
    intro.scroll_into_view_if_needed()
    intro.fill("## Le nouveau rôle\n\nSes **missions**.")
    intro.dispatch_event("input")
    expect(room.locator(".markdownx-preview h2#le-nouveau-role")).to_be_visible(timeout=10_000)
    assert room.locator(".writing-room__fullscreen").is_visible()


def test_dropping_an_image_asks_its_alt_text(article_page, artifacts):
    """The file name as a hint; an empty alt text is warned about; the Markdown and the image
    both get the text given."""
    page = article_page
    editor = page.locator("#id_body")
    editor.click()
    editor.press("Control+Home")
    drop_image(page, "#id_body")
    dialog = page.get_by_role("dialog", name="Texte alternatif de l'image")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("schema-equipe.png")
    field = dialog.get_by_label("Décrivez ce que montre l'image")
    expect(field).to_be_focused()
    expect(field).to_have_attribute("placeholder", "schema equipe")

    dialog.get_by_role("button", name="Insérer l'image").click()  # empty: warned first
    expect(dialog.get_by_role("alert")).to_contain_text("ne pourra pas être publié")
    expect(dialog.get_by_role("button", name="Insérer sans texte alternatif")).to_be_visible()
    shoot(page, artifacts, "admin-writing-alt-dialog-warning")
    field.fill("Schéma des cinq rôles autour de l'équipe")
    expect(dialog.get_by_role("alert")).to_have_count(0)  # a text given: no more warning
    expect(dialog.get_by_role("button", name="Insérer l'image")).to_be_visible()
    shoot(page, artifacts, "admin-writing-alt-dialog")
    field.press("Enter")

    expect(dialog).to_be_hidden()
    expect(editor).to_have_value(re.compile(r"^!\[Schéma des cinq rôles"), timeout=10_000)
    code = re.match(
        r'!\[([^\]]*)\]\(([0-9a-f-]{36}) "schema-equipe\.png"\)\n\n## Pourquoi',
        page.input_value("#id_body"),
    )
    assert code.group(1) == "Schéma des cinq rôles autour de l'équipe"
    assert ImageAsset.objects.get(pk=code.group(2)).alt == code.group(1)
    expect(editor).to_be_focused()
    expect(page.locator(f"{ROOM} .writing-room__status")).to_have_text("Image insérée.")


def test_cancelling_the_alt_text_of_a_pasted_image_inserts_nothing(article_page):
    """Échap (or « Annuler »): nothing sent, nothing inserted, and the editor says so."""
    page = article_page
    before, images_before = page.input_value("#id_body"), ImageAsset.objects.count()
    page.locator("#id_body").click()
    drop_image(page, "#id_body", name="capture.png", paste=True)
    dialog = page.get_by_role("dialog", name="Texte alternatif de l'image")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator(f"{ROOM} .writing-room__status")).to_contain_text("non insérée")
    assert page.input_value("#id_body") == before
    assert ImageAsset.objects.count() == images_before


def test_text_pasted_with_a_picture_of_itself_stays_text(article_page):
    """A word processor's copy holds the text and an image of it: no upload, no dialog."""
    page = article_page
    page.locator("#id_body").click()
    page.evaluate(
        """(bytes) => {
            const transfer = new DataTransfer();
            transfer.setData("text/plain", "Un paragraphe copié.");
            transfer.items.add(new File([new Uint8Array(bytes)], "image.png", {type: "image/png"}));
            document.querySelector("#id_body").dispatchEvent(new ClipboardEvent("paste",
                {clipboardData: transfer, bubbles: true, cancelable: true}));
        }""",
        list(image_bytes(10, 10)),
    )
    page.wait_for_timeout(300)
    expect(page.get_by_role("dialog")).to_have_count(0)


def test_the_search_preview_follows_the_title(article_page, artifacts):
    page = article_page
    page.locator("summary", has_text="Référencement et partage").click()  # folded after the body
    page.locator("summary", has_text="Image principale").click()
    title = page.locator(".share-preview .serp__title")
    expect(title).to_contain_text("Équipe RevOps")
    page.fill("#id_title", "Cinq rôles RevOps")
    expect(title).to_have_text("Cinq rôles RevOps — RevOps Conseil", timeout=10_000)
    expect(page.locator(".share-preview .social-card__title")).to_have_text("Cinq rôles RevOps")
    counts = page.locator(".share-preview [data-count=title]")
    expect(counts).to_contain_text("Titre : 34 caractères")
    expect(counts).to_have_class(re.compile("share-count--ok"))

    long_title = "Équipe RevOps : les cinq rôles qui font tourner la machine commerciale"
    page.fill("#id_title", long_title)
    expect(title).to_have_text(re.compile(r" …$"), timeout=10_000)
    expect(counts).to_contain_text("Trop long")
    expect(counts).to_have_class(re.compile("share-count--long"))
    page.locator(".field-share_preview").scroll_into_view_if_needed()
    shoot(page, artifacts, "admin-share-preview")

    # The hero picker (select2) tells its choice through jQuery only: the card hears it.
    card = page.locator(".share-preview .social-card")
    expect(card.locator("img.social-card__image")).to_have_count(1)
    page.evaluate("() => django.jQuery('#id_hero_image').val(null).trigger('change')")
    expect(card).to_contain_text("Pas d'image", timeout=10_000)
    expect(page.locator(".share-preview [data-count=image]")).to_contain_text(
        "Pas d'image principale"
    )


def serious_violations(page, context):
    results = Axe().run(page, context=context)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_writing_room_has_no_serious_accessibility_violation(article_page):
    """Axe on what this page adds to the admin: the editors (side by side and as tabs), the
    search and social previews, the alt text dialog. (The date inputs and the select2 tag
    input of the same form are Django's and select2's markup, checked with them.)"""
    page = article_page
    expect(page.locator(f"{ROOM}.is-ready")).to_be_visible()
    page.locator("summary", has_text="Référencement et partage").click()  # folded after the body
    mine = {"include": [[".field-body"], [".share-fieldset"], [".inline-group .field-intro"]]}
    assert serious_violations(page, mine) == []
    page.set_viewport_size({"width": 1000, "height": 800})
    assert serious_violations(page, mine) == []
    page.locator("#id_body").click()
    drop_image(page, "#id_body")
    expect(page.get_by_role("dialog")).to_be_visible()
    assert serious_violations(page, ".alt-dialog") == []
