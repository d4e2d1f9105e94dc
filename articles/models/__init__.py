"""The content models of the core: images, authors and tags, the article, and the redirects
it leaves.

Modules follow the dependency order: `media` and `taxonomy` come first and reach the content
that uses them only through the registry (`articles.registry`: image usage reads every declared
kind) or through the tag through-models (`TaggedArticle`; a part's app brings its own, such as
`roles.TaggedRole`); `content` is the base of every rendered, searchable content type
(`RenderedContent`, and `InlineRendered` for short items); `queries` holds the article's
querysets; `article` builds on them; `redirect` keeps the addresses it leaves. Other content
types live in their own apps and are declared in `articles.registry`.
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
