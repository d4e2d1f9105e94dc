"""Issue 21's reader pages in a real browser: /clients/, a case study, /series/, a series and
an episode (and a search finding case studies), at 1280 and 375 px: axe-core finds nothing serious or critical, nothing scrolls
sideways, and the site's navigation leads to the case studies and the series."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Article, Author, ImageAsset
from series.models import Series, SeriesEntry
from tests.conftest import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOW = "RvEchoes2026"
SUBJECTS = ("la prévision qui tient", "le pipeline qui ment", "les relances oubliées")
PAGES = {
    "clients": "/clients/",
    "etude-de-cas": "/clients/maison-verdier/",
    "series": "/series/",
    "serie": "/series/revenue-echoes/",
    "episode": "/blog/revenue-echoes-2/",
    # Case studies among the results, narrowed by one of their tags.
    "recherche": "/blog/recherche/?q=pipeline&tag=process-outils",
}


@pytest.fixture
def podcast(demo_content):
    """The demo content and a podcast of three episodes (each with its Ausha player), with
    its image; a « parcours » of two demo articles."""
    author = Author.objects.order_by("pk").first()
    image = ImageAsset(alt="Un micro devant une bibliothèque")
    image.file.save("micro.png", ContentFile(image_bytes(1600, 900)), save=False)
    image.save()
    series = Series.objects.create(
        title="Revenue Echoes",
        slug="revenue-echoes",
        kind=Series.Kind.PODCAST,
        ausha_show_id=SHOW,
        description="Un échange toutes les deux semaines sur les équipes Revenue et leurs outils.",
        image=image,
    )
    for number, subject in enumerate(SUBJECTS, start=1):
        article = Article.objects.create(
            title=f"Revenue Echoes #{number} : {subject}, avec une invitée qui a tout refait",
            slug=f"revenue-echoes-{number}",
            author=author,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(days=30 - 10 * number),
            excerpt=f"Un épisode sur {subject}.",
            body=f"Cette semaine : {subject}.\n\n"
            f'{{% aushaPlayer showId="{SHOW}" podcastId="Ep{number:02d}RevEchoX" '
            f'title="Revenue echoes #{number}" %}}\n\n## Ce que nous retenons\n\nTrois idées.',
        )
        SeriesEntry.objects.create(series=series, article=article, position=number)
    course = Series.objects.create(title="Parcours CRM", slug="parcours-crm")
    for position, article in enumerate(Article.objects.exclude(series_entry__isnull=False)[:2]):
        SeriesEntry.objects.create(series=course, article=article, position=position)
    return series


@pytest.fixture
def shots(artifacts):
    """Where the screenshots go: tests/browser/artifacts/, or `SHOTS_DIR`."""
    folder = Path(os.environ["SHOTS_DIR"]) if os.environ.get("SHOTS_DIR") else artifacts
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("name", PAGES)
def test_pages_pass_axe_and_fit_at_375_px(page, live_server, podcast, settings, shots, name):
    """Nothing serious or critical for axe-core, no sideways scrolling; screenshots at 1280 and
    375 px (call to action on)."""
    settings.CLIENTS_CTA_URL = "https://exemple.fr/contact"
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(f"{live_server.url}{PAGES[name]}", wait_until="networkidle")
        assert response.status == 200
        page.screenshot(path=shots / f"{name}-{width}.png", full_page=True)
        assert serious_violations(page) == [], f"{name} at {width}px"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at {width}px by {overflow}px"


def test_the_navigation_leads_to_the_case_studies_and_the_series(page, live_server, podcast):
    """From the blog, « Études de cas » and « Séries » in the site's navigation (375 px too),
    each marked as the current page once followed, and as the section on its pages."""
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/blog/")
        nav = page.get_by_role("navigation", name="Navigation principale")
        nav.get_by_role("link", name="Séries").click()
        page.wait_for_url(re.compile(r"/series/$"))
        assert nav.get_by_role("link", name="Séries").get_attribute("aria-current") == "page"
        page.get_by_role("link", name="Revenue Echoes").first.click()
        page.wait_for_url(re.compile(r"/series/revenue-echoes/$"))
        assert nav.get_by_role("link", name="Séries").get_attribute("aria-current") == "true"
        nav.get_by_role("link", name="Études de cas").click()
        page.wait_for_url(re.compile(r"/clients/$"))
        link = nav.get_by_role("link", name="Études de cas")
        assert link.get_attribute("aria-current") == "page"
        for item in nav.get_by_role("link").all():  # every link of the navigation in view
            box = item.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, item.inner_text()
