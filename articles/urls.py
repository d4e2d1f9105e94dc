from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("tag/<slug:tag_slug>/", views.article_list, name="tag"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
