"""URL configuration: the blog under /blog/, the admin, and the editor's endpoints."""

import os

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles import views as article_views

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/")

admin.site.site_header = "Administration du blog"
admin.site.site_title = "Blog RevOps"
admin.site.index_title = "Contenu du blog"

urlpatterns = [
    path("", article_views.home, name="home"),
    path(ADMIN_URL, admin.site.urls),
    path(
        settings.MARKDOWNX_URLS_PATH.lstrip("/"),
        article_views.markdown_preview,
        name="markdownx_markdownify",
    ),
    path(
        settings.MARKDOWNX_UPLOAD_URLS_PATH.lstrip("/"),
        article_views.image_upload,
        name="markdownx_upload",
    ),
    path("blog/", include("articles.urls")),
    path("blog/", include("roles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
