"""What search needs of the database, checked after every `migrate` for every rendered content
type of the registry: the migrations of `articles` set it up for the article, and a type
declared by another app, or a table a later migration rebuilt, gets it here.

- SQLite: the FTS5 index and its triggers (`articles.search.fts.ensure`).
- PostgreSQL: the stored vector kept in the row (storage MAIN, see `articles` migration 0022),
  the vectors already stored moved in; and a GIN index of the title's own vector
  (`TITLE_VECTOR_SQL`), which finds the title matches without reading every row.
"""

from django.db import connections

from articles.cache import bump
from articles.registry import content_models
from articles.search import fts


def after_migrate(using, **kwargs):
    """`post_migrate` (connected by `ArticlesConfig.ready`)."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        rebuilt = fts.ensure(connection, content_models())
        if rebuilt:
            bump()  # results a page showed before may have changed
    elif connection.vendor == "postgresql":
        vectors_in_row(connection, content_models())
        title_indexes(connection, content_models())


# What `SearchVector("search_title", config=CONFIG)` writes (`articles.search.title_vector`): the
# index serves exactly that expression.
TITLE_VECTOR_SQL = "to_tsvector('french_unaccent'::regconfig, COALESCE(search_title, ''))"


def title_indexes(connection, models):
    """PostgreSQL: a GIN index of each model's title vector, where missing."""
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            name = connection.ops.quote_name(f"{table}_search_title_gin"[:63])
            quoted = connection.ops.quote_name(table)
            # Names from the model's own metadata, never a reader's input.
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {quoted} USING gin ({TITLE_VECTOR_SQL})"
            )


def vectors_in_row(connection, models):
    """Keep each model's `search_vector` in its row; returns the tables changed."""
    changed = []
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                "SELECT attstorage FROM pg_attribute WHERE attrelid = to_regclass(%s) "
                "AND attname = 'search_vector'",
                [connection.ops.quote_name(table)],
            )
            row = cursor.fetchone()
            if row is None or row[0] == "m":
                continue
            quoted = connection.ops.quote_name(table)
            # Names from the model's own metadata, never a reader's input.
            cursor.execute(f"ALTER TABLE {quoted} ALTER COLUMN search_vector SET STORAGE MAIN")
            cursor.execute(
                f"UPDATE {quoted} SET search_vector = search_vector || ''::tsvector "  # noqa: S608
                "WHERE search_vector IS NOT NULL"
            )
            changed.append(table)
    return changed
