"""What a page tells search engines and social networks: meta tags, Open Graph, JSON-LD.

Everything here is built from what the page shows, so the structured data matches the page.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.text import Truncator

from articles.markdown import plain_text
from articles.templatetags.blog import cdn_url

OG_WIDTH, OG_HEIGHT = 1200, 630


def absolute(url):
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


def meta_description(*candidates):
    for candidate in candidates:
        if candidate:
            return Truncator(" ".join(str(candidate).split())).chars(160)
    return f"Le blog de {settings.SITE_NAME} : organisation, données et outils des équipes RevOps."


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


def for_article(article, tags):
    url = absolute(article.get_absolute_url())
    image = image_of(article)
    posting = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title,
        "description": meta_description(article.description, article.excerpt),
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "fr",
        "wordCount": article.word_count + sum(r.word_count for r in article.roles.all()),
        "keywords": [tag.display for tag in tags],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
    }
    if article.published_at:
        posting["datePublished"] = article.published_at.isoformat()
    posting["dateModified"] = article.updated_at.isoformat()
    if article.author:
        posting["author"] = person(article.author)
    if image:
        posting["image"] = {
            "@type": "ImageObject",
            "url": image["url"],
            **({"width": image["width"], "height": image["height"]} if image["width"] else {}),
        }
    return {
        "title": f"{article.title} — {settings.SITE_NAME}",
        "og_title": article.title,
        "description": posting["description"],
        "canonical": url,
        "og_type": "article",
        "image": image,
        "published_time": posting.get("datePublished"),
        "modified_time": posting["dateModified"],
        "tags": posting["keywords"],
        "author": article.author.name if article.author else "",
        "json_ld": [
            posting,
            breadcrumbs(
                ("Blog", reverse("articles:list")), (article.title, article.get_absolute_url())
            ),
        ],
    }


def for_role(role, article, missions, alternative_titles):
    url = absolute(role.get_absolute_url())
    intro = plain_text(role.intro_html)
    description = meta_description(
        f"{role.title}, {role.nickname} : {intro}" if role.nickname else intro,
        f"{role.title} : missions, parcours type et autres intitulés du poste.",
    )
    occupation = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": role.title,
        "description": intro or description,
        "url": url,
        "inLanguage": "fr",
    }
    if alternative_titles:
        occupation["alternateName"] = [a.title for a in alternative_titles]
    if missions:
        occupation["skills"] = [plain_text(m.html) for m in missions]
    image = None
    if role.image_id and role.image.file:
        image = {
            "url": absolute(role.image.file.url),
            "width": role.image.width,
            "height": role.image.height,
            "alt": role.image.alt,
        }
    return {
        "title": f"{role.title} — {article.title} — {settings.SITE_NAME}",
        "og_title": f"{role.title} : {role.nickname}" if role.nickname else role.title,
        "description": description,
        "canonical": url,
        "og_type": "article",
        "image": image or image_of(article),
        "published_time": article.published_at.isoformat() if article.published_at else None,
        "modified_time": role.updated_at.isoformat(),
        "tags": [],
        "author": article.author.name if article.author else "",
        "json_ld": [
            occupation,
            breadcrumbs(
                ("Blog", reverse("articles:list")),
                (article.title, article.get_absolute_url()),
                (role.title, role.get_absolute_url()),
            ),
        ],
    }


def for_listing(title, description, path, query=""):
    return {
        "title": title,
        "description": meta_description(description),
        "canonical": absolute(path) + query,
        "og_type": "website",
        "image": None,
        "json_ld": [],
    }
