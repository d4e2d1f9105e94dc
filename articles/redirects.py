"""Links that keep working: a recorded redirect answers where a page used to be.

Moves are recorded by the save path (`articles.lifecycle`, `Redirect.record_move`).
"""

from django.http import HttpResponsePermanentRedirect

from articles.models import Redirect


class RedirectFallbackMiddleware:
    """On a 404, follow a recorded redirect (301) if there is one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        target = (
            Redirect.objects.filter(old_path=request.path)
            .values_list("new_path", flat=True)
            .first()
        )
        if target:
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
        return response
