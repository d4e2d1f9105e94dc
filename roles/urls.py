from django.urls import path

from articles import converters  # noqa: F401 (registers the <article:…> converter)
from roles import views

app_name = "roles"

urlpatterns = [
    path("roles/", views.role_index, name="index"),
    path("apercu/<str:token>/<slug:slug>/", views.shared_role_preview, name="shared_preview"),
    path("<article:article_slug>/<slug:slug>/", views.role_detail, name="detail"),
]
