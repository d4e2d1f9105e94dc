"""The series' pages in the sitemap (declared as the series kind's `sitemap`)."""

from django.db.models import Max

from articles.sitemaps import Sitemap
from series.views import shown_series


class SeriesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return shown_series().annotate(latest=Max("entries__article__updated_at")).order_by("slug")

    def lastmod(self, series):
        return max(filter(None, (series.updated_at, series.latest)))
