"""What a role page tells search engines and social networks (beside `articles.seo`, whose
helpers it uses): an Occupation, built from what the page shows."""

from django.conf import settings
from django.urls import reverse

from articles.markdown import plain_text
from articles.seo import breadcrumbs, image_of, meta_description
from revops_site.site_url import absolute


def for_role(role, article, missions, alternative_titles):
    url = absolute(role.get_absolute_url())
    intro = plain_text(role.prose_html)  # its prose, without the fields drawn in it
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
