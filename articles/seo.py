"""What a page tells search engines and social networks: meta tags, Open Graph, JSON-LD.

Everything here is built from what the page shows, so the structured data matches the page.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from articles import embeds, registry
from articles.markdown import plain_text
from articles.templatetags.blog import cdn_url
from articles.typography import elide
from revops_site.site_url import absolute

OG_WIDTH, OG_HEIGHT = 1200, 630


def meta_description(*candidates):
    for candidate in candidates:
        if candidate:
            return Truncator(" ".join(str(candidate).split())).chars(160)
    site = elide("de", settings.SITE_NAME)
    return f"Le blog {site} : organisation, données et outils des équipes RevOps."


def image_of(article):
    """The article's image for sharing: absolute URL, with its size when we know it."""
    hero = article.hero
    if not hero or hero["missing"]:
        return None
    if article.hero_image_id:
        return {
            "url": absolute(hero["url"]),
            "width": hero["width"],
            "height": hero["height"],
            "alt": hero["alt"],
        }
    cropped = cdn_url(hero["url"], OG_WIDTH)
    if cropped:  # ask the CDN for the exact share size
        cropped = f"{cropped}&h={OG_HEIGHT}&fit=crop"
        return {"url": cropped, "width": OG_WIDTH, "height": OG_HEIGHT, "alt": hero["alt"]}
    return {"url": hero["url"], "width": None, "height": None, "alt": hero["alt"]}


def breadcrumbs(*items):
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": absolute(url)}
            for n, (name, url) in enumerate(items, start=1)
        ],
    }


def person(author):
    if author is None:
        return None
    return {
        "@type": "Person",
        "name": author.name,
        "url": absolute(reverse("articles:author", kwargs={"slug": author.slug})),
    }


def article_players(article):
    """The players the article's page shows, front matter first, then the body's, each video
    and episode once: ([Embed of a video], [Embed of an episode]). The body's are those the
    renderer drew (`rendered_meta`): a tag it refused (`videoId=` for `id=`) or left as code
    shows no player, so the structured data declares none."""
    videos, episodes = {}, {}
    if article.youtube_id:
        videos[article.youtube_id] = embeds.youtube(article.youtube_id, article.title)
    if article.podcast_id:
        episodes[article.podcast_id] = embeds.podcast(
            article.podcast_id, article.podcast_show_id, article.title
        )
    for player in article.body_players():
        title = player["title"] or article.title
        if player["kind"] == embeds.YOUTUBE and player["id"] not in videos:
            videos[player["id"]] = embeds.youtube(player["id"], title)
        elif player["kind"] == embeds.PODCAST and player["id"] not in episodes:
            episodes[player["id"]] = embeds.podcast(player["id"], player["show_id"], title)
    return list(videos.values()), list(episodes.values())


def video_object(video, description, published):
    """A VideoObject: the thumbnail is YouTube's, which crawlers fetch and readers never do."""
    data = {
        "@type": "VideoObject",
        "name": video.title,
        "description": description,
        "thumbnailUrl": f"https://i.ytimg.com/vi/{video.id}/hqdefault.jpg",
        "embedUrl": f"{embeds.FRAME_HOSTS[embeds.YOUTUBE]}/embed/{video.id}",
        "url": video.link,
        "inLanguage": "fr",
    }
    if published:
        data["uploadDate"] = published
    return data


def podcast_episode(episode, url, description, published):
    data = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": episode.title,
        "description": description,
        "url": url,
        "inLanguage": "fr",
        "associatedMedia": {"@type": "MediaObject", "embedUrl": episode.src},
    }
    if published:
        data["datePublished"] = published
    if episode.show_id:
        data["partOfSeries"] = {"@type": "PodcastSeries", "identifier": episode.show_id}
    return data


def shared_fields(article):
    """What a search result or a shared link shows of an article: the `<title>`, the social
    title, the meta description, the address and the image, exactly as its page emits them
    (the admin's search and social previews read them here too)."""
    return {
        "title": f"{article.title} — {settings.SITE_NAME}",
        "og_title": article.title,
        "description": meta_description(article.description_text, plain_text(article.excerpt_html)),
        "canonical": absolute(article.get_absolute_url()),
        "image": image_of(article),
    }


def for_article(article, tags, parts):
    """The page's metadata; `parts` ({context name: rows}, the roles) as the page shows them
    (an unsaved article's, in a preview, are the form's)."""
    shared = shared_fields(article)
    url, image = shared["canonical"], shared["image"]
    posting = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title,
        "description": shared["description"],
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "fr",
        "wordCount": article.word_count
        + sum(
            row.word_count
            for kind, rows in page_parts(article, parts)
            if kind.rendered
            for row in rows
        ),
        "keywords": [tag.display for tag in tags],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
    }
    if article.published_at:
        posting["datePublished"] = article.published_at.isoformat()
    posting["dateModified"] = (article.updated_at or timezone.now()).isoformat()
    if article.author:
        posting["author"] = person(article.author)
    if image:
        posting["image"] = {
            "@type": "ImageObject",
            "url": image["url"],
            **({"width": image["width"], "height": image["height"]} if image["width"] else {}),
        }
    for kind, rows in page_parts(article, parts):
        if kind.json_ld:  # what a part adds to its whole (`isPartOf` its series)
            for row in rows:
                posting.update(kind.json_ld(row))
    published = posting.get("datePublished")
    videos, episodes = article_players(article)
    if videos:
        posting["video"] = [video_object(v, posting["description"], published) for v in videos]
    return {
        **shared,
        "og_type": "article",
        "published_time": posting.get("datePublished"),
        "modified_time": posting["dateModified"],
        "tags": posting["keywords"],
        "author": article.author.name if article.author else "",
        "json_ld": [
            posting,
            *(podcast_episode(e, url, posting["description"], published) for e in episodes),
            breadcrumbs(
                ("Blog", reverse("articles:list")), (article.title, article.get_absolute_url())
            ),
        ],
    }


def page_parts(article, parts):
    """(kind, rows) of each part the page shows, from `parts` ({context name: rows})."""
    kinds = registry.kind_of(article).parts()
    return [(kind, parts.get(kind.context_name) or []) for kind in kinds if kind.context_name]


def for_listing(title, description, path, query=""):
    return {
        "title": title,
        "description": meta_description(description),
        "canonical": absolute(path) + query,
        "og_type": "website",
        "image": None,
        "json_ld": [],
    }
