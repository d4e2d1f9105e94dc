"""Shareable preview links: signed, expiring, for one article, revocable."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from articles.models import Article
from revops_site.site_url import site_url

SALT = "articles.preview-link"


def make_token(article):
    return signing.dumps({"a": article.pk, "v": article.preview_version}, salt=SALT)


def share_url(article):
    return site_url() + reverse("articles:shared_preview", kwargs={"token": make_token(article)})


def read_token(token):
    """The article's pk, or None when the link is forged, expired or revoked."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_LINK_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    current = Article.objects.filter(pk=data.get("a")).values_list("preview_version", flat=True)
    if not current or current[0] != data.get("v"):
        return None  # revoked since the link was made
    return data["a"]
