"""The case studies among search results (the case-study kind's `search_results`): the
published ones matching the query, titles first, then the newest. They are not tagged like
articles: the search's tag filter narrows the articles only."""

from articles.search import ordering, search
from clients.models import CaseStudy

MAX_RESULTS = 20


def search_results(published, query):
    """The published case studies matching `query` (`published`, the articles, is not
    theirs)."""
    case_studies = CaseStudy.objects.published().defer("body", "body_html", "search_text")
    return search(case_studies, query).order_by(*ordering(), "-published_at")[:MAX_RESULTS]
