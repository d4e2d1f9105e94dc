"""The case-study pages: the list (filtered by scope, tool and tag, combinable) and one case
study with its quotes, deliverables, video, call to action and related pages."""

import re

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode

from articles import embeds
from articles.cache import cacheable, cached
from articles.models import Tag
from articles.seo import for_listing
from articles.views import can_read_drafts, mark_private
from clients import related
from clients.models import CaseStudy, Scope, Tool
from clients.seo import for_case_study

SLUG_RE = re.compile(r"[-a-z0-9_]{1,100}")
MAX_FILTERS = 10

# The list's filters: (query parameter, model, what the list calls them, the case study's
# relation to it, its relation back to the case studies).
FILTERS = (
    ("perimetre", Scope, "Périmètres", "scopes", "case_studies"),
    ("outil", Tool, "Outils", "tools", "case_studies"),
    ("tag", Tag, "Tags", "tags", "tagged_case_studies__content_object"),
)


def selected(request):
    """{parameter: [slugs]} from the query string: only what a slug can be, each once."""
    chosen = {}
    for name, *_ in FILTERS:
        slugs = []
        for slug in request.GET.getlist(name):
            slug = slug.strip().lower()
            if SLUG_RE.fullmatch(slug) and slug not in slugs:
                slugs.append(slug)
        chosen[name] = slugs[:MAX_FILTERS]
    return chosen


def list_url(chosen):
    query = urlencode([(name, slug) for name, *_ in FILTERS for slug in chosen.get(name, ())])
    base = reverse("clients:index")
    return f"{base}?{query}" if query else base


def toggled(chosen, name, slug):
    """The filters with `slug` added to (or removed from) parameter `name`."""
    slugs = chosen[name]
    changed = [s for s in slugs if s != slug] if slug in slugs else [*slugs, slug]
    return list_url({**chosen, name: changed})


def labels_in_use():
    """The scopes, tools and tags of the published case studies, each with its slug and name
    (three queries, shared between readers until the content changes)."""

    def compute():
        published = CaseStudy.objects.published().values("pk")
        return {
            name: [
                (row.slug, getattr(row, "display", row.name))
                for row in model.objects.filter(**{f"{back}__in": published})
                .distinct()
                .order_by("name")
            ]
            for name, model, _, _, back in FILTERS
        }

    return cached("clients-filters", compute)


def filter_groups(chosen):
    """The chips of each filter (each link adds or removes it) and the active filters (each
    removable), in French."""
    in_use = labels_in_use()
    groups, active = [], []
    for name, _, label, *_ in FILTERS:
        names = dict(in_use[name])
        chips = [
            {
                "name": names[slug],
                "active": slug in chosen[name],
                "url": toggled(chosen, name, slug),
            }
            for slug in names
        ]
        if chips:
            groups.append({"label": label, "param": name, "chips": chips})
        active.extend(
            {"name": names.get(slug, slug), "remove_url": toggled(chosen, name, slug)}
            for slug in chosen[name]
        )
    return groups, active


def filtered(chosen):
    case_studies = CaseStudy.objects.published().select_related("hero_image")
    for name, _, _, field, _ in FILTERS:
        for slug in chosen[name]:
            case_studies = case_studies.filter(**{f"{field}__slug": slug})
    return case_studies.defer("body", "body_html", "search_title", "search_text")


@cacheable(query=tuple(name for name, *_ in FILTERS))
def case_study_list(request):
    """The published case studies, newest first, filtered by every selected scope, tool and
    tag."""
    chosen = selected(request)
    groups, active = filter_groups(chosen)
    seo = for_listing(
        f"Études de cas clients — {settings.SITE_NAME}",
        f"Les missions RevOps {settings.SITE_NAME} racontées par nos clients : périmètres, "
        "outils, livrables et résultats.",
        reverse("clients:index"),
    )
    context = {
        "case_studies": list(filtered(chosen)),
        "filter_groups": groups,
        "active_filters": active,
        "index_url": reverse("clients:index"),
        "noindex": bool(active),
        "seo": seo,
    }
    return render(request, "clients/casestudy_list.html", context)


PAGE_QUERYSET = CaseStudy.objects.select_related("hero_image").prefetch_related(
    "scopes", "tools", "tags", "quotes", "deliverables"
)


@cacheable
def case_study_detail(request, slug):
    """One case study; drafts only for staff, marked as previews."""
    case_study = get_object_or_404(PAGE_QUERYSET, slug=slug)
    preview = not case_study.is_published()
    if preview and not can_read_drafts(request.user):
        raise Http404("Étude de cas introuvable")
    return case_study_response(request, case_study, preview=preview)


def case_study_response(request, case_study, *, preview, banner="", lists=None):
    """The reader page of `case_study`. A preview (a draft, the share link, the admin's
    « Aperçu ») carries its `banner`, is not indexed, never cached, and shows no related
    pages. `lists`: {name: rows} for « Aperçu », the quotes, deliverables, scopes, tools and
    tags as the form stands, instead of the stored ones."""
    lists = lists or {}

    def rows(name):
        return list(lists[name]) if name in lists else list(getattr(case_study, name).all())

    scopes, tags, quotes = rows("scopes"), rows("tags"), rows("quotes")
    context = {
        "case_study": case_study,
        "scopes": scopes,
        "tools": rows("tools"),
        "tags": tags,
        "quotes": quotes,
        "deliverables": rows("deliverables"),
        "video": embeds.youtube(case_study.youtube_id, case_study.title or case_study.name)
        if case_study.youtube_id
        else None,
        "cta": {"url": settings.CLIENTS_CTA_URL, "text": settings.CLIENTS_CTA_TEXT}
        if settings.CLIENTS_CTA_URL
        else None,
        "related_case_studies": [] if preview else related.case_studies(case_study, scopes, tags),
        "related_articles": [] if preview else related.articles(case_study, tags),
        "preview": preview,
        "preview_banner": banner,
        "noindex": preview,
        "seo": for_case_study(case_study, tags, quotes),
    }
    response = render(request, "clients/casestudy_detail.html", context)
    if preview:
        mark_private(response)
    return response
