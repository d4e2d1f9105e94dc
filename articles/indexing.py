"""The indexing step: what derives from saved content, computed after the commit.

Saving content (an article, one of its parts, an item of a part's lists…) schedules its row
here; once the transaction commits, each scheduled row gets its folded search title and text
and, on PostgreSQL, its stored vector, and what else derives from it is brought up to date
(`after_indexing`: the reading time of the articles whose parts changed), in a few bulk
statements however many saves scheduled it (an import of a thousand articles indexes them
together; a part whose five items were saved one by one is indexed once). Outside a
transaction, it runs at once. A rolled-back transaction indexes nothing. `manage.py reindex`
rebuilds everything.
"""

import threading
from collections import defaultdict

import django.dispatch
from django.db import connections, transaction

from articles.search import fold, refresh_vectors

BATCH = 50

# Sent once the rows scheduled by a transaction are indexed: pages that show search results
# must not be kept from before (see `articles.lifecycle`).
indexed = django.dispatch.Signal()

_local = threading.local()


def _pending():
    if not hasattr(_local, "pending"):
        _local.pending = defaultdict(set)
    return _local.pending


def schedule(instance):
    """Index `instance` (a RenderedContent row) once the current transaction commits."""
    schedule_row(type(instance), instance.pk)


def schedule_row(model, pk):
    """Index the row `pk` of `model` once the current transaction commits."""
    _pending()[model._meta.concrete_model].add(pk)
    # One callback per save; the first to run indexes everything pending, the others find
    # nothing left to do. Callbacks of a rolled-back transaction never run.
    transaction.on_commit(flush)


def flush():
    """Index every scheduled row now."""
    pending = _pending()
    if not pending:
        return
    while pending:
        model, pks = pending.popitem()
        index(model, sorted(pks))
    indexed.send(sender=flush)


def index(model, pks):
    """Fold the search title and text of these rows and refresh their vectors."""
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        queryset = model.objects.filter(pk__in=chunk)
        values = [
            (fold(row.title), fold("\n".join(p for p in row.search_parts() if p)), row.pk)
            for row in model.for_indexing(queryset)
        ]
        _write(queryset.db, model, values)
        refresh_vectors(queryset)
        model.after_indexing(chunk)


def _write(alias, model, values):
    """One prepared UPDATE run for every row: far cheaper than an UPDATE built per row, or
    bulk_update's CASE over hundreds of long texts."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    opts = model._meta
    # Only quoted identifiers from the model's own metadata are formatted in; values are
    # parameters.
    sql = (
        f"UPDATE {quote(opts.db_table)} SET {quote('search_title')} = %s, "  # noqa: S608
        f"{quote('search_text')} = %s WHERE {quote(opts.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def reindex_all(models):
    """Everything, again (after a crash between a commit and its indexing, or a restore)."""
    for model in models:
        index(model, list(model.objects.order_by("pk").values_list("pk", flat=True)))
