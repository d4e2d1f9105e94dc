"""What the renderer drew, stored with each rendering (`rendered_meta`), filled for existing rows.

Image usage and the structured data read `rendered_meta` instead of searching the Markdown
(`body__contains` was case-sensitive on PostgreSQL: an image named in capitals could be deleted
while shown). Rows saved from now on get it from the renderer. Existing rows get it here without
the live renderer (data migrations stand alone): "images" from the Markdown's references, in
lower case (code blocks included: a few too many count as in use, never too few), "players"
from the facades their stored HTML draws. `manage.py reindex --render` after the deploy gives
every row the renderer's own.
"""

import html
import re
from urllib.parse import parse_qs, urlsplit

from django.db import migrations, models

IMAGE_REF_RE = re.compile(
    r"!\[[^\]]*\]\(\s*<?([0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})>?"
)
FIGURE_RE = re.compile(r"<figure\b([^>]*\bdata-embed=[^>]*)>")
ATTRIBUTE_RE = re.compile(r'([\w-]+)="([^"]*)"')
BATCH = 200
# (model, Markdown field, HTML field) of every rendering the database stores.
STORED = (
    ("Article", "body", "body_html"),
    ("Role", "intro", "intro_html"),
    ("Mission", "text", "html"),
    ("BackgroundItem", "text", "html"),
    ("AlternativeTitle", "note", "note_html"),
)


def players(stored_html):
    found = []
    for match in FIGURE_RE.finditer(stored_html or ""):
        attributes = {k: html.unescape(v) for k, v in ATTRIBUTE_RE.findall(match.group(1))}
        kind, src = attributes.get("data-embed", ""), attributes.get("data-embed-src", "")
        query = {k: v[0] for k, v in parse_qs(urlsplit(src).query).items()}
        if kind == "youtube":
            found_id, show_id = urlsplit(src).path.rsplit("/", 1)[-1], ""
        elif kind == "podcast":
            found_id, show_id = query.get("podcastId", ""), query.get("showId", "")
        elif kind == "tweet":
            found_id, show_id = query.get("id", ""), ""
        else:
            found_id, show_id = "", ""
        title = attributes.get("data-embed-title", "")
        found.append({"kind": kind, "id": found_id, "title": title, "show_id": show_id})
    return found


def fill(apps, schema_editor):
    for name, source, stored in STORED:
        model = apps.get_model("articles", name)
        rows = []
        for pk, text, rendered in model.objects.values_list("pk", source, stored).iterator(
            chunk_size=BATCH
        ):
            images = list(dict.fromkeys(m.lower() for m in IMAGE_REF_RE.findall(text or "")))
            meta = {"images": images, "players": players(rendered)}
            rows.append(model(pk=pk, rendered_meta=meta))
            if len(rows) == BATCH:
                model.objects.bulk_update(rows, ["rendered_meta"])
                rows = []
        model.objects.bulk_update(rows, ["rendered_meta"])


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0016_role_heading_alternative_separator'),
    ]

    operations = [
        migrations.AddField(
            model_name='alternativetitle',
            name='rendered_meta',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name='article',
            name='rendered_meta',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name='backgrounditem',
            name='rendered_meta',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name='mission',
            name='rendered_meta',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name='role',
            name='rendered_meta',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
