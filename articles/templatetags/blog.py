"""Template filters of the blog: French typography, responsive images, JSON-LD, the players'
script."""

import json
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django import template
from django.templatetags.static import static
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe

from articles.embeds import FRAME_ORIGINS
from articles.images import picture
from articles.typography import french_spacing, french_spacing_html

register = template.Library()

# Image CDNs that resize on request, and the query parameter that sets the width.
CDN_WIDTH_PARAMS = {"images.unsplash.com": "w", "images.pexels.com": "w"}
SRCSET_WIDTHS = (480, 800, 1200, 1600, 2400)


@register.filter
def typo(value):
    """French spacing, then escaping (for titles, nicknames, excerpts, captions).

    Spacing goes first: on escaped text it would split entities (`&amp;` before a space).
    HTML already safe is spaced in its text only, never in a tag, an attribute or an entity.
    """
    if isinstance(value, SafeData):
        return mark_safe(french_spacing_html(str(value)))  # noqa: S308
    return escape(french_spacing(str(value)))


def cdn_url(url, width):
    parts = urlsplit(url)
    param = CDN_WIDTH_PARAMS.get(parts.hostname or "")
    if not param:
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != param]
    query.append((param, str(width)))
    return urlunsplit(parts._replace(query=urlencode(query)))


@register.filter
def cdn_srcset(url):
    """`srcset` for an image on a known resizing CDN (Unsplash…); empty for any other URL."""
    if not url or not cdn_url(url, 1):
        return ""
    return ", ".join(f"{cdn_url(url, w)} {w}w" for w in SRCSET_WIDTHS)


@register.filter
def cdn_src(url, width=1600):
    """The URL at a sensible default width when the CDN allows it (not the 4800 px original)."""
    return cdn_url(url, width) or url


@register.simple_tag
def embeds_script():
    """The script that turns player facades into click-to-load frames, told which origins it
    may load (the `frame-src` of the Content-Security-Policy): a page's raw HTML cannot widen
    that list, the script tag is ours."""
    return format_html(
        '<script src="{}" defer data-frame-hosts="{}"></script>',
        static("js/embeds.js"),
        " ".join(FRAME_ORIGINS),
    )


@register.filter
def json_ld(data):
    """A JSON-LD block; `<`, `>` and `&` escaped so that the data can never close the tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@register.filter
def picture_data(asset, kind="full"):
    """The sources and fallback of an ImageAsset's `<picture>` (see includes/_image.html)."""
    return picture(asset, kind)


@register.filter
def eager_card(position):
    """The first cards of a listing are above the fold: load them at once."""
    return bool(position) and int(position) <= 3
