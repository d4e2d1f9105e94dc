"""Players in a real browser: nothing leaves the site before the reader clicks; a keyboard
starts a player; a frame loads only from an allowed origin; the page holds at 375 px."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.template.loader import render_to_string
from playwright.sync_api import expect

from articles import embeds

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO, EPISODE, SHOW = "dQw4w9WgXcQ", "B4W0qfPbZ3pV", "bK0XjSJD3JyA"
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
TITLE = "Piloter le pipeline avec les équipes RevOps"
BODY = (
    "## Pourquoi en parler\n\n"
    "Un pipeline fiable commence par des définitions partagées entre marketing et ventes.\n\n"
    "## Ce qui change\n\nDes revues hebdomadaires courtes, des étapes datées, un seul outil.\n"
)
# What the Markdoc parser (articles.markdoc) makes of a callout and a statement: drawn here by
# the stylesheet alone, so that they can be looked at before the parser lands.
BLOCKS = (
    '<aside class="callout"><p class="callout__title">À retenir</p><p>Une étape sans date de '
    "sortie n'est pas une étape : c'est une salle d'attente.</p></aside>"
    '<blockquote class="statement"><p><strong>Le pipeline est une promesse faite à la '
    "direction, pas un tableau de bord.</strong></p></blockquote>"
)


class Traffic:
    """Every request the page makes; the ones leaving the machine are recorded and aborted."""

    def __init__(self, page):
        self.urls = []
        page.on("request", lambda request: self.urls.append(request.url))
        page.route(re.compile(r"^https?://"), self.handle)

    @staticmethod
    def handle(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            route.abort()

    @property
    def outside(self):
        return [url for url in self.urls if urlsplit(url).hostname not in LOCAL_HOSTS]


def overflow(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def serious_violations(page):
    return [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def article(make_article, make_asset):
    return make_article(
        TITLE,
        slug="piloter-le-pipeline",
        body=BODY,
        hero_image=make_asset(alt="Un tableau de pipeline"),
        youtube_id=VIDEO,
        podcast_id=EPISODE,
        podcast_show_id=SHOW,
    )


def test_front_matter_players_load_on_click_only(page, live_server, article, artifacts):
    """Before any click the page asks nothing of YouTube or Ausha; each facade is a button a
    keyboard reaches and presses; the frame then comes from the allowed host, and only it."""
    traffic = Traffic(page)
    page.goto(f"{live_server.url}{article.get_absolute_url()}", wait_until="networkidle")
    assert traffic.outside == []
    assert "{%" not in page.locator("body").inner_text()

    video = page.get_by_role("button", name=f"Lancer la vidéo «\u202f{TITLE}\u202f»")
    episode = page.get_by_role("button", name=f"Écouter l'épisode «\u202f{TITLE}\u202f»")
    expect(video).to_be_visible()
    expect(episode).to_be_visible()
    assert page.locator(".embed__away").all_inner_texts() == [
        "Ouvrir sur ausha.co",
        "Ouvrir sur youtube.com",
    ]
    page.screenshot(path=artifacts / "embeds-before-1280.png", full_page=True)
    assert serious_violations(page) == []

    video.focus()
    expect(video).to_be_focused()
    page.keyboard.press("Enter")
    frame = page.locator("figure.embed--youtube iframe")
    expect(frame).to_have_attribute(
        "src", f"https://www.youtube-nocookie.com/embed/{VIDEO}?autoplay=1"
    )
    expect(frame).to_have_attribute("title", f"Vidéo YouTube «\u202f{TITLE}\u202f»")
    expect(frame).to_be_focused()
    assert "autoplay" in frame.get_attribute("allow")
    page.wait_for_timeout(300)
    assert {urlsplit(url).hostname for url in traffic.outside} == {"www.youtube-nocookie.com"}

    episode.click()
    frame = page.locator("figure.embed--podcast iframe")
    expect(frame).to_have_attribute("title", f"Lecteur de podcast Ausha «\u202f{TITLE}\u202f»")
    assert frame.get_attribute("src").startswith(
        f"https://player.ausha.co/index.html?podcastId={EPISODE}"
    )
    page.wait_for_timeout(300)
    hosts = {urlsplit(url).hostname for url in traffic.outside}
    assert hosts == {"www.youtube-nocookie.com", "player.ausha.co"}
    page.screenshot(path=artifacts / "embeds-after-1280.png", full_page=True)


def serve_with(page, url, extra):
    """The page as the server sends it, `extra` HTML at the start of its text: what the
    Markdoc parser will put in bodies, seen before it lands (and before the script runs)."""

    def inject(route):
        response = route.fetch()
        body = response.text().replace('<div class="prose">', '<div class="prose">' + extra, 1)
        route.fulfill(response=response, body=body)

    page.route(url, inject)


def test_the_page_holds_at_375px_every_block_included(
    page, live_server, article, artifacts, settings
):
    """Facades of every kind, callout and statement: readable in both themes, no sideways
    scroll on a phone, nothing fetched outside before a click."""
    settings.HUBSPOT_PORTAL_ID = ""  # a form of an account not configured: unavailable, wrapped
    unavailable = embeds.form("5b2d7e4f-1c3a-4f6b-9d8e-0a1b2c3d4e5f", "Recevoir le livre blanc")
    settings.HUBSPOT_PORTAL_ID = "7363995"
    facades = "".join(
        render_to_string("includes/_embed.html", {"embed": embed})
        for embed in (
            embeds.tweet("https://x.com/revops_conseil/status/1850000000000000000"),
            embeds.form("d0e971aa-4d05-4e33-8e9c-6267b4c29f61", "Recevoir le guide RevOps"),
            unavailable,
        )
    )
    url = f"{live_server.url}{article.get_absolute_url()}"
    traffic = Traffic(page)
    serve_with(page, url, BLOCKS + facades)  # after: the last route registered answers first
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(url, wait_until="networkidle")
    expect(page.locator(".callout__title")).to_be_visible()
    assert page.locator("button.embed__button").count() == 4
    assert overflow(page) <= 0
    assert traffic.outside == []
    page.screenshot(path=artifacts / "embeds-before-375.png", full_page=True)
    for scheme in ("dark", "light"):  # contrast of facades and blocks in both themes
        page.emulate_media(color_scheme=scheme)
        assert serious_violations(page) == [], scheme
        if scheme == "dark":
            page.screenshot(path=artifacts / "embeds-dark-375.png", full_page=True)
    page.get_by_role("button", name=re.compile("^Lancer la vidéo")).click()
    expect(page.locator("figure.embed--youtube iframe")).to_be_visible()
    page.get_by_role("button", name="Afficher la publication").click()
    expect(page.locator("figure.embed--tweet iframe")).to_have_attribute(
        "src", re.compile(r"^https://platform\.twitter\.com/embed/Tweet\.html\?id=1850")
    )
    assert overflow(page) <= 0
    box = page.locator("figure.embed--youtube iframe").bounding_box()
    assert abs(box["width"] / box["height"] - 16 / 9) < 0.02
    page.screenshot(path=artifacts / "embeds-after-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=artifacts / "embeds-blocks-1280.png", full_page=True)
    page.wait_for_timeout(300)
    hosts = {urlsplit(url).hostname for url in traffic.outside}
    assert hosts == {"www.youtube-nocookie.com", "platform.twitter.com"}


def test_a_frame_from_another_origin_is_never_loaded(page, live_server, article):
    """Raw HTML could carry a facade pointing anywhere: the script leaves it a plain link."""
    forged = (
        '<figure class="embed embed--youtube" data-embed="youtube" '
        'data-embed-src="https://evil.example/embed/x" data-embed-title="Piège">'
        '<a class="embed__link" href="https://evil.example/">Piège</a></figure>'
    )
    url = f"{live_server.url}{article.get_absolute_url()}"
    traffic = Traffic(page)
    serve_with(page, url, forged)
    page.goto(url, wait_until="networkidle")
    forged_figure = page.locator('figure[data-embed-title="Piège"]')
    expect(forged_figure.locator("a.embed__link")).to_be_visible()
    assert forged_figure.locator("button").count() == 0
    assert page.locator("button.embed__button").count() == 2  # ours still work
    assert traffic.outside == []
    assert "https://evil.example" not in embeds.FRAME_ORIGINS


def test_body_tags_render_as_blocks_and_players(page, live_server, make_article, artifacts):
    """A callout and an Ausha player written as Markdoc in the body, a video in the front
    matter: no tag shows as text, the body's player waits for its click like the others."""
    article = make_article(
        "Balises Markdoc",
        slug="balises-markdoc",
        youtube_id=VIDEO,
        body=(
            "## Le point\n\n"
            '{% callout title="À retenir" %}\nUne étape sans date de sortie est une salle '
            "d'attente.\n{% /callout %}\n\n"
            f'{{% aushaPlayer podcastId="{EPISODE}" showId="{SHOW}" /%}}\n\n'
            "Suite du texte.\n"
        ),
    )
    traffic = Traffic(page)
    page.goto(f"{live_server.url}{article.get_absolute_url()}", wait_until="networkidle")
    assert traffic.outside == []
    assert "{%" not in page.locator("body").inner_text()
    expect(page.locator(".prose aside.callout .callout__title")).to_have_text("À retenir")
    episode = page.locator(".prose figure.embed--podcast button.embed__button")
    expect(episode).to_be_visible()
    episode.focus()
    expect(episode).to_be_focused()
    page.screenshot(path=artifacts / "embeds-markdoc-1280.png", full_page=True)
    episode.press("Enter")
    frame = page.locator(".prose figure.embed--podcast iframe")
    expect(frame).to_be_visible()
    assert urlsplit(frame.get_attribute("src")).hostname == "player.ausha.co"
    page.wait_for_timeout(300)
    assert {urlsplit(url).hostname for url in traffic.outside} == {"player.ausha.co"}
    page.set_viewport_size({"width": 375, "height": 812})
    assert overflow(page) <= 0
    page.screenshot(path=artifacts / "embeds-markdoc-375.png", full_page=True)
