"""A series' feeds, RSS 2.0 and Atom: its published parts in their order (a podcast's
episodes from the first)."""

import copy

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from revops_site.site_url import absolute
from series.models import Series, numbered, published_entries


class SeriesFeed(Feed):
    # Served from the page cache to anonymous readers (articles.cache); reads no query parameter.
    page_cacheable = True

    def __call__(self, request, *args, **kwargs):
        feed = copy.copy(self)  # the URLconf's instance is shared between threads
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def get_object(self, request, slug):
        return get_object_or_404(Series, slug=slug)

    def title(self, series):
        return series.title

    def link(self, series):
        return absolute(series.get_absolute_url())

    def feed_url(self, series):
        return absolute(self.request.path)

    def description(self, series):
        return series.description or f"{series.get_kind_display()} « {series.title} »."

    subtitle = description  # Atom

    def items(self, series):
        entries = published_entries().filter(series=series)
        for entry in numbered(list(entries)):
            entry.series = series
            yield entry

    def item_title(self, entry):
        return f"{entry.series.part_word} {entry.number} : {entry.article.title}"

    def item_link(self, entry):
        return absolute(entry.article.get_absolute_url())

    def item_description(self, entry):
        return entry.article.excerpt or ""

    def item_pubdate(self, entry):
        return entry.article.published_at


class SeriesAtomFeed(SeriesFeed):
    feed_type = Atom1Feed
