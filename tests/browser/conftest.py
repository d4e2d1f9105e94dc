"""Real-browser fixtures: Playwright driving the system's Chromium against pytest-django's live server."""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
EDITOR_PASSWORD = "un-mot-de-passe-solide-42"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API keeps an event loop in the test thread; Django's ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(
        reason="Chromium introuvable (paquet Debian 'chromium') : tests navigateur ignorés. "
        ".ci/run l'installe."
    )
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def serve_media(settings):
    """The live server runs with DEBUG off; serve uploaded images so that pages look real."""
    settings.ROOT_URLCONF = "tests.browser.urls"


@pytest.fixture
def demo_content(transactional_db):
    """The demo content of content/, loaded as `make run` loads it."""
    from django.core.management import call_command

    call_command("import_markdown", str(Path(__file__).resolve().parents[2] / "content"))


@pytest.fixture
def logged_in(page, live_server, django_user_model):
    """The page, logged in to the admin as an editor with every permission."""
    django_user_model.objects.create_user(
        username="redaction", password=EDITOR_PASSWORD, is_staff=True, is_superuser=True
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "redaction")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page
