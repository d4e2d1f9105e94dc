"""What a case study's page suggests next: other case studies sharing its scopes or tags, and
articles sharing its tags (each shared between readers until the content changes)."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from articles.cache import cached
from articles.models import Article
from clients.models import CaseStudy, TaggedCaseStudy

RELATED = 3


def case_studies(case_study, scopes, tags):
    """Published case studies sharing the most scopes and tags with this one, then the most
    recent."""
    scope_ids, tag_ids = [s.pk for s in scopes], [t.pk for t in tags]
    if not scope_ids and not tag_ids:
        return []

    def compute():
        # One query, each count a subquery on its link table's index: grouping the case
        # studies' own wide rows by joins took 20 ms at 200 case studies (bench/site_bench.py).
        scopes_through = CaseStudy.scopes.through
        shared = shared_count(scopes_through, "casestudy_id", "scope_id", scope_ids)
        shared += shared_count(TaggedCaseStudy, "content_object_id", "tag_id", tag_ids)
        return list(
            CaseStudy.objects.published()
            .exclude(pk=case_study.pk)
            .annotate(shared=shared)
            .filter(shared__gt=0)
            .select_related("hero_image")
            .defer("body", "body_html", "search_title", "search_text")
            .order_by("-shared", "-published_at", "-pk")[:RELATED]
        )

    return cached("clients-related", compute, case_study.pk, *sorted(scope_ids), "/", *tag_ids)


def shared_count(through, owner, field, ids):
    """How many of `ids` the case study's rows of `through` name (0 without any)."""
    rows = (
        through.objects.filter(**{owner: OuterRef("pk"), f"{field}__in": ids})
        .order_by()
        .values(owner)
        .annotate(count=Count("pk"))
        .values("count")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def articles(case_study, tags):
    """Published articles sharing the most tags with this case study, then the most recent."""
    tag_ids = sorted(t.pk for t in tags)
    if not tag_ids:
        return []

    def compute():
        return list(
            Article.objects.published()
            .for_listing()
            .filter(tags__in=tag_ids)
            .annotate(shared=Count("pk"))
            .order_by("-shared", "-published_at", "-pk")[:RELATED]
        )

    return cached("clients-related-articles", compute, case_study.pk, *tag_ids)
