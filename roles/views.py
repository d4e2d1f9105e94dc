"""The pages of role sub-articles: one role, and the index of all roles; and the roles as
their article's page shows them (the role kind's `page_rows`)."""

from django.conf import settings
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from articles.cache import cacheable, cached
from articles.models import Article
from articles.seo import for_listing
from articles.views import article_for_token, can_read_drafts, mark_private, preview_banner
from roles import body as role_body
from roles.models import Role
from roles.seo import for_role


def article_rows(queryset):
    """The roles as their article's page shows them: in order, with their image."""
    return queryset.select_related("image").order_by("order", "pk")


ROLE_QUERYSET = Role.objects.select_related(
    "article", "article__author", "image", "dedicated_article"
).prefetch_related("missions", "background", "alternative_titles", "tags")


@cacheable
def role_detail(request, article_slug, slug):
    role = get_object_or_404(ROLE_QUERYSET, article__slug=article_slug, slug=slug)
    preview = not role.article.is_published()
    if preview and not can_read_drafts(request.user):
        raise Http404("Rôle introuvable")
    return render_role(request, role, preview=preview)


def shared_role_preview(request, token, slug):
    """The role pages of an article shared for review, under the same signed link."""
    article = article_for_token(token)
    role = get_object_or_404(ROLE_QUERYSET, article=article, slug=slug)
    return render_role(request, role, preview=True, share_token=token)


def render_role(request, role, *, preview, share_token=None):
    article = role.article
    siblings = list(article.roles.order_by("order", "pk").only("pk", "slug", "title", "article_id"))
    index = next(i for i, r in enumerate(siblings) if r.pk == role.pk)
    for sibling in siblings:
        sibling.article = article
        if share_token:
            sibling.preview_url = reverse(
                "roles:shared_preview", kwargs={"token": share_token, "slug": sibling.slug}
            )
    background = list(role.background.all())
    missions = list(role.missions.all())
    alternative_titles = list(role.alternative_titles.all())
    fields = {
        "missions": missions,
        "experience": [b for b in background if b.kind == b.Kind.EXPERIENCE],
        "certifications": [b for b in background if b.kind == b.Kind.CERTIFICATION],
        "alternative_titles": alternative_titles,
    }
    response = render(
        request,
        "roles/role_detail.html",
        {
            "role": role,
            "article": article,
            "article_url": reverse("articles:shared_preview", kwargs={"token": share_token})
            if share_token
            else article.get_absolute_url(),
            "previous_role": siblings[index - 1] if index > 0 else None,
            "next_role": siblings[index + 1] if index + 1 < len(siblings) else None,
            **fields,
            "alternative_lines": role_body.title_groups(alternative_titles),
            "dedicated_link": role.dedicated_link,
            "body": role_body.draw(role, **fields),
            "preview": preview,
            "preview_banner": preview_banner(article) if preview else "",
            "noindex": preview,
            "seo": for_role(role, article, missions, alternative_titles),
        },
    )
    if preview:
        mark_private(response)
    return response


ROLES_PER_TITLE = 12


def role_groups():
    published = Role.objects.filter(article__in=Article.objects.published().values("pk"))
    newest_first = [F("article__published_at").desc(), F("order").asc()]
    # The ranking runs on narrow rows; the chosen roles are then fetched with their article.
    ids = (
        published.annotate(rank=Window(RowNumber(), partition_by=F("title"), order_by=newest_first))
        .filter(rank__lte=ROLES_PER_TITLE)
        .values_list("pk", flat=True)
    )
    totals = dict(published.values_list("title").annotate(n=Count("id")))
    roles = (
        Role.objects.filter(pk__in=list(ids))
        .select_related("article", "image")
        .order_by("title", "-article__published_at", "order")
    )
    groups = {}
    for role in roles:
        group = groups.setdefault(
            role.title, {"roles": [], "more": totals[role.title] - ROLES_PER_TITLE}
        )
        group["roles"].append(role)
    return groups


@cacheable
def role_index(request):
    """The role sub-articles of the published articles, grouped by role title (the most
    recent of each title first; three queries however many roles there are, and shared
    between readers until the content changes)."""
    groups = cached("roles-index", role_groups)
    seo = for_listing(
        f"Les rôles d’une équipe RevOps — {settings.SITE_NAME}",
        "Tous les rôles décrits sur le blog : missions, parcours type et autres intitulés.",
        reverse("roles:index"),
    )
    return render(request, "roles/role_index.html", {"groups": groups, "seo": seo})
