"""Shareable preview links: signed, expiring, for one page, revocable. `PreviewLinks` holds
the rule for any publishable model (its `preview_version` revokes them); the article's links
are `LINKS`, read by `articles:shared_preview`."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from articles.models import Article
from revops_site.site_url import site_url


class PreviewLinks:
    """The signed tokens of one model's share links: `salt` keeps each model's apart, `key`
    names the row's pk in the token (kept short: it travels in the address)."""

    def __init__(self, model, salt, key):
        self.model, self.salt, self.key = model, salt, key

    def make_token(self, page):
        return signing.dumps({self.key: page.pk, "v": page.preview_version}, salt=self.salt)

    def read_token(self, token):
        """The page's pk, or None when the link is forged, expired or revoked."""
        try:
            data = signing.loads(token, salt=self.salt, max_age=settings.PREVIEW_LINK_MAX_AGE)
        except signing.BadSignature:  # includes SignatureExpired
            return None
        current = self.model.objects.filter(pk=data.get(self.key)).values_list(
            "preview_version", flat=True
        )
        if not current or current[0] != data.get("v"):
            return None  # revoked since the link was made
        return data[self.key]


LINKS = PreviewLinks(Article, "articles.preview-link", "a")
make_token, read_token = LINKS.make_token, LINKS.read_token


def share_url(article):
    return site_url() + reverse("articles:shared_preview", kwargs={"token": make_token(article)})
