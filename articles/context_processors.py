"""Values every page template needs."""

from functools import lru_cache

from django.conf import settings
from django.urls import reverse

from articles import registry
from revops_site.site_url import site_url


@lru_cache(maxsize=1)
def _urls():
    """The blog's fixed addresses, reversed once per process rather than once per link."""
    return {
        "BLOG_URL": reverse("articles:list"),
        "SEARCH_URL": reverse("articles:search"),
        "FEED_RSS_URL": reverse("articles:feed_rss"),
        "FEED_ATOM_URL": reverse("articles:feed_atom"),
        # The content types' own index pages, in the site's navigation (« Les rôles »); the
        # link stands for its whole section (`namespace`): current on its pages too.
        "NAV_PAGES": [
            {"label": label, "url": reverse(name), "name": name, "namespace": name.split(":")[0]}
            for kind in registry.kinds()
            for label, name in kind.index_pages
        ],
    }


def site(request):
    cta = {"url": settings.CTA_URL, "text": settings.CTA_TEXT} if settings.CTA_URL else None
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": site_url(), "CTA": cta, **_urls()}
