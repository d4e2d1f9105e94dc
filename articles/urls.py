"""The blog's addresses. The first segment of each of the blog's own pages is reserved: no
article can take it as its slug (the `article` converter refuses it, and so does
`Article.clean()`, through `reverse()`). The blog's pages include those of every content type
declaring a URLconf of its own (`Kind.urls`, included under /blog/ beside this one)."""

from importlib import import_module

from django.urls import path

from articles import converters, feeds, registry, search_views, views

app_name = "articles"

BLOG_PAGES = [
    path("", views.article_list, name="list"),
    path("recherche/", search_views.search_view, name="search"),
    path("flux/rss/", feeds.LatestArticlesFeed(), name="feed_rss"),
    path("flux/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("tag/<slug:tag_slug>/", views.article_list, name="tag"),
    path("tag/<slug:slug>/rss/", feeds.TagFeed(), name="tag_feed_rss"),
    path("tag/<slug:slug>/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("auteur/<slug:slug>/", views.author_detail, name="author"),
    path("apercu/<str:token>/", views.shared_preview, name="shared_preview"),
]


def kind_pages():
    """The URL patterns of the content types' own URLconfs under /blog/ (the role pages…;
    not those with an address of their own, `Kind.url_prefix`)."""
    return [
        pattern
        for kind in registry.kinds()
        if kind.urls and not kind.url_prefix
        for pattern in import_module(kind.urls).urlpatterns
    ]


RESERVED_SLUGS = converters.first_segments([*BLOG_PAGES, *kind_pages()])
converters.reserve(RESERVED_SLUGS)

urlpatterns = [
    *BLOG_PAGES,
    path("<article:slug>/", views.article_detail, name="detail"),
]
