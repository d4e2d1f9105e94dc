"""Players and forms: click-to-load facades, their script and its Content-Security-Policy, and
the structured data of an article's video and podcast episode."""

import json
import re
import subprocess
import sys
from html import unescape

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from articles import embeds
from articles.models import Article
from roles.models import Role

pytestmark = pytest.mark.django_db

VIDEO, EPISODE, SHOW = "dQw4w9WgXcQ", "B4W0qfPbZ3pV", "bK0XjSJD3JyA"
SCRIPT_RE = re.compile(r'<script src="[^"]*/js/embeds\.js" defer data-frame-hosts="([^"]*)">')


def page(client, article):
    return client.get(article.get_absolute_url()).content.decode()


def readable(html):
    """The text as read: entities decoded, French no-break spaces as spaces."""
    return unescape(html).replace("\u202f", " ").replace("\u00a0", " ")


def structured_data(html):
    """Every JSON-LD object of the page, nested ones included, by type."""
    found = {}

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if "@type" in node:
                found.setdefault(node["@type"], []).append(node)
            for value in node.values():
                walk(value)

    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        walk(json.loads(block))
    return found


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in policy.split("; ") if part}


# --- Content-Security-Policy -------------------------------------------------------------------


def test_frames_may_come_from_the_embed_hosts_only(client, make_article):
    """`frame-src` lists the players' and forms' origins (from articles.embeds), nothing else
    changes: scripts, connections and images keep their sources."""
    article = make_article("Vidéo", youtube_id=VIDEO)
    policy = directives(client.get(article.get_absolute_url()))
    assert policy["frame-src"].split() == list(embeds.FRAME_ORIGINS)
    assert set(embeds.FRAME_ORIGINS) == {
        "https://www.youtube-nocookie.com",
        "https://player.ausha.co",
        "https://platform.twitter.com",
        "https://share.hsforms.com",
        "https://share-eu1.hsforms.com",
    }
    assert policy["script-src"] == "'self'"
    assert policy["connect-src"] == "'self'"
    assert policy["img-src"] == "'self' data: https:"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"


def test_the_admin_keeps_the_same_frame_sources(staff_client):
    policy = directives(staff_client.get("/admin/articles/article/add/"))
    assert policy["frame-src"].split() == list(embeds.FRAME_ORIGINS)


# --- The script: loaded where a facade is, told which origins it may load ----------------------


def test_a_page_without_players_loads_no_script(client, make_article):
    """The public site stays without JavaScript where there is nothing to play."""
    article = make_article("Texte seul")
    html = page(client, article)
    assert "embeds.js" not in html and "<script src=" not in html


@pytest.mark.parametrize("field", ["youtube_id", "podcast_id"])
def test_a_page_with_a_player_loads_the_script_deferred(client, make_article, field):
    """One deferred script, and its list of origins is the Content-Security-Policy's."""
    article = make_article("Lecteur", **{field: VIDEO if field == "youtube_id" else EPISODE})
    hosts = SCRIPT_RE.findall(page(client, article))
    assert hosts == [" ".join(embeds.FRAME_ORIGINS)]


def test_a_role_page_with_a_facade_loads_the_script(client, make_article):
    """A facade rendered in a role's text (a body tag, once parsed) brings the script too."""
    article = make_article("Article")
    role = Role.objects.create(article=article, title="Coach", slug="coach", intro="Texte.")
    assert not SCRIPT_RE.search(client.get(role.get_absolute_url()).content.decode())
    facade = render_to_string("includes/_embed.html", {"embed": embeds.youtube(VIDEO, "Démo")})
    Role.objects.filter(pk=role.pk).update(intro_html=facade)
    assert SCRIPT_RE.search(client.get(role.get_absolute_url()).content.decode())


# --- The facades under the hero ----------------------------------------------------------------


