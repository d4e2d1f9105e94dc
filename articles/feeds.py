"""RSS 2.0 and Atom feeds: every published article, and per tag."""

import copy
import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure

from articles.models import Article, Tag
from articles.templatetags.blog import cdn_src
from revops_site.site_url import absolute

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    # Served from the page cache to anonymous readers (articles.cache); reads no query parameter.
    page_cacheable = True

    description_template = "articles/feed_description.html"

    def __call__(self, request, *args, **kwargs):
        # The feed reads its request (its own address); the URLconf's instance is
        # shared between threads, so each request works on its own copy.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def title(self, obj=None):
        return settings.SITE_NAME + (f" : {obj.display}" if obj else "")

    # Absolute on `site_url()` (SITE_URL in production): Django would use the request's host.
    def link(self, obj=None):
        return absolute(obj.get_absolute_url() if obj else reverse("articles:list"))

    def feed_url(self, obj=None):
        return absolute(self.request.path)

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def description(self, obj=None):
        topic = f"sur « {obj.display} »" if obj else "de conseil en Revenue Operations"
        return f"Les derniers articles {topic}."

    subtitle = description  # Atom

    def items(self, obj=None):
        articles = Article.objects.published().for_listing()
        if obj is not None:
            articles = articles.filter(tags=obj)
        return articles[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_author_link(self, item):
        if item.author:
            return absolute(reverse("articles:author", kwargs={"slug": item.author.slug}))
        return None

    def item_categories(self, item):
        return [tag.display for tag in item.tags.all()]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_enclosures(self, item):
        hero = item.hero
        if not hero or hero["missing"]:
            return []
        if item.hero_image_id:
            url = absolute(hero["url"])
            try:
                length = item.hero_image.file.size
            except OSError:
                return []
            mime = mimetypes.guess_type(item.hero_image.file.name)[0] or "image/jpeg"
            return [Enclosure(url, str(length), mime)]
        # External image: its size is unknown; 0 is what RSS readers accept for « unknown ».
        return [Enclosure(cdn_src(hero["url"], 1200), "0", "image/jpeg")]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed
