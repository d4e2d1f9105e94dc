"""Values every page template needs."""

from functools import lru_cache

from django.conf import settings
from django.urls import reverse

from revops_site.site_url import site_url


@lru_cache(maxsize=1)
def _urls():
    """The blog's fixed addresses, reversed once per process rather than once per link."""
    return {
        "BLOG_URL": reverse("articles:list"),
        "ROLES_URL": reverse("articles:roles"),
        "SEARCH_URL": reverse("articles:search"),
        "FEED_RSS_URL": reverse("articles:feed_rss"),
        "FEED_ATOM_URL": reverse("articles:feed_atom"),
    }


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": site_url(), **_urls()}
