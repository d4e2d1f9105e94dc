"""The migration report on the admin's import page, in a real browser: readable at 1280 px
(no sideways scrolling, even with long addresses and file names) and accessible."""

import io
import zipfile

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.test_import_review import SLUG, messy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_STEM = "Comprendre-Lequipe-Revenu-Et-Ses-Roles-Du-Marketing-Aux-Ventes-Jusqu-Au-Service-Client"
OLD_SITE = "https://www.ocobo.co/blog"  # LEGACY_BLOG_URLS by default


def blog_zip():
    post = (
        "---\ntitle: Comprendre l'équipe revenu\n"
        f"description: {'Une description bien plus longue que ce que montrent les moteurs. ' * 4}\n"
        f"---\n\nVoir [le second]({OLD_SITE}/{'second-article-au-titre-tres-long' * 2}/).\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"blog/fr/{LONG_STEM}.md", post)
        archive.writestr(
            f"blog/fr/{'second-article-au-titre-tres-long' * 2}.md",
            "---\ntitle: Second\n---\nTexte.\n",
        )
        archive.writestr(
            "stories/pme.md", "---\nname: Une PME\nquotes: [Enfin clair.]\ndeliverables: [A]\n---\n"
        )
    return buffer.getvalue()


@pytest.fixture
def logged_in(logged_in, settings, tmp_path):
    settings.PENDING_IMPORT_DIR = tmp_path / "imports-en-attente"
    return logged_in


def test_the_import_report_fits_1280_px_and_is_accessible(logged_in, live_server, artifacts):
    page = logged_in
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/articles/article/importer/")
    page.set_input_files(
        "#id_file", {"name": "blog.zip", "mimeType": "application/zip", "buffer": blog_zip()}
    )
    page.check("#id_skip_invalid")
    page.click("input[value='Vérifier (aperçu sans écriture)']")
    page.get_by_role("heading", name="Aperçu de l'import (rien n'est encore écrit)").wait_for()
    assert page.get_by_role("table", name="Résultat par fichier").is_visible()
    page.screenshot(path=artifacts / "admin-import-report-1280.png", full_page=True)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the import report scrolls sideways by {overflow}px at 1280px"
    # The report itself: the admin's own breadcrumbs (link-in-text-block) are Django's styling.
    results = Axe().run(page, context="section[aria-labelledby='import-result']")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_preview_and_report_of_a_messy_file_fit_and_say_it_comes_in_as_a_draft(
    logged_in, live_server, artifacts, width
):
    """Images without a file, external images and links, a broken link, the draft verdict:
    all visible in the preview and the report, without sideways scrolling."""
    page = logged_in
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/admin/articles/article/importer/")
    page.set_input_files(
        "#id_file", {"name": f"{SLUG}.md", "mimeType": "text/markdown", "buffer": messy().encode()}
    )
    page.click("input[value='Vérifier (aperçu sans écriture)']")
    page.get_by_role("heading", name="Aperçu de l'import (rien n'est encore écrit)").wait_for()
    assert page.get_by_text(f"Sera importé en brouillon : {SLUG}").is_visible()
    assert page.get_by_text("https://cdn.exemple.org/graphique.png").is_visible()
    page.screenshot(path=artifacts / f"admin-import-preview-draft-{width}.png", full_page=True)
    for step in ("preview", "report"):
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the import {step} scrolls sideways by {overflow}px at {width}px"
        if step == "preview":
            page.click('input[value="Confirmer l\'import"]')
            page.get_by_role("heading", name="Import terminé").wait_for()
    assert page.get_by_text(f"Importé en brouillon : {SLUG}").is_visible()
    page.screenshot(path=artifacts / f"admin-import-report-draft-{width}.png", full_page=True)
