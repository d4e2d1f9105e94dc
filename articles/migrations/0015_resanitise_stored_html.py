"""Stored HTML sanitised again, with the policy of this migration's day.

Before it, the renderer ran the Markdoc scrub after nh3: `[x](java&#123;%x%}script:alert(1))`
was stored as `href="javascript:alert(1)"`. Renderings are now sanitised last; this cleans what
older renderings stored (bodies, role texts, missions, background items, alternative titles'
notes), so that no page serves such HTML before anything is saved again. Only a rendering
gives the new heading ids and rendered_meta: `manage.py reindex --render` after the deploy.

The policy is copied here, not imported (data migrations stand alone: a later change to the
live policy must not change what this migration did).
"""

import re

import nh3
from django.db import migrations

FRAME_HOSTS = (
    "https://www.youtube-nocookie.com",
    "https://player.ausha.co",
    "https://platform.twitter.com",
    "https://share.hsforms.com",
    "https://share-eu1.hsforms.com",
)
TAGS = {
    "picture", "source",
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
}  # fmt: skip
ATTRIBUTES = {
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
ATTRIBUTE_VALUES = {
    "aside": {"role": {"note"}},
    "figure": {"data-embed": {"youtube", "podcast", "tweet", "form"}},
    "span": {"aria-hidden": {"true"}},
}
HIDDEN_RE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]+")
SCRIPT_SCHEME_RE = re.compile(r"(?:javascript|vbscript|livescript|data):", re.IGNORECASE)
BATCH = 200

# (model, HTML field) of every rendering the database stores.
STORED = (
    ("Article", "body_html"),
    ("Role", "intro_html"),
    ("Mission", "html"),
    ("BackgroundItem", "html"),
    ("AlternativeTitle", "note_html"),
)


def checked(element, attribute, value):
    if attribute == "data-embed-src":
        return value if value.startswith(tuple(f"{host}/" for host in FRAME_HOSTS)) else None
    if attribute in ("href", "src", "srcset"):
        urls = value.split(",") if attribute == "srcset" else [value]
        if any(SCRIPT_SCHEME_RE.match(HIDDEN_RE.sub("", url)) for url in urls):
            return None
    return value


def resanitise(apps, schema_editor):
    cleaner = nh3.Cleaner(
        tags=TAGS,
        attributes=ATTRIBUTES,
        tag_attribute_values=ATTRIBUTE_VALUES,
        attribute_filter=checked,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )
    for name, field in STORED:
        model = apps.get_model("articles", name)
        changed = []
        for pk, html in model.objects.values_list("pk", field).iterator(chunk_size=BATCH):
            clean = cleaner.clean(html or "")
            if clean != (html or ""):
                changed.append(model(pk=pk, **{field: clean}))
            if len(changed) == BATCH:
                model.objects.bulk_update(changed, [field])
                changed = []
        model.objects.bulk_update(changed, [field])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_media13_hero_credit"),
    ]

    operations = [migrations.RunPython(resanitise, migrations.RunPython.noop)]
