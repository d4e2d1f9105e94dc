"""The project's URLs plus media files, for the live server of the browser tests."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from revops_site.urls import urlpatterns as project_urlpatterns


def serve_media(request, path):
    # MEDIA_ROOT read at each request: every test has its own (tests/conftest.py), and this
    # module is imported once per session.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    *project_urlpatterns,
    re_path(r"^media/(?P<path>.*)$", serve_media),
]
