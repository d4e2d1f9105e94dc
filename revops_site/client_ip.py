"""The client's address behind the documented reverse proxies (for login throttling).

Behind nginx every request comes from 127.0.0.1: the client's address is the one the first
trusted proxy saw, which each proxy appends to `X-Forwarded-For`. With `TRUSTED_PROXY_COUNT`
proxies in front, it is the entry that many places from the right; entries further left were
sent by the client and are never trusted. With no proxy (0, the default) the header is ignored.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped some; the left-most is still a proxy's.
    candidate = forwarded[max(0, len(forwarded) - count)]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
