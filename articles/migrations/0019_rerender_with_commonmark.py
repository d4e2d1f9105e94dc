"""Stored HTML rendered again by the CommonMark renderer (markdown-it-py), which replaced
Python-Markdown: a list right after a line of text, lists nested by 2 spaces, fences in list
items, links with `)` in their address were stored as the old renderer read them. Every
article, role and role item (missions, background items, alternative titles) is rendered again
from its Markdown, with its table of contents, word count and `rendered_meta`.

This is the one data migration that runs live project code, on purpose: what it brings the
rows to is the live renderer's reading, whatever its version (`manage.py reindex --render`, the
command that does the same at any time, is what it calls). Rows are written with
`bulk_update`, which sends no signal: no history row is added (django-simple-history records
on `post_save`), versions stay, and the admin's history shows no edit nobody made. A database
without rows (a new one, the tests') has nothing to render. If the live models ever stop
matching this point of the schema, the migration says so and leaves the HTML as it was: run
`manage.py reindex --render` after migrating.
"""

import io

from django.core.management import call_command
from django.db import DatabaseError, migrations, transaction

STORED = ("Article", "Role", "Mission", "BackgroundItem", "AlternativeTitle")


def rerender(apps, schema_editor):
    if not any(apps.get_model("articles", name).objects.exists() for name in STORED):
        return
    output = io.StringIO()
    try:
        with transaction.atomic():
            call_command("reindex", "--render", stdout=output)
    except DatabaseError as exc:  # the live models ahead of this schema
        print(f"\n  HTML non rendu à nouveau ({exc}) : lancez manage.py reindex --render.")
        return
    counts = ("rendu(s) à nouveau.", "indexé(s).", "reconstruit.")
    for line in output.getvalue().splitlines():
        if not line.endswith(counts):  # a row refused by a limit, left as it was: said
            print(f"\n  {line}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_image_name_and_hash"),
    ]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
