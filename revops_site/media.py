"""Uploaded media served by Django (development and `make serve`; production serves them from
its web server or object storage).

Only what the image pipeline writes is served: image files (`articles.images` re-encodes every
upload and names it by its real format), each with its image type, never one guessed from the
file, and `nosniff`. Anything else under MEDIA_ROOT (an HTML page or a script that a hostile
archive or a mistake left there) is a 404: served from the site's own origin, where the
Content-Security-Policy allows `script-src 'self'`, it could run as the site.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

from articles.images import MIME_TYPES

# The extensions the pipeline writes (`jpeg` for files stored before it named them `jpg`).
MEDIA_TYPES = {**MIME_TYPES, "jpeg": "image/jpeg"}


@require_safe
def media(request, path):
    extension = PurePosixPath(path).suffix.lstrip(".").lower()
    if extension not in MEDIA_TYPES:
        raise Http404("Seules les images sont servies ici.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        response["Content-Type"] = MEDIA_TYPES[extension]
    response["X-Content-Type-Options"] = "nosniff"
    return response
