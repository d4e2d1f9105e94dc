"""The project's URLs plus media files, for the live server of the browser tests."""

from django.urls import re_path

from revops_site.media import media
from revops_site.urls import urlpatterns as project_urlpatterns

# The view `make serve` uses (images only, typed as images); it reads MEDIA_ROOT at each
# request: every test has its own (tests/conftest.py), and this module is imported once.
urlpatterns = [
    *project_urlpatterns,
    re_path(r"^media/(?P<path>.*)$", media),
]
