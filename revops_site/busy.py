"""« Réessayez » instead of a 500 when the database stays locked.

SQLite lets one writer in at a time; a request that waits longer than the busy timeout for the
write lock (an import committing, another save) gets `OperationalError: database is locked`.
That is no server error but a busy moment: the reader or editor gets a French 503 page with
`Retry-After`, and nothing is kept in any cache. Caught from the view (in every mode) and,
with DEBUG off, from the middleware too (the 500 handler)."""

import sys

from django.db import OperationalError
from django.template.response import TemplateResponse
from django.views.defaults import server_error as default_server_error

RETRY_AFTER = 5  # seconds: one batch of an import, then some


def is_database_busy(exception):
    return isinstance(exception, OperationalError) and "database is locked" in str(exception)


def busy_page(request):
    response = TemplateResponse(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response.render()


class DatabaseBusyMiddleware:
    """A view that found the database locked answers the « réessayez » page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return busy_page(request) if is_database_busy(exception) else None


def server_error(request, template_name="500.html"):
    """The 500 handler: a locked database found outside the view (a session being saved) is
    the « réessayez » page too."""
    if is_database_busy(sys.exc_info()[1]):
        return busy_page(request)
    return default_server_error(request, template_name)
