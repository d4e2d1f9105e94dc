"""URL converter for article slugs: never the first segment of one of the blog's own pages."""

from django.urls import register_converter
from django.urls.converters import get_converters

# The first segments of the blog's own pages (`articles.urls` reserves them once every declared
# content type's pages are known). The converter reads them at each match rather than baking
# them into its regex: a content type's URLconf uses the converter before they are all known.
_reserved = set()


class SlugConverter:
    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ArticleSlugConverter(SlugConverter):
    """A slug that is not a reserved word: a reserved one matches no pattern, and reversing an
    article's address with it fails (`Article.clean()` refuses it that way)."""

    def to_python(self, value):
        if value in _reserved:
            raise ValueError(f"« {value} » is one of the blog's own pages")
        return value

    to_url = to_python


def reserve(segments):
    """Keep these first segments for the blog's own pages."""
    _reserved.update(segments)


def first_segments(patterns):
    """The literal first path segment of each pattern (`tag/<slug:…>/` → `tag`)."""
    segments = set()
    for pattern in patterns:
        route = str(pattern.pattern)
        first = route.split("/", 1)[0]
        if first and "<" not in first:
            segments.add(first)
    return segments


if "article" not in get_converters():  # registered once, before any URLconf uses it
    register_converter(ArticleSlugConverter, "article")
