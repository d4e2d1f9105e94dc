"""What a case study's page suggests next: other case studies sharing its scopes or tags, and
articles sharing its tags (each shared between readers until the content changes)."""

from django.db.models import Count, F, Q

from articles.cache import cached
from articles.models import Article
from clients.models import CaseStudy

RELATED = 3


def case_studies(case_study, scopes, tags):
    """Published case studies sharing the most scopes and tags with this one, then the most
    recent."""
    scope_ids, tag_ids = [s.pk for s in scopes], [t.pk for t in tags]
    if not scope_ids and not tag_ids:
        return []

    def compute():
        # One query: the shared scopes and tags counted apart (two joins would multiply them).
        return list(
            CaseStudy.objects.published()
            .exclude(pk=case_study.pk)
            .annotate(
                shared_scopes=Count("scopes", filter=Q(scopes__in=scope_ids), distinct=True),
                shared_tags=Count("tags", filter=Q(tags__in=tag_ids), distinct=True),
            )
            .annotate(shared=F("shared_scopes") + F("shared_tags"))
            .filter(shared__gt=0)
            .select_related("hero_image")
            .defer("body", "body_html", "search_title", "search_text")
            .order_by("-shared", "-published_at", "-pk")[:RELATED]
        )

    return cached("clients-related", compute, case_study.pk, *sorted(scope_ids), "/", *tag_ids)


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
