"""The admin editor in a real browser: live preview and drag-and-drop image upload."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import ImageAsset
from tests.conftest import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_live_preview_shows_the_published_rendering(logged_in, live_server, artifacts):
    page = logged_in
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill(
        "#id_body", "## Les rôles clés\n\nUn texte **important**.\n\n<script>alert(1)</script>"
    )
    page.dispatch_event("#id_body", "input")
    preview = page.locator(".markdownx-preview")
    preview.locator("h2#les-roles-cles").wait_for(timeout=10_000)
    assert preview.locator("strong").inner_text() == "important"
    assert preview.locator("script").count() == 0
    page.screenshot(path=artifacts / "admin-editor-preview.png", full_page=True)


def test_dropping_an_image_inserts_its_asset_reference(logged_in, live_server):
    """Even without alt text (after a warning): the editor decides, publishing will ask."""
    page = logged_in
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    payload = list(image_bytes(40, 30))
    page.evaluate(
        """(bytes) => {
            const file = new File([new Uint8Array(bytes)], "schema.png", {type: "image/png"});
            const transfer = new DataTransfer();
            transfer.items.add(file);
            const editor = document.querySelector("#id_body");
            editor.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }""",
        payload,
    )
    # The alt text is asked first; left empty, a warning, then the image goes in without it.
    dialog = page.get_by_role("dialog", name="Texte alternatif de l'image")
    dialog.get_by_role("button", name="Insérer l'image").click()
    dialog.get_by_role("button", name="Insérer sans texte alternatif").click()
    # (no wait_for_function: it evaluates a string, which the admin's CSP rightly forbids)
    expect(page.locator("#id_body")).to_have_value(re.compile(r"!\[\]\("), timeout=10_000)
    expect(page.locator(".field-body .writing-room__status")).to_contain_text(
        "sans texte alternatif"
    )
    value = page.input_value("#id_body")
    asset_id = re.search(r'!\[\]\(([0-9a-f-]{36}) "schema\.png"\)', value).group(1)
    asset = ImageAsset.objects.get(pk=asset_id)
    assert (asset.width, asset.height) == (40, 30)