def test_the_article_shows_the_episode_then_the_video_as_facades(client, make_article):
    """Links to the content on its own site, the frame's address on an allowed host, and nothing
    on the page that a browser would fetch from a third party."""
    article = make_article(
        "Deux lecteurs", youtube_id=VIDEO, podcast_id=EPISODE, podcast_show_id=SHOW
    )
    html = page(client, article)
    media = html[html.index('<div class="article__media">') :]
    assert media.index('data-embed="podcast"') < media.index('data-embed="youtube"')
    assert f'data-embed-src="https://www.youtube-nocookie.com/embed/{VIDEO}?autoplay=1"' in html
    assert f'href="https://www.youtube.com/watch?v={VIDEO}"' in html
    assert "Regarder la vidéo « Deux lecteurs »" in readable(html)
    assert "Écouter l'épisode « Deux lecteurs »" in readable(html)
    assert f"https://player.ausha.co/index.html?podcastId={EPISODE}" in html
    assert f"showId={SHOW}" in html
    assert "quand vous cliquez : rien n'est envoyé à YouTube avant." in readable(html)
    third_party = re.findall(r'(?<![\w-])(?:src|srcset|poster)="(https?://[^"]*)"', html)
    assert third_party == []
    assert "<iframe" not in html


def test_every_kind_of_facade_draws_its_link_and_notice():
    """The one partial, for each kind: French wording, the content on its own site, the frame
    on its host."""
    cases = [
        (embeds.youtube(VIDEO, "Démo"), "Regarder la vidéo « Démo »", "youtube.com"),
        (embeds.podcast(EPISODE, SHOW, "Épisode"), "Écouter l'épisode « Épisode »", "ausha.co"),
        (embeds.tweet("https://twitter.com/revops/status/1234567890"), "Lire la publication", "x.com"),
        (
            embeds.Embed(embeds.FORM, "f", "Contact", link="https://share.hsforms.com/1x", src="https://share.hsforms.com/1x"),
            "Remplir le formulaire « Contact »",
            "hubspot.com",
        ),
    ]  # fmt: skip
    for embed, text, host in cases:
        html = render_to_string("includes/_embed.html", {"embed": embed})
        assert f'data-embed="{embed.kind}"' in html
        assert f'class="embed__link" href="{embed.link}"'.replace("&", "&amp;") in html
        assert text in readable(html) and f'<small class="embed__host">{host}</small>' in html
        assert "se charge quand vous cliquez" in html
        assert embed.host in embeds.FRAME_ORIGINS


# --- HubSpot forms -----------------------------------------------------------------------------


def test_a_form_loads_hubspots_share_page_of_the_configured_account(settings):
    """The share link HubSpot's « Partager » gives: the GUID in base64, the account in base 36
    (a real link, decoded), on the host of the account's data centre."""
    settings.HUBSPOT_PORTAL_ID = "7363995"
    form = embeds.form("D0E971AA-4D05-4E33-8E9C-6267B4C29F61", "Contact")
    assert form.src == form.link == "https://share.hsforms.com/10Olxqk0FTjOOnGJntMKfYQ4du3f"
    assert form.id == "d0e971aa-4d05-4e33-8e9c-6267b4c29f61"
    settings.HUBSPOT_PORTAL_ID, settings.HUBSPOT_REGION = "24900163", "eu1"
    form = embeds.form("e1a96323-4384-4237-b60c-3989899a0b16")
    assert form.src == "https://share-eu1.hsforms.com/14aljI0OEQje2DDmJiZoLFgetp37"
    assert form.host == "https://share-eu1.hsforms.com" and form.host in embeds.FRAME_ORIGINS


