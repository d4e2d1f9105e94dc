"""The content models of `articles`: images, authors and tags, articles.

Modules follow the dependency order: `media` and `taxonomy` know nothing of articles;
`content` is the base of every rendered, searchable content type (articles here; other apps
build theirs on it and declare them in `articles.registry`); `article` builds on it;
`redirect` keeps the addresses they leave.
"""

from articles.models.article import (
    LISTING_DEFERRED,
    PAGE_DEFERRED,
    Article,
    ArticleQuerySet,
    reading_minutes,
)
from articles.models.content import InlineRendered, RenderedContent
from articles.models.media import ImageAsset, ImageAssetQuerySet, image_upload_to
from articles.models.redirect import Redirect
from articles.models.taxonomy import Author, Tag, TaggedArticle

__all__ = [
    "LISTING_DEFERRED", "PAGE_DEFERRED", "Article", "ArticleQuerySet", "Author", "ImageAsset",
    "ImageAssetQuerySet", "InlineRendered", "Redirect", "RenderedContent", "Tag", "TaggedArticle",
    "image_upload_to", "reading_minutes",
]  # fmt: skip
