"""The case studies among search results (the case-study kind's `search_results`): the
published ones matching the query, titles first, then the newest. They are not tagged like
articles: the search's tag filter narrows the articles only."""

from articles.search import ordering, ranked
from clients.models import CaseStudy

MAX_RESULTS = 20


def search_results(published, query):
    """The published case studies matching `query` (`published`, the articles, is not
    theirs)."""
    shown = CaseStudy.objects.defer("body", "body_html", "search_text")
    order = (*ordering(), "-published_at")
    return ranked(CaseStudy.objects.published(), query, order, shown)[:MAX_RESULTS]
