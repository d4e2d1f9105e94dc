"""Project-wide HTTP plumbing: the Content-Security-Policy per area of the site."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere; the admin also allows inline style attributes, which
    Django's admin templates and widgets still use (never inline scripts)."""

    def process_response(self, request, response):
        if request.path.startswith((f"/{settings.ADMIN_URL}", "/admin-markdown/")):
            update = dict(getattr(response, "_csp_update", None) or {})
            update["style-src"] = ["'unsafe-inline'"]
            response._csp_update = update
        return super().process_response(request, response)
