"""Admin search that ignores accents and case, as the public search does.

The content tables keep a folded copy of their title and text (`search_title`,
`search_text`, filled by `articles.indexing`): an admin search folds the words typed the same
way (`articles.search.fold`) and looks for each in those columns, with a plain LIKE that works
alike on SQLite and PostgreSQL. A substring match (not the public full-text search) because an
editor looking for an article types the start of a word (« prévi ») and expects it found.
"""

from functools import reduce
from operator import or_

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal

from articles.search import MAX_TERMS, fold

APOSTROPHES = ("'", "’")


def folded_terms(search_term):
    """The words of a search (quoted phrases kept whole), each as the set of its folded
    spellings: typed with a straight or a typographic apostrophe, a word finds both."""
    terms = []
    for bit in smart_split(search_term or ""):
        if bit[:1] in {'"', "'"} and bit[-1:] == bit[0] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        spellings = {fold(bit)}
        for straight, curly in (APOSTROPHES, APOSTROPHES[::-1]):
            spellings.add(fold(bit.replace(straight, curly)))
        spellings.discard("")
        if spellings:
            terms.append(spellings)
    return terms[:MAX_TERMS]


def folded_text_matches(term, text):
    """Whether one of a term's spellings appears in `text` once folded."""
    folded = fold(text)
    return any(spelling in folded for spelling in term)


class FoldedSearchMixin:
    """A ModelAdmin whose `search_fields` name folded columns (or plain lowercase ASCII ones,
    such as a slug): every word typed must appear in one of them, accents and case aside."""

    search_help_text = "Accents et majuscules indifférents."

    def get_search_results(self, request, queryset, search_term):
        terms = folded_terms(search_term)
        fields = self.get_search_fields(request)
        if not terms or not fields:
            return queryset, False
        for term in terms:
            queryset = queryset.filter(
                reduce(or_, (Q(**{f"{field}__contains": s}) for field in fields for s in term))
            )
        opts = queryset.model._meta
        return queryset, any(lookup_spawns_duplicates(opts, field) for field in fields)
