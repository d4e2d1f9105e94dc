"""SQLite: an FTS5 index over the folded title and text of every searchable content type.

One external-content FTS5 table per model (`<table>_fts`, columns `search_title` and
`search_text`, whose text stays in the model's own table: nothing is stored twice), kept in
step by triggers on the model's table. Triggers rather than the save path: whatever writes the
folded columns (the indexing step's prepared UPDATE, bulk loaders such as `bench/bigdb.py` or an
import's `bulk_create`, a queryset `.update()`, a delete cascading from a whole, a raw
statement), the index follows in the same transaction, and a rolled-back one leaves it as it was.

The text is stored folded already (`articles.search.fold`: no accents, no case, one apostrophe);
`unicode61` splits it into words on everything that is not a letter or a digit (apostrophes,
hyphens), `remove_diacritics 2` only matters for rows written before folding existed.

Django's SQLite schema editor alters a column by rebuilding its table, which drops the table's
triggers: `ensure()` runs after every `migrate` (`articles.search.upkeep`) and puts back what
is missing, then rebuilds that index from the table.
"""

# Every statement here is formatted from the models' own table names (`_meta.db_table`), never
# from a reader's input; the search expression is always a parameter.
# ruff: noqa: S608

import re

from django.db import connections
from django.db.models.expressions import RawSQL

COLUMNS = ("search_title", "search_text")
TOKENIZE = "unicode61 remove_diacritics 2"
# What the tokenizer keeps of a folded term: a term without one (« -- ») finds nothing.
WORD_RE = re.compile(r"[a-z0-9]")


def table_of(model):
    return f"{model._meta.db_table}_fts"


def statements(table, pk="id"):
    """The index of `table` and the triggers keeping it in step (each `IF NOT EXISTS`)."""
    fts = f"{table}_fts"
    old = f"'delete', old.\"{pk}\", old.search_title, old.search_text"
    new = f'new."{pk}", new.search_title, new.search_text'
    into = f'"{fts}"(rowid, search_title, search_text)'
    delete = f'INSERT INTO "{fts}"("{fts}", rowid, search_title, search_text) VALUES ({old});'
    return [
        f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts}" USING fts5(search_title, search_text, '
        f"content='{table}', content_rowid='{pk}', tokenize='{TOKENIZE}')",
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_insert" AFTER INSERT ON "{table}" '
        f"BEGIN INSERT INTO {into} VALUES ({new}); END",
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_delete" AFTER DELETE ON "{table}" BEGIN {delete} END',
        # Only when the folded texts change: saving an article rewrites every column.
        f'CREATE TRIGGER IF NOT EXISTS "{fts}_update" AFTER UPDATE OF search_title, search_text '
        f'ON "{table}" WHEN old.search_title IS NOT new.search_title '
        f"OR old.search_text IS NOT new.search_text "
        f"BEGIN {delete} INSERT INTO {into} VALUES ({new}); END",
    ]


def _names(table):
    fts = f"{table}_fts"
    return {fts, f"{fts}_insert", f"{fts}_delete", f"{fts}_update"}


def ensure(connection, models):
    """Create what is missing of these models' indexes (their table rebuilt by a migration, a
    type added since), and fill each index so created from its table. Returns the tables whose
    index was (re)built."""
    if connection.vendor != "sqlite":
        return []
    rebuilt = []
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
        for model in models:
            table = model._meta.db_table
            if table not in existing or _names(table) <= present:
                continue
            for sql in statements(table, model._meta.pk.column):
                cursor.execute(sql)
            rebuild(cursor, table)
            rebuilt.append(table)
    return rebuilt


def rebuild(cursor, table):
    """Refill the index of `table` from the table's folded columns."""
    fts = f"{table}_fts"
    cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')  # noqa: S608


def match_expressions(terms):
    """The FTS5 queries for folded `terms`: (every term in the title or the text, every term
    in the title), or None when no term holds a word. Each term is a quoted phrase (« l'equipe »
    is « l » then « equipe ») matching as a prefix: « prevision » finds « previsions »."""
    phrases = [f'"{term.replace(chr(34), chr(34) * 2)}"*' for term in terms if WORD_RE.search(term)]
    if not phrases:
        return None
    every = " AND ".join(phrases)
    return every, f"{{search_title}} : ({every})"


def matching(model, expression):
    """The primary keys of `model`'s rows matching an FTS5 `expression`, as a subquery."""
    fts = table_of(model)
    return RawSQL(f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s', [expression])  # noqa: S611


def counts(model, expressions):
    """How many of `model`'s rows match each FTS5 expression (one query, the index alone)."""
    fts = table_of(model)
    one = f'(SELECT count(*) FROM "{fts}" WHERE "{fts}" MATCH %s)'
    with connections[model.objects.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join([one] * len(expressions))}", list(expressions))
        return cursor.fetchone()
