"""The blog's addresses. The first segment of each of the blog's own pages is reserved: no
article can take it as its slug (the `article` converter refuses it, and so does
`Article.clean()`, through `reverse()`)."""

from django.urls import path, register_converter
from django.urls.converters import get_converters

from articles import feeds, role_views, search_views, views
from articles.converters import article_slug_converter, first_segments

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
    path("roles/", role_views.role_index, name="roles"),
    path("apercu/<str:token>/", views.shared_preview, name="shared_preview"),
    path(
        "apercu/<str:token>/<slug:slug>/",
        role_views.shared_role_preview,
        name="role_shared_preview",
    ),
]
RESERVED_SLUGS = first_segments(BLOG_PAGES)
if "article" not in get_converters():  # this module may be loaded again (tests reload URLs)
    register_converter(article_slug_converter(RESERVED_SLUGS), "article")

urlpatterns = [
    *BLOG_PAGES,
    path("<article:slug>/", views.article_detail, name="detail"),
    path("<article:article_slug>/<slug:slug>/", role_views.role_detail, name="role"),
]
