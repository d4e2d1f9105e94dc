"""Sitemap of the role pages of published articles."""

from django.contrib.sitemaps import Sitemap

from articles.models import Article
from roles.models import Role


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
