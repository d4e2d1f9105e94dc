"""The one HTML policy of rendered content, and `sanitise()`, the last step of every rendering.

Everything the site draws from Markdown (article bodies, role texts, missions, background
items, alternative titles, card excerpts, the editor's live preview) ends here, after every
other step: Markdoc markup taken off, typography, heading ids, image and player partials. Nothing
rewrites the HTML after it: a rewrite done after a sanitiser can undo its work (a
`java{%x%}script:` link that nh3 keeps as a relative address becomes `javascript:` once the
Markdoc scrub takes `{%x%}` out). A step that must read the sanitised HTML (the scrub reads
entities decoded) runs `sanitise()` again when it changed anything.

nh3 (Rust's ammonia) parses as browsers do: entities, case and control characters in schemes
(`JaVa&#x09;script:`) are decoded before the scheme is checked against `URL_SCHEMES`.
`nh3.Cleaner` holds the policy once (building it costs more than cleaning a mission).
"""

import re
import threading

import nh3

from articles.embeds import FRAME_HOSTS
from articles.headings import PageIds

ALLOWED_TAGS = {
    "picture", "source",
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "title", "lang"},
    "a": {"href", "id", "aria-label"},
    "abbr": {"title"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding",
            "fetchpriority"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "figure": {"role", "aria-label", "data-embed-src", "data-embed-title"},
    "aside": {"aria-label"},
    "ol": {"start", "reversed"},
}  # fmt: skip
# Attributes allowed with these values only (nh3 wants them out of ALLOWED_ATTRIBUTES): what the
# callouts and the players' facades (includes/_embed.html) need, and nothing else.
ALLOWED_ATTRIBUTE_VALUES = {
    "aside": {"role": {"note"}},
    "figure": {"data-embed": set(FRAME_HOSTS)},
    "span": {"aria-hidden": {"true"}},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# A fragment shown inside another page (a card's excerpt, a mission): no id of its own, which
# the page already gives to the text it comes from, or to its own parts.
WITHOUT_IDS = {
    tag: {name for name in names if name != "id"} for tag, names in ALLOWED_ATTRIBUTES.items()
}


# Addresses nh3 does not check itself (`srcset`), and those it lets through as relative ones
# when a scheme hides behind spaces or control characters (`d\x01ata:`, `\xa0javascript:`):
# browsers today read them as relative too, older ones did not. Refused, whatever the case.
URL_ATTRIBUTES = {"href", "src", "srcset"}
HIDDEN_RE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]+")
SCRIPT_SCHEME_RE = re.compile(r"(?:javascript|vbscript|livescript|data):", re.IGNORECASE)


_local = threading.local()  # the ids given so far in the document being cleaned


def checked(element, attribute, value):
    """What nh3 cannot say alone: a facade's frame (`data-embed-src`) only on the hosts players
    load from (raw HTML in a body could write any: refused here, and checked again by static/js
    before a frame loads), no address that reads as a script once its blanks are gone, and
    each id once, none of the page's own (`articles.headings`): raw HTML writes ids too."""
    if attribute == "id":
        return _local.ids.claim(value)
    if attribute == "data-embed-src":
        hosts = FRAME_HOSTS.values()
        return value if any(value.startswith(f"{host}/") for host in hosts) else None
    if attribute in URL_ATTRIBUTES:
        urls = value.split(",") if attribute == "srcset" else [value]
        if any(SCRIPT_SCHEME_RE.match(HIDDEN_RE.sub("", url)) for url in urls):
            return None
    return value


def _cleaner(attributes):
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=attributes,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        attribute_filter=checked,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


CLEANER = _cleaner(ALLOWED_ATTRIBUTES)
FRAGMENT_CLEANER = _cleaner(WITHOUT_IDS)


def sanitise(value, *, ids=True):
    """Remove anything executable from HTML: scripts, event handlers, dangerous URLs.

    `ids=False`: ids left out too (a fragment shown inside another page)."""
    if not ids:
        return FRAGMENT_CLEANER.clean(value)
    _local.ids = PageIds()  # nh3 calls the filter in document order: the first keeps its id
    return CLEANER.clean(value)
