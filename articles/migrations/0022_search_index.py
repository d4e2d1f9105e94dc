"""SQLite: the articles' FTS5 search index, kept in step by triggers, filled from the rows
already there; and an index of the publishing rule, so that ranking thousands of matches reads
no article row.

An external-content FTS5 table over the folded `search_title` and `search_text` (the text stays
in `articles_article`), and the triggers that follow every insert, delete and change of those
columns. The statements are copied here, not imported from `articles.search.fts`: a migration
must not change when live code does. The other searchable types get theirs after `migrate`
(`articles.search.fts.ensure`, through the registry).

PostgreSQL: the stored vectors (0007, GIN-indexed) are kept in the row (storage MAIN) rather
than out of line: a search that matches thousands of articles ranks each on its vector, and
fetching each from the TOAST table cost ten times reading the row. The vectors already there
are written again to move them in.
"""

from django.db import migrations, models

TABLE = "articles_article"
FTS = f"{TABLE}_fts"
OLD = "'delete', old.\"id\", old.search_title, old.search_text"
NEW = 'new."id", new.search_title, new.search_text'
INTO = f'"{FTS}"(rowid, search_title, search_text)'
DELETE = f'INSERT INTO "{FTS}"("{FTS}", rowid, search_title, search_text) VALUES ({OLD});'

CREATE = [
    f'CREATE VIRTUAL TABLE IF NOT EXISTS "{FTS}" USING fts5(search_title, search_text, '
    f"content='{TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    f'CREATE TRIGGER IF NOT EXISTS "{FTS}_insert" AFTER INSERT ON "{TABLE}" '
    f"BEGIN INSERT INTO {INTO} VALUES ({NEW}); END",
    f'CREATE TRIGGER IF NOT EXISTS "{FTS}_delete" AFTER DELETE ON "{TABLE}" BEGIN {DELETE} END',
    f'CREATE TRIGGER IF NOT EXISTS "{FTS}_update" AFTER UPDATE OF search_title, search_text '
    f'ON "{TABLE}" WHEN old.search_title IS NOT new.search_title '
    f"OR old.search_text IS NOT new.search_text "
    f"BEGIN {DELETE} INSERT INTO {INTO} VALUES ({NEW}); END",
    f"INSERT INTO \"{FTS}\"(\"{FTS}\") VALUES ('rebuild')",  # the rows already there
]
DROP = [
    f'DROP TRIGGER IF EXISTS "{FTS}_insert"',
    f'DROP TRIGGER IF EXISTS "{FTS}_delete"',
    f'DROP TRIGGER IF EXISTS "{FTS}_update"',
    f'DROP TABLE IF EXISTS "{FTS}"',
]


VECTOR_IN_ROW = [
    f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE MAIN",
    f"UPDATE {TABLE} SET search_vector = search_vector || ''::tsvector "  # noqa: S608
    "WHERE search_vector IS NOT NULL",
]
VECTOR_OUT_OF_ROW = [f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE EXTENDED"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": CREATE, "postgresql": VECTOR_IN_ROW}.get(vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": DROP, "postgresql": VECTOR_OUT_OF_ROW}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("articles", "0021_roles_leave_for_their_app")]

    operations = [
        migrations.RunPython(forwards, backwards),
        # The publishing rule read from this index alone (see `Article.Meta`).
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["status", "published_at", "unpublish_at"], name="articles_published_window"
            ),
        ),
    ]
