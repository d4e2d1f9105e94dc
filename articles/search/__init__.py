"""Search over the searchable content types (articles, the pages of their parts), accent- and
case-insensitive in French.

Titles and texts are stored folded (accents, case and ligatures removed) when saved. On
PostgreSQL: full-text search over the stored, GIN-indexed vector of each row (French
configuration `french_unaccent`, created by a migration; titles weigh A, texts B), and a GIN
index of the title's own vector (`upkeep.title_indexes`). Elsewhere (SQLite): an FTS5 index of
the folded title and text (`fts`); every word must begin a word of the title or the text
(« prevision » finds « prévisions »). On both: the title matches first (on PostgreSQL by rank),
then the others in the kind's own order (`Ranked`). No row's text is parsed at query time.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, connections
from django.db.models import BooleanField, Case, F, FloatField, Func, IntegerField, Value, When

from articles.search import fts

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
# Rendered text carries the typographic apostrophe (« l’équipe »), readers mostly type the straight
# one: both fold to the straight one (dropped as non-ASCII, « l’équipe » would read « lequipe »).
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def fold(text):
    """« Rôle Œuvre » → « role oeuvre »: what a reader types without accents still matches."""
    if not text:
        return ""
    # Decomposed, then only ASCII kept: accents (combining marks) go, letters stay.
    text = text.translate(LIGATURES).translate(APOSTROPHES).casefold()
    text = unicodedata.normalize("NFKD", text)
    return text.encode("ascii", "ignore").decode("ascii")


def clean_query(raw):
    """The query as typed, made safe: control characters (NUL…) removed, length bounded."""
    return " ".join(CONTROL_RE.sub(" ", raw or "").split())[:MAX_QUERY_LENGTH]


def terms_of(query):
    terms = [t for t in re.split(r"[^\w'’-]+", fold(query)) if len(t) > 1 or t.isdigit()]
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def is_postgresql():
    return connection.vendor == "postgresql"


def search(queryset, query, *, narrow=True):
    """Filter and rank `queryset` by `query`; `title_hit` tells which matched by title (and,
    on PostgreSQL, `rank` how well). `narrow=False`: rows already found, only ranked again."""
    terms = terms_of(query)
    if terms and is_postgresql():
        return _search_postgresql(queryset, query, narrow)
    expressions = fts.match_expressions(terms)
    if not expressions:  # nothing searchable (only punctuation…): no result, same shape
        return queryset.none().annotate(
            title_hit=Value(False, output_field=BooleanField()),
            rank=Value(0.0, output_field=FloatField()),
        )
    # Both columns are stored folded, and so are the terms: « role » finds « rôle », « RÔLE ».
    every, in_title = expressions
    model = queryset.model
    if narrow:
        queryset = queryset.filter(pk__in=fts.matching(model, every))
    return queryset.annotate(
        title_hit=Case(When(pk__in=fts.matching(model, in_title), then=Value(True)),
                       default=Value(False), output_field=BooleanField()),
    )  # fmt: skip


CONFIG = "french_unaccent"


def stored_vector():
    """The weighted document vector kept in `search_vector` (titles count more)."""
    return SearchVector("search_title", weight="A", config=CONFIG) + SearchVector(
        "search_text", weight="B", config=CONFIG
    )


def refresh_vectors(queryset):
    """PostgreSQL: recompute the stored, GIN-indexed vectors of these rows (one UPDATE)."""
    if queryset.db and connections[queryset.db].vendor == "postgresql":
        queryset.update(search_vector=stored_vector())


class InTitle(SearchQuery):
    """The reader's query with each of its lexemes restricted to weight A (`'role':A`), the
    title's: « found by its title » is a match on the stored vector too, never the title parsed
    again. Rewritten once per search (the functions are immutable: PostgreSQL folds it when it
    plans the query), not once per row."""

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection, function, template)
        return f"regexp_replace(({sql})::text, %s, %s, 'g')::tsquery", [*params, *LEXEME_TO_A]


# A quoted lexeme of a tsquery's text ('l''equipe' doubles its quote), given the weight A.
LEXEME_TO_A = ("('(?:[^']|'')*')", "\\1:A")


def _search_postgresql(queryset, query, narrow):
    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    in_title = InTitle(query, config=CONFIG, search_type="websearch")
    vector = F("search_vector")  # stored and indexed: no document is parsed per search
    if narrow:
        queryset = queryset.filter(search_vector=search_query)
    return queryset.annotate(
        rank=SearchRank(vector, search_query),
        title_hit=Case(
            When(search_vector=in_title, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def ordering():
    return ["-title_hit", "-rank"] if is_postgresql() else ["-title_hit"]


# Up to this many rows matching, sorting them costs less than walking an index.
FEW_MATCHES = 500


class Ranked:
    """The rows of `queryset` matching `query`, in `order`, read a slice at a time from `rows`
    (the queryset drawing them: its joins and prefetches). The slice's ids are found first, then
    only its rows are read whole. With « titles first » (`-title_hit`, every kind's order) the
    ids come in two halves, the title matches then the others (`_half`), each read only up to
    the slice's end along the index of its order: sorting every match of a common word (and on
    PostgreSQL ranking them all) was most of a search's time. Sliced and counted like a
    queryset (a `Paginator` takes it); a slice is a list."""

    def __init__(self, queryset, query, order, rows):
        self.queryset = queryset
        self.found = search(queryset, query)
        self.query = query
        self.order = order
        self.rows = rows
        self.counts = None  # SQLite: the title matches and all matches, in the whole index

    def count(self):
        return self.found.count()

    def __len__(self):
        return self.count()

    def _walks_dates(self):
        """Titles first then other columns: read in two halves, each walking its order."""
        if self.order[:1] != ("-title_hit",) or not terms_of(self.query):
            return False
        return is_postgresql() or fts.match_expressions(terms_of(self.query)) is not None

    def _half(self, titled):
        """The matches found by their title (`titled`) or only by their text, in the order
        after « titles first »: on PostgreSQL the rank orders the title matches only, the
        others follow in the kind's own order, as on SQLite (ranking every match of a common
        word was most of a search's time)."""
        if is_postgresql():
            return _half_postgresql(self.queryset, self.query, self.order[1:], titled)
        every, in_title = fts.match_expressions(terms_of(self.query))
        model = self.queryset.model
        # Many matches: their ids probed (`Probe`) while the order's index is walked, up to the
        # slice's end. Few (most title matches, a rare word's): found by id and sorted, which
        # costs less than walking the whole index.
        if self.counts is None:
            self.counts = fts.counts(model, (in_title, every))
        few = self.counts[0 if titled else 1] <= FEW_MATCHES
        found = self.queryset.alias(probe=F("pk") if few else Probe(F("pk")))
        title_keys = fts.matching(model, in_title)
        if titled:  # every word in the title is every word in the row
            found = found.filter(probe__in=title_keys)
        else:
            found = found.filter(probe__in=fts.matching(model, every))
            found = found.exclude(probe__in=title_keys)
        return found.order_by(*self.order[1:]).values_list("pk", flat=True)

    def _keys_by_walk(self, start, stop):
        """The ids of the slice: the title matches' part of it, then the others' (the same
        order as « -title_hit » then the rest, each half read only up to the slice's end)."""
        titled = list(self._half(True)[start:stop])
        if len(titled) == stop - start:
            return titled
        before = start + len(titled) if titled or not start else self._half(True).count()
        return titled + list(self._half(False)[max(0, start - before) : stop - before])

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        if item.step is not None or item.stop is None or not self._walks_dates():
            keys = self.found.order_by(*self.order).values("pk")[item]
            shown = self.rows.filter(pk__in=keys)
            return list(search(shown, self.query, narrow=False).order_by(*self.order))
        keys = self._keys_by_walk(item.start or 0, item.stop)
        shown = search(self.rows.filter(pk__in=keys), self.query, narrow=False)
        by_key = {row.pk: row for row in shown}
        return [by_key[key] for key in keys if key in by_key]


