"""Where the site itself sends a request before any page answers it: a recorded redirect (the
fallback, on a 404: `articles.redirects`), then Django's trailing-slash rule (APPEND_SLASH:
`/blog/x` to `/blog/x/` when only the latter has a pattern). Followed hop by hop as a reader's
browser would, it tells whether a redirect an editor writes would loop: `/blog/x/` → `/blog/x`
does, through the trailing-slash rule, though neither address names the other."""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import is_valid_path

# More hops than any chain the save path leaves (it collapses chains): surely a loop's.
MAX_HOPS = 50


def request_path(target):
    """The path a browser asks for when sent to `target` (`request.path`: no query or
    fragment, percent-escapes decoded)."""
    return unquote(urlsplit(target).path)


def next_hop(path, recorded):
    """Where a request for `path` is sent next, as (path, why), or None when the site sends it
    nowhere. `recorded(path)` gives the target of a recorded redirect from `path`, or None."""
    target = recorded(path)
    if target:
        return request_path(target), ""
    slash = settings.APPEND_SLASH and not path.endswith("/")
    if slash and not is_valid_path(path) and is_valid_path(f"{path}/"):
        return f"{path}/", " (barre oblique finale ajoutée par le site)"
    return None


def redirect_loop(old_path, new_path, recorded):
    """The hops (« /blog/x/ → /blog/x → /blog/x/ (…) ») of the loop a redirect from
    `old_path` to `new_path` would close, or "" if it closes none. `recorded` gives the
    targets of the other recorded redirects."""

    start = request_path(old_path)

    def following(path):
        return new_path if path == start else recorded(path)

    hops, seen = [old_path], {start}
    step = (request_path(new_path), "")
    while step is not None and len(hops) <= MAX_HOPS:
        path, why = step
        hops.append(path + why)
        if path in seen:
            return " → ".join(hops)
        seen.add(path)
        step = next_hop(path, following)
    return " → ".join(hops) if step is not None else ""
