"""Sitemaps of the published blog: the index pages, then each content type's pages (its
declared `Kind.sitemap`: articles, role pages), then tag pages, with lastmod."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max
from django.urls import reverse

from articles import registry
from articles.models import Article, Tag
from revops_site.site_url import site_url


class Sitemap(DjangoSitemap):
    """Addresses on `site_url()` (SITE_URL in production, the address asked in development),
    not on whatever host the request named."""

    def get_domain(self, site=None):
        return urlsplit(site_url()).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(site_url()).scheme


class BlogSitemap(Sitemap):
    """The blog's list and the index pages the content types declare (`Kind.index_pages`)."""

    changefreq = "daily"
    priority = 1.0

    def items(self):
        return [
            "articles:list",
            *(name for kind in registry.kinds() for _, name in kind.index_pages),
        ]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, article):
        return article.updated_at


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        published = Article.objects.published()
        return (
            Tag.objects.filter(tagged_articles__content_object__in=published.values("pk"))
            .annotate(lastmod=Max("tagged_articles__content_object__updated_at"))
            .order_by("slug")
        )

    def lastmod(self, tag):
        return tag.lastmod


def sitemaps():
    """The sections of /sitemap.xml, in order: index pages, each declared type's pages, tags."""
    return {
        "blog": BlogSitemap,
        **{kind.label: kind.sitemap for kind in registry.kinds() if kind.sitemap},
        "tags": TagSitemap,
    }
