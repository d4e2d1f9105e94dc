"""Search over the searchable content types (articles, the pages of their parts), accent- and
case-insensitive in French.

Titles and texts are stored folded (accents, case and ligatures removed) when saved. On
PostgreSQL: full-text search over them with a French configuration (`french_unaccent`, created
by a migration), ranked with titles first. Elsewhere (SQLite): every word must appear in the
folded title or text; title hits come first.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, connections
from django.db.models import BooleanField, Case, F, FloatField, Q, Value, When

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


def search(queryset, query, title_field="search_title", text_field="search_text"):
    """Filter and rank `queryset` by `query`; `title_hit` tells which matched by title."""
    terms = terms_of(query)
    if not terms:  # nothing searchable (only punctuation…): no result, same shape
        return queryset.none().annotate(
            title_hit=Value(False, output_field=BooleanField()),
            rank=Value(0.0, output_field=FloatField()),
        )
    if is_postgresql():
        return _search_postgresql(queryset, query, title_field, text_field)
    # Both columns are stored folded: a plain LIKE finds « rôle » from « role » or « RÔLE ».
    matches = Q()
    title_matches = Q()
    for term in terms:
        matches &= Q(**{f"{title_field}__contains": term}) | Q(**{f"{text_field}__contains": term})
        title_matches &= Q(**{f"{title_field}__contains": term})
    return queryset.filter(matches).annotate(
        title_hit=Case(When(title_matches, then=Value(True)), default=Value(False),
                       output_field=BooleanField()),
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


def _search_postgresql(queryset, query, title_field, text_field):
    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    vector = F("search_vector")  # stored and indexed: no document is parsed per search
    title_vector = SearchVector(title_field, config=CONFIG)
    return (
        queryset.annotate(title_search=title_vector)
        .filter(search_vector=search_query)
        .annotate(
            rank=SearchRank(vector, search_query),
            title_hit=Case(
                When(title_search=search_query, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )


def ordering():
    return ["-title_hit", "-rank"] if is_postgresql() else ["-title_hit"]