def test_a_form_without_an_account_says_it_is_unavailable(settings):
    """No HubSpot account configured: no address to load, no dead link, a plain sentence."""
    settings.HUBSPOT_PORTAL_ID = ""
    form = embeds.form("d0e971aa-4d05-4e33-8e9c-6267b4c29f61", "Contact")
    assert form.src == form.link == ""
    html = render_to_string("includes/_embed.html", {"embed": form})
    assert "Formulaire « Contact » indisponible pour le moment" in readable(html)
    assert "embed--unavailable" in html and "<a " not in html and "embed__notice" not in html


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"HUBSPOT_PORTAL_ID": "abc"}, "HUBSPOT_PORTAL_ID is the HubSpot account's number"),
        ({"HUBSPOT_REGION": "ap1"}, "HUBSPOT_REGION must be one of na1, eu1"),
    ],
)
def test_hubspot_settings_are_checked_at_start(env, message):
    result = subprocess.run(
        [sys.executable, "-c", "import revops_site.settings"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", **env},
        check=False,
    )
    assert result.returncode != 0 and message in result.stderr


# --- Structured data ---------------------------------------------------------------------------


def test_a_front_matter_video_is_a_video_object_of_the_posting(client, make_article):
    """name, description, YouTube's thumbnail (fetched by crawlers, never by readers), the
    upload date the article's, the embed and watch addresses."""
    article = make_article("Vidéo", youtube_id=VIDEO, description="Une démonstration.")
    data = structured_data(page(client, article))
    posting = data["BlogPosting"][0]
    (video,) = data["VideoObject"]
    assert posting["video"] == [video]
    assert video == {
        "@type": "VideoObject",
        "name": "Vidéo",
        "description": "Une démonstration.",
        "thumbnailUrl": f"https://i.ytimg.com/vi/{VIDEO}/hqdefault.jpg",
        "embedUrl": f"https://www.youtube-nocookie.com/embed/{VIDEO}",
        "url": f"https://www.youtube.com/watch?v={VIDEO}",
        "inLanguage": "fr",
        "uploadDate": posting["datePublished"],
    }
    assert "PodcastEpisode" not in data


def test_a_front_matter_episode_is_a_podcast_episode(client, make_article):
    article = make_article("Épisode", podcast_id=EPISODE, podcast_show_id=SHOW)
    data = structured_data(page(client, article))
    (episode,) = data["PodcastEpisode"]
    assert episode["name"] == "Épisode"
    assert episode["url"] == data["BlogPosting"][0]["url"]
    assert episode["datePublished"] == data["BlogPosting"][0]["datePublished"]
    assert episode["associatedMedia"]["embedUrl"].startswith(
        f"https://player.ausha.co/index.html?podcastId={EPISODE}"
    )
    assert episode["partOfSeries"] == {"@type": "PodcastSeries", "identifier": SHOW}
    assert "VideoObject" not in data


def test_players_written_in_the_body_are_described_too(client, make_article):
    """Markdoc player tags of the body, read from the source: titled by their `title`, once
    each, a malformed id or a tag shown in code ignored."""
    body = (
        "Intro.\n\n"
        f'{{% youtubePlayer id="{VIDEO}" title="La démo" /%}}\n\n'
        '{% youtubePlayer id="pas-un-id" /%}\n\n'
        f"{{% aushaPlayer podcastId='{EPISODE}' showId=\"{SHOW}\" /%}}\n\n"
        '```markdown\n{% youtubePlayer id="AAAAAAAAAAA" /%}\n```\n\n'
        'En ligne : `{% youtubePlayer id="BBBBBBBBBBB" /%}`.\n\n'
        f'{{% youtubePlayer id="{VIDEO}" /%}}\n'
    )
    article = make_article("Corps", body=body)
    data = structured_data(page(client, article))
    assert [(v["name"], v["thumbnailUrl"]) for v in data["VideoObject"]] == [
        ("La démo", f"https://i.ytimg.com/vi/{VIDEO}/hqdefault.jpg")
    ]
    (episode,) = data["PodcastEpisode"]
    assert episode["name"] == "Corps" and episode["partOfSeries"]["identifier"] == SHOW


def test_the_front_matter_and_the_body_name_one_video_once(client, make_article):
    article = make_article(
        "Une fois", youtube_id=VIDEO, body=f'{{% youtubePlayer id="{VIDEO}" title="Autre" /%}}'
    )
    (video,) = structured_data(page(client, article))["VideoObject"]
    assert video["name"] == "Une fois"


@pytest.mark.parametrize(
    "fields, tag, kind",
    [
        (
            {"youtube_id": VIDEO},
            f'{{% youtubePlayer id="{VIDEO}" title="Autre titre" /%}}',
            "youtube",
        ),
        (
            {"podcast_id": EPISODE, "podcast_show_id": SHOW},
            f'{{% aushaPlayer podcastId="{EPISODE}" title="Épisode" /%}}',
            "podcast",
        ),
    ],
)
def test_a_player_placed_in_the_body_is_not_repeated_under_the_hero(
    client, make_article, fields, tag, kind
):
    """Migrated episodes often name their player twice (front matter and body): readers get
    one player, where the body puts it; another episode of the front matter still shows."""
    article = make_article("Un seul lecteur", body=f"Avant.\n\n{tag}\n\nAprès.", **fields)
    html = page(client, article)
    assert html.count(f'data-embed="{kind}"') == 1
    assert '<div class="article__media">' not in html
    prose = html[html.index('<div class="prose">') :]
    assert prose.index("Avant.") < prose.index(f'data-embed="{kind}"') < prose.index("Après.")
    other = make_article(
        "Un autre épisode",
        body=tag,
        youtube_id="Zz9_yX-8wVu",
        **{k: v for k, v in fields.items() if k != "youtube_id"},
    )
    assert page(client, other).count('data-embed="youtube"') == (2 if kind == "youtube" else 1)


def test_a_page_with_players_never_reads_its_markdown(client, make_article):
    """Reader pages defer the Markdown source, and the players come from the rendering: an
    article with a player tag costs no query more than one without, and none reads `body`."""
    plain = make_article("Sans lecteur", body="Texte.")
    with_tag = make_article("Avec lecteur", body=f'{{% youtubePlayer id="{VIDEO}" /%}}')
    counts = []
    for article in (plain, with_tag):
        client.get(article.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            client.get(article.get_absolute_url())
        counts.append(len(queries))
        assert not any('"body"' in q["sql"] for q in queries.captured_queries)
    assert counts[1] == counts[0]
    assert Article.objects.count() == 2


def test_the_structured_data_declares_the_players_the_page_shows(client, make_article):
    """One valid `{% youtubePlayer id=… %}`, one `videoId=` (not an attribute of the tag) and an
    `aushaPlayer episodeId=` (it takes `podcastId`): the page shows one player, so the JSON-LD
    declares one video and no episode. It comes from what the renderer drew, not from the
    Markdown read again with other rules."""
    body = (
        f'{{% youtubePlayer id="{VIDEO}" /%}}\n\n'
        '{% youtubePlayer videoId="Zz9_yX-8wVu" /%}\n\n'
        f'{{% aushaPlayer episodeId="{EPISODE}" /%}}\n'
    )
    article = make_article("Lecteurs", body=body)
    html = page(client, article)
    data = structured_data(html)
    assert html.count('data-embed="youtube"') == len(data["VideoObject"]) == 1
    assert html.count('data-embed="podcast"') == len(data.get("PodcastEpisode", [])) == 0


@pytest.mark.parametrize(
    "fields, body",
    [
        ({"youtube_id": VIDEO}, '{% youtubePlayer id="Zz9_yX-8wVu" title="Deux" /%}'),
        ({"youtube_id": VIDEO}, f'{{% youtubePlayer id="{VIDEO}" /%}}'),
        ({}, f'> {{% callout %}}\n> {{% youtubePlayer id="{VIDEO}" /%}}\n> {{% /callout %}}'),
        ({}, f'| a |\n|---|\n| {{% youtubePlayer id="{VIDEO}" /%}} |'),
        ({}, f'    {{% youtubePlayer id="{VIDEO}" /%}}'),
        ({}, f'<div>\n{{% youtubePlayer id="{VIDEO}" /%}}\n</div>'),
        ({"podcast_id": EPISODE}, f'{{% aushaPlayer podcastId="{EPISODE}" /%}}'),
        ({}, f'{{% aushaPlayer podcastId="{EPISODE}" /%}}\n\n{{% aushaPlayer id="{EPISODE}" /%}}'),
    ],
)
def test_each_video_and_episode_object_is_a_player_on_the_page(client, make_article, fields, body):
    """Front matter and body, in a callout, a table, indented code, raw HTML: as many
    VideoObject and PodcastEpisode as the page shows players."""
    article = make_article("Compte", body=body, **fields)
    html = page(client, article)
    data = structured_data(html)
    assert html.count('data-embed="youtube"') == len(data.get("VideoObject", []))
    assert html.count('data-embed="podcast"') == len(data.get("PodcastEpisode", []))


def test_the_structured_data_is_read_from_the_rendering_not_the_markdown(client, make_article):
    """A request never reads the Markdown: a body changed behind the renderer's back (no
    save) changes neither the players nor their description."""
    article = make_article("Stable", body=f'{{% youtubePlayer id="{VIDEO}" /%}}')
    Article.objects.filter(pk=article.pk).update(body='{% youtubePlayer id="Zz9_yX-8wVu" /%}')
    (video,) = structured_data(page(client, article))["VideoObject"]
    assert video["embedUrl"].endswith(VIDEO)
