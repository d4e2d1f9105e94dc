"""What a case study's page tells search engines and social networks (beside `articles.seo`,
whose helpers it uses): an Article about the client, the quoted person as a Person, built
from what the page shows."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from articles import embeds
from articles.markdown import plain_text
from articles.seo import breadcrumbs, meta_description, video_object
from revops_site.site_url import absolute


def heading(case_study):
    """The page's title: the client, then what the mission changed."""
    return f"{case_study.name} : {case_study.title}" if case_study.title else case_study.name


def image_of(case_study):
    image = case_study.hero_image
    if not case_study.hero_image_id or not image.file:
        return None
    return {
        "url": absolute(image.file.url),
        "width": image.width,
        "height": image.height,
        "alt": image.alt,
    }


def for_case_study(case_study, tags, quotes):
    url = absolute(case_study.get_absolute_url())
    description = meta_description(
        case_study.description,
        case_study.subtitle,
        plain_text(case_study.body_html),
        f"Étude de cas : la mission {settings.SITE_NAME} chez {case_study.name}.",
    )
    client = {"@type": "Organization", "name": case_study.name}
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": heading(case_study),
        "description": description,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "fr",
        "about": client,
        "keywords": [tag.display for tag in tags],
        "author": {"@type": "Organization", "name": settings.SITE_NAME},
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "dateModified": (case_study.updated_at or timezone.now()).isoformat(),
    }
    if case_study.published_at:
        data["datePublished"] = case_study.published_at.isoformat()
    if case_study.speaker:
        speaker = {"@type": "Person", "name": case_study.speaker, "worksFor": client}
        if case_study.speaker_role:
            speaker["jobTitle"] = case_study.speaker_role
        data["mentions"] = [speaker]
        if quotes:
            data["citation"] = [
                {"@type": "Quotation", "text": plain_text(q.html), "creator": speaker}
                for q in quotes
            ]
    image = image_of(case_study)
    if image:
        data["image"] = {"@type": "ImageObject", "url": image["url"]}
    if case_study.youtube_id:
        video = embeds.youtube(case_study.youtube_id, heading(case_study))
        data["video"] = [video_object(video, description, data.get("datePublished"))]
    return {
        "title": f"{heading(case_study)} — {settings.SITE_NAME}",
        "og_title": heading(case_study),
        "description": description,
        "canonical": url,
        "og_type": "article",
        "image": image,
        "published_time": data.get("datePublished"),
        "modified_time": data["dateModified"],
        "tags": data["keywords"],
        "author": "",
        "json_ld": [
            data,
            breadcrumbs(
                ("Études de cas", reverse("clients:index")),
                (case_study.name, case_study.get_absolute_url()),
            ),
        ],
    }
