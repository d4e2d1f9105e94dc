"""What the admin's import page says of the series an upload builds, in a real browser: the
preview and the report list them, readable at 1280 and 1440 px without sideways scrolling."""

import pytest

from tests.test_import_admin import zipped
from tests.test_import_series import SHOW, build_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def logged_in(logged_in, settings, tmp_path):
    settings.PENDING_IMPORT_DIR = tmp_path / "imports-en-attente"
    return logged_in


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_preview_and_the_report_list_the_series_built(
    logged_in, live_server, artifacts, tmp_path, width
):
    site = build_site(tmp_path / "site")
    files = {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    page = logged_in
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/admin/articles/article/importer/")
    page.set_input_files(
        "#id_file", {"name": "site.zip", "mimeType": "application/zip", "buffer": zipped(files)}
    )
    page.click("input[value='Vérifier (aperçu sans écriture)']")
    page.get_by_role("heading", name="Ce que l'import construirait aussi").wait_for()
    podcast = f"Série « Revenue Echoes » (podcast, émission {SHOW}) : serait créée, 21 épisodes"
    assert page.get_by_text(podcast).is_visible()
    page.screenshot(path=artifacts / f"admin-import-series-preview-{width}.png", full_page=True)
    for step in ("preview", "report"):
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the import {step} scrolls sideways by {overflow}px at {width}px"
        if step == "preview":
            page.click('input[value="Confirmer l\'import"]')
            page.get_by_role("heading", name="Import terminé").wait_for()
    built = page.get_by_role("heading", name="Ce que l'import a aussi construit")
    assert built.is_visible()
    assert page.get_by_text(
        "Série « Parcours pipeline » (parcours) : créée, 3 parties"
    ).is_visible()
    built.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / f"admin-import-series-report-{width}.png")