def ranked(queryset, query, order, rows):
    """The rows of `queryset` matching `query` in `order`, read from `rows` (see `Ranked`)."""
    return Ranked(queryset, query, order, rows)


class Probe(Func):
    """SQLite: the primary key as `+id`, which the planner cannot look rows up by: a match's
    ids are then a set probed while an index serving the order is walked (and the walk stops at
    the slice's end), never the rows all found by id and sorted."""

    template = "(+%(expressions)s)"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="%(expressions)s", **extra)


def title_vector():
    """The title's own vector, computed (GIN-indexed, `upkeep.title_indexes`): its matches are
    the stored vector's weight-A matches (the title's lexemes), found by the index."""
    return SearchVector("search_title", config=CONFIG)


def _half_postgresql(queryset, query, order, titled):
    """`Ranked._half` on PostgreSQL: the title matches (found by the title's index) ranked, the
    others in `order` less the rank (never computed for them), after the index of that order.
    A title match is a match of the title's own words, as `InTitle` says of the stored vector
    (whose weight-A lexemes are the title's): the other half is told apart by `InTitle`, which
    costs nothing per row walked."""
    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    found = queryset.filter(search_vector=search_query)
    if titled:
        found = found.alias(title_words=title_vector()).filter(title_words=search_query)
        found = found.annotate(rank=SearchRank(F("search_vector"), search_query))
    else:
        found = found.exclude(search_vector=InTitle(query, config=CONFIG, search_type="websearch"))
        order = [column for column in order if column != "-rank"]
    return found.order_by(*order).values_list("pk", flat=True)
