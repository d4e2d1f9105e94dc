"""Template filters of the blog: French typography, responsive images, JSON-LD, the players'
script."""

import json
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django import template
from django.templatetags.static import static
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe

from articles.embeds import FRAME_ORIGINS
from articles.images import picture
from articles.sanitise import sanitise
from articles.typography import elide, french_spacing, french_spacing_html

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


@register.filter
def elided(value, word):
    """`word` then `value`, elided before a vowel as French wants, spaced and escaped:
    `{{ role.title|elided:"de" }}` gives « d’Enablement Manager », « de Revenue Manager »."""
    return typo(elide(word, str(value)))


# What a card's excerpt leaves out: media (pictures, players' facades, figures) and blocks whose
# cut would read badly; their text is not counted.
EXCERPT_SKIPPED = {"figure", "picture", "img", "table", "pre", "details", "aside", "iframe"}
VOID_TAGS = {"br", "hr", "img", "source", "wbr", "input"}
HTML_TOKEN_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
HTML_TAG_RE = re.compile(r"<(/?)([A-Za-z][\w-]*)")
# Words are cut at ASCII spaces: « trois ? » keeps its question mark (a no-break space joins them).
SPACES_RE = re.compile(r"([ \t\r\n]+)")
# Punctuation an ellipsis takes the place of (« … » closes the sentence by itself in French).
BEFORE_ELLIPSIS_RE = re.compile(r"(?:[\s\u00a0\u202f.,;:\u2013\u2014-]|&nbsp;|&#160;)+$")


@register.filter
def excerpt_html(markup, words=45):
    """The first `words` words of stored HTML, cut at a word boundary and ended by « … » in
    the last text kept (never in a paragraph of its own), every open tag closed, media and
    players left out whole (never half a facade on a card). Cutting HTML is rewriting it: the
    excerpt is sanitised last, without ids (the card is shown on a page that has its own)."""
    markup, words = str(markup or ""), max(int(words), 1)
    out, stack, skipping, count = [], [], 0, 0
    kept = None  # (length of `out`, open tags) just after the last text holding a word
    for index, part in enumerate(HTML_TOKEN_RE.split(markup)):
        if index % 2:  # a tag or a comment
            name = HTML_TAG_RE.match(part)
            tag = name.group(2).lower() if name else None
            closing = bool(name and name.group(1))
            void = tag in VOID_TAGS or part.endswith("/>")
            if tag is None:
                continue
            if tag in EXCERPT_SKIPPED:
                skipping = skipping if void else max(skipping + (-1 if closing else 1), 0)
            elif not skipping and not closing:
                out.append(part)
                stack.extend([] if void else [tag])
            elif not skipping and tag in stack:
                while stack.pop() != tag:
                    pass
                out.append(part)
            continue
        if skipping or not part:
            continue
        pieces = SPACES_RE.split(part)
        for position in range(0, len(pieces), 2):
            if not pieces[position]:
                continue
            if count == words:  # one word too many: end with the text kept so far
                if position:
                    text = "".join(pieces[:position])
                else:
                    out, stack = out[: kept[0]], kept[1]
                    text = out.pop()
                out.append(BEFORE_ELLIPSIS_RE.sub("", text) + "…")
                out.extend(f"</{tag}>" for tag in reversed(stack))
                return mark_safe(sanitise("".join(out), ids=False))  # noqa: S308 (sanitised)
            count += 1
        out.append(part)
        if count:
            kept = (len(out), list(stack))
    return mark_safe(sanitise("".join(out), ids=False))  # noqa: S308 (sanitised)


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
