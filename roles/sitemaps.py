"""The role pages in the sitemap (declared as the role kind's `sitemap`)."""

from articles.models import Article
from articles.sitemaps import Sitemap
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
