"""The case studies' RSS feed: the latest published ones."""

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse

from clients.models import CaseStudy
from clients.seo import heading
from revops_site.site_url import absolute

FEED_LENGTH = 30


class LatestCaseStudiesFeed(Feed):
    # Served from the page cache to anonymous readers (articles.cache); reads no query parameter.
    page_cacheable = True

    def __call__(self, request, *args, **kwargs):
        # Its own address is read from the request: each request works on its own copy.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def title(self):
        return f"{settings.SITE_NAME} : études de cas"

    def link(self):
        return absolute(reverse("clients:index"))

    def feed_url(self):
        return absolute(self.request.path)

    def description(self):
        return "Les dernières études de cas : nos missions racontées par nos clients."

    def items(self):
        return (
            CaseStudy.objects.published()
            .prefetch_related("scopes")
            .defer("body", "search_title", "search_text")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return heading(item)

    def item_description(self, item):
        return item.subtitle or item.description

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_categories(self, item):
        return [scope.name for scope in item.scopes.all()]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
