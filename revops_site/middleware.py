"""Project-wide HTTP plumbing: the Content-Security-Policy per area of the site, the 400 page
for requests Django refuses, the 404 for addresses no page can have."""

import logging
import re

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import Http404
from django.views.defaults import bad_request, page_not_found


class SiteCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere; the admin also allows inline style attributes, which
    Django's admin templates and widgets still use (never inline scripts)."""

    def process_response(self, request, response):
        if request.path.startswith((f"/{settings.ADMIN_URL}", "/admin-markdown/")):
            update = dict(getattr(response, "_csp_update", None) or {})
            update["style-src"] = ["'unsafe-inline'"]
            response._csp_update = update
        return super().process_response(request, response)


REFUSED = (TooManyFieldsSent, RequestDataTooBig)


class BadRequestMiddleware:
    """A request with too many parameters or too big a body is a French 400 page in every mode.

    Django turns these SuspiciousOperation errors into a 400, but with DEBUG on its debug page
    reads `request.GET` and `request.POST` again, raises the same error and ends in a 500.
    First in MIDDLEWARE: the query string is parsed here, once, before anything else reads it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.GET  # noqa: B018 (parsed here so that its error is ours to answer)
            return self.get_response(request)
        except REFUSED as exc:
            return refused(request, exc)

    def process_exception(self, request, exception):
        if isinstance(exception, REFUSED):
            return refused(request, exception)
        return None


def refused(request, exception):
    logging.getLogger(f"django.security.{exception.__class__.__name__}").error(
        str(exception), extra={"status_code": 400, "request": request}
    )
    return bad_request(request, exception)


# A control character (NUL to US, and DEL) is in no address of this site, nor in any value its
# database keeps (PostgreSQL refuses NUL outright); nor is an address longer than this.
UNREADABLE_PATH = re.compile(r"[\x00-\x1f\x7f]")
MAX_PATH_LENGTH = 2000


class UnreadablePathMiddleware:
    """An address holding a control character, or longer than any page's, is the 404 page at
    once: no view and no redirect lookup reads it (a NUL in `/blog/%00/` used to reach the
    redirect fallback's query and fail on PostgreSQL). Placed after the middleware that set
    the security headers, so the page has them. Invalid UTF-8 (`%ff`) needs nothing here:
    Django keeps it percent-encoded."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if len(path) > MAX_PATH_LENGTH or UNREADABLE_PATH.search(path):
            return page_not_found(request, Http404("Adresse illisible."))
        return self.get_response(request)
