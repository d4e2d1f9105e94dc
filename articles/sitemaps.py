"""Sitemaps of the published blog: the index pages, articles, role pages and tag pages, with
lastmod."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Article, Tag
from revops_site.site_url import site_url
from roles.models import Role


class Sitemap(DjangoSitemap):
    """Addresses on `site_url()` (SITE_URL in production, the address asked in development),
    not on whatever host the request named."""

    def get_domain(self, site=None):
        return urlsplit(site_url()).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(site_url()).scheme


class BlogSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["articles:list", "articles:roles"]

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


class RoleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return (
            Role.objects.filter(article__in=Article.objects.published().values("pk"))
            .select_related("article")
            .order_by("article__slug", "order")
        )

    def lastmod(self, role):
        return max(role.updated_at, role.article.updated_at)
