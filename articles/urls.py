from django.urls import path

from articles import (
    converters,  # noqa: F401 (registers the <article:…> converter)
    feeds,
    views,
)

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("recherche/", views.search_view, name="search"),
    path("flux/rss/", feeds.LatestArticlesFeed(), name="feed_rss"),
    path("flux/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("tag/<slug:tag_slug>/", views.article_list, name="tag"),
    path("tag/<slug:slug>/rss/", feeds.TagFeed(), name="tag_feed_rss"),
    path("tag/<slug:slug>/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("auteur/<slug:slug>/", views.author_detail, name="author"),
    path("apercu/<str:token>/", views.shared_preview, name="shared_preview"),
    path("<article:slug>/", views.article_detail, name="detail"),
]
