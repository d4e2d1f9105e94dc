"""The role pages' addresses, under /blog/ beside the articles' (the project includes the
URLconf of every content type declaring one, `Kind.urls`): a role's page, the index of roles,
and a role page under an article's share link."""

from django.urls import path

from articles import converters  # noqa: F401 (registers the `article` converter)
from roles import views

app_name = "roles"

urlpatterns = [
    path("roles/", views.role_index, name="index"),
    path("apercu/<str:token>/<slug:slug>/", views.shared_role_preview, name="shared_preview"),
    path("<article:article_slug>/<slug:slug>/", views.role_detail, name="detail"),
]
