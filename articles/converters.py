"""URL converter for article slugs: never the first segment of one of the blog's own pages."""

import re


class SlugConverter:
    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


def article_slug_converter(reserved):
    """A converter class (what `register_converter` takes) refusing the `reserved` words."""
    alternatives = "|".join(sorted(re.escape(word) for word in reserved))
    regex = f"(?!(?:{alternatives})/){SlugConverter.regex}" if alternatives else SlugConverter.regex
    return type("ArticleSlugConverter", (SlugConverter,), {"regex": regex})


def first_segments(patterns):
    """The literal first path segment of each pattern (`tag/<slug:…>/` → `tag`)."""
    segments = set()
    for pattern in patterns:
        route = str(pattern.pattern)
        first = route.split("/", 1)[0]
        if first and "<" not in first:
            segments.add(first)
    return segments
