"""Third-party players and forms, shown as click-to-load facades.

A facade is drawn by `templates/includes/_embed.html`: a plain link to the content on its own
site (what a reader without JavaScript gets), which `static/js/embeds.js` turns into a button
that loads the player's frame on click. Nothing is requested from the third party, and no
cookie is set, until the reader clicks.

Both the body's Markdoc tags (`{% youtubePlayer %}`, `{% aushaPlayer %}`, `{% tweet %}`,
`{% hubspotForm %}`, see `articles.markdoc`) and the front matter's `youtubeId` / `podcastId`
come here: one markup, one list of frame origins (`FRAME_ORIGINS`, the only ones the
Content-Security-Policy allows, in `frame-src` only, and the only ones the script loads).
"""

import base64
import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings

YOUTUBE, PODCAST, TWEET, FORM = "youtube", "podcast", "tweet", "form"

YOUTUBE_ID_RE = re.compile(r"^[A-Za-z0-9_-]{11}$")
AUSHA_ID_RE = re.compile(r"^[A-Za-z0-9]{12}$")
TWEET_URL_RE = re.compile(
    r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(\w{1,15})/status(?:es)?/(\d{1,25})\b"
)
HUBSPOT_FORM_ID_RE = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")

# HubSpot serves a portal's forms from its data centre's host (`HUBSPOT_REGION`).
HUBSPOT_SHARE_HOSTS = {
    "na1": "https://share.hsforms.com",
    "eu1": "https://share-eu1.hsforms.com",
}

# The frame each kind loads on click (a form: from its region's host, above).
FRAME_HOSTS = {
    YOUTUBE: "https://www.youtube-nocookie.com",
    PODCAST: "https://player.ausha.co",
    TWEET: "https://platform.twitter.com",
    FORM: HUBSPOT_SHARE_HOSTS["na1"],
}

# Every origin a frame may come from: the Content-Security-Policy's `frame-src` (settings) and
# the list `static/js/embeds.js` checks `data-embed-src` against before loading anything.
FRAME_ORIGINS = tuple(dict.fromkeys([*FRAME_HOSTS.values(), *HUBSPOT_SHARE_HOSTS.values()]))


@dataclass(frozen=True)
class Embed:
    kind: str  # one of YOUTUBE, PODCAST, TWEET, FORM
    id: str  # the video, episode, post or form id (validated)
    title: str = ""  # what the player shows, in French; may be empty
    show_id: str = ""  # PODCAST: the show (optional)
    link: str = ""  # the content on its own site: what readers without JavaScript follow
    src: str = ""  # the frame loaded on click (always on one of FRAME_ORIGINS); may be empty

    @property
    def host(self):
        """The origin the frame loads from."""
        if not self.src:
            return FRAME_HOSTS[self.kind]
        parts = urlsplit(self.src)
        return f"{parts.scheme}://{parts.netloc}"


def youtube(video_id, title=""):
    return Embed(
        YOUTUBE,
        video_id,
        title,
        link=f"https://www.youtube.com/watch?v={video_id}",
        src=f"{FRAME_HOSTS[YOUTUBE]}/embed/{video_id}?autoplay=1",
    )


def podcast(episode_id, show_id="", title=""):
    query = {"podcastId": episode_id, "v": 3, "playerId": f"ausha-{episode_id}"}
    if show_id:
        query["showId"] = show_id
    src = f"{FRAME_HOSTS[PODCAST]}/index.html?{urlencode(query)}"
    # Ausha's episode pages are addressed by slugs we do not have: the player is a page of its
    # own, which is what a reader without JavaScript opens.
    return Embed(PODCAST, episode_id, title, show_id=show_id, link=src, src=src)


def tweet(url, title=""):
    match = TWEET_URL_RE.match(url)
    post_id = match.group(2)
    query = {"id": post_id, "dnt": "true", "lang": "fr"}
    return Embed(
        TWEET,
        post_id,
        title,
        link=f"https://x.com/{match.group(1)}/status/{post_id}",
        # dnt: X's « do not track » (no personalisation from this page); lang: French labels.
        src=f"{FRAME_HOSTS[TWEET]}/embed/Tweet.html?{urlencode(query)}",
    )


def form(form_id, title=""):
    """A HubSpot form, through its share page (a whole page HubSpot serves, which a frame can
    show and a reader without JavaScript can open). Without `HUBSPOT_PORTAL_ID` there is no
    address: the facade says the form is unavailable."""
    form_id = form_id.lower()
    portal = str(getattr(settings, "HUBSPOT_PORTAL_ID", "") or "")
    region = getattr(settings, "HUBSPOT_REGION", "na1") or "na1"
    src = hubspot_share_url(portal, form_id, region) if portal.isdigit() else ""
    return Embed(FORM, form_id, title, link=src, src=src)


def hubspot_share_url(portal_id, form_id, region="na1"):
    """The form's share link, as HubSpot's « Partager » button gives it: « 1 », the form's GUID
    in URL-safe base64 (16 bytes, unpadded), then the portal's number in base 36."""
    token = base64.urlsafe_b64encode(uuid.UUID(form_id).bytes).rstrip(b"=").decode()
    return f"{HUBSPOT_SHARE_HOSTS[region]}/1{token}{base36(int(portal_id))}"


def base36(number):
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if not number:
            return digits
