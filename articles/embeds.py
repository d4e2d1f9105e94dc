"""Third-party players and forms, shown as click-to-load facades.

A facade is drawn by `templates/includes/_embed.html`: a plain link to the content on its own
site (what a reader without JavaScript gets), which `static/js/embeds.js` turns into a button
that loads the player's frame on click. Nothing is requested from the third party, and no
cookie is set, until the reader clicks.

Both the body's Markdoc tags (`{% youtubePlayer %}`, `{% aushaPlayer %}`, `{% tweet %}`,
`{% hubspotForm %}`, see `articles.markdoc`) and the front matter's `youtubeId` / `podcastId`
come here: one markup, one list of frame hosts (`FRAME_HOSTS`, the only hosts the
Content-Security-Policy allows, in `frame-src` only).
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings

YOUTUBE, PODCAST, TWEET, FORM = "youtube", "podcast", "tweet", "form"

YOUTUBE_ID_RE = re.compile(r"^[A-Za-z0-9_-]{11}$")
AUSHA_ID_RE = re.compile(r"^[A-Za-z0-9]{12}$")
TWEET_URL_RE = re.compile(
    r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(\w{1,15})/status(?:es)?/(\d{1,25})\b"
)
HUBSPOT_FORM_ID_RE = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")

# The frame each kind loads on click, and the only hosts allowed in `frame-src`.
FRAME_HOSTS = {
    YOUTUBE: "https://www.youtube-nocookie.com",
    PODCAST: "https://player.ausha.co",
    TWEET: "https://platform.twitter.com",
    FORM: "https://share.hsforms.com",
}


@dataclass(frozen=True)
class Embed:
    kind: str  # one of YOUTUBE, PODCAST, TWEET, FORM
    id: str  # the video, episode, post or form id (validated)
    title: str = ""  # what the player shows, in French; may be empty
    show_id: str = ""  # PODCAST: the show (optional)
    link: str = ""  # the content on its own site: what readers without JavaScript follow
    src: str = ""  # the frame loaded on click (always on FRAME_HOSTS[kind])

    @property
    def host(self):
        return FRAME_HOSTS[self.kind]


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
    return Embed(
        PODCAST,
        episode_id,
        title,
        show_id=show_id,
        link=f"https://podcast.ausha.co/?podcastId={episode_id}",
        src=f"{FRAME_HOSTS[PODCAST]}/index.html?{urlencode(query)}",
    )


def tweet(url, title=""):
    match = TWEET_URL_RE.match(url)
    post_id = match.group(2)
    return Embed(
        TWEET,
        post_id,
        title,
        link=f"https://x.com/{match.group(1)}/status/{post_id}",
        src=f"{FRAME_HOSTS[TWEET]}/embed/Tweet.html?{urlencode({'id': post_id, 'dnt': 'true'})}",
    )


def form(form_id, title=""):
    portal = getattr(settings, "HUBSPOT_PORTAL_ID", "")
    src = f"{FRAME_HOSTS[FORM]}/{portal}/{form_id}" if portal else ""
    return Embed(FORM, form_id.lower(), title, link=src, src=src)
