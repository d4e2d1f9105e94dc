"""The case studies in the sitemap (declared as the case-study kind's `sitemap`)."""

from articles.sitemaps import Sitemap
from clients.models import CaseStudy


class CaseStudySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return CaseStudy.objects.published().only("slug", "updated_at").order_by("slug")

    def lastmod(self, case_study):
        return case_study.updated_at
