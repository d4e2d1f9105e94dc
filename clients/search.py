"""The case studies among search results (the case-study kind's `search_results`): the
published ones matching the query, titles first, then the newest. They are tagged like
articles (the same free labels): the search's tag filter narrows them by their own tags, and
the tags they carry are counted in the search's tag navigation (`search_tag_counts`)."""

from django.db.models import Count

from articles.search import ordering, ranked, search
from clients.models import CaseStudy, TaggedCaseStudy

MAX_RESULTS = 20


def tagged(tags):
    """The published case studies carrying every tag of `tags` (slugs), one subquery per tag,
    as articles are narrowed."""
    case_studies = CaseStudy.objects.published()
    for slug in tags:
        case_studies = case_studies.filter(
            pk__in=TaggedCaseStudy.objects.filter(tag__slug=slug).values("content_object")
        )
    return case_studies


def found(query, tags):
    """The case studies of `tagged(tags)` matching `query`."""
    return search(tagged(tags), query)


def search_results(published, query, tags=()):
    """The case studies found, with the tags selected (`published`, the articles, is not
    theirs)."""
    shown = CaseStudy.objects.defer("body", "body_html", "search_text")
    order = (*ordering(), "-published_at")
    return ranked(tagged(tags), query, order, shown)[:MAX_RESULTS]


def search_tag_counts(query, tags=()):
    """{tag id: how many of the case studies found carry it}, one query."""
    counts = (
        TaggedCaseStudy.objects.filter(content_object__in=found(query, tags).values("pk"))
        .values("tag_id")
        .annotate(count=Count("id"))
    )
    return {row["tag_id"]: row["count"] for row in counts}
