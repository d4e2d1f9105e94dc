"""URL converter for article slugs: never one of the blog's own pages (/blog/tag/…)."""

from django.urls import register_converter

from articles.models import RESERVED_SLUGS


class ArticleSlugConverter:
    regex = "(?!(?:" + "|".join(sorted(RESERVED_SLUGS)) + ")/)[-a-zA-Z0-9_]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ArticleSlugConverter, "article")
