"""The series' addresses, under /series/ (`Kind.url_prefix`): the index, each series and
its feeds."""

from django.urls import path

from series import feeds, views

app_name = "series"

urlpatterns = [
    path("", views.series_index, name="index"),
    path("<slug:slug>/", views.series_detail, name="detail"),
    path("<slug:slug>/flux/rss/", feeds.SeriesFeed(), name="feed_rss"),
    path("<slug:slug>/flux/atom/", feeds.SeriesAtomFeed(), name="feed_atom"),
]
