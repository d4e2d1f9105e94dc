"""The address absolute links are written with: canonicals, Open Graph, JSON-LD, feeds, the
sitemap, robots.txt and shared preview links.

In production it is `SITE_URL`, always (the deploy check `revops_site.E001` requires it). In
development (DEBUG on) it follows the address the page was asked at, within `ALLOWED_HOSTS`:
`make run PORT=8301` gives links to port 8301, a laptop reached by its LAN name gives links to
that name. `SiteURLMiddleware` keeps the request's address for the code that builds the links
(functions of models and `articles.seo` that take no request); outside a request (commands,
imports) it is `SITE_URL`. The page cache keys pages by scheme and host, so a page cached for
one address is never served at another."""

from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost

_request_site_url = ContextVar("request_site_url", default=None)


def site_url():
    """The site's address without a trailing slash: `https://exemple.fr`."""
    return _request_site_url.get() or settings.SITE_URL


def absolute(url):
    """`url` (a path of this site, or already absolute) as an absolute URL."""
    return url if url.startswith(("http://", "https://")) else f"{site_url()}{url}"


def request_site_url(request):
    """The address a request's links are written with: its own in development, else SITE_URL."""
    if not settings.DEBUG:
        return settings.SITE_URL
    try:
        host = request.get_host()  # refuses a host outside ALLOWED_HOSTS
    except DisallowedHost:
        return settings.SITE_URL
    return f"{request.scheme}://{host}"


class SiteURLMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_site_url.set(request_site_url(request))
        try:
            return self.get_response(request)
        finally:
            _request_site_url.reset(token)
