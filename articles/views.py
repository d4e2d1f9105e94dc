"""Reader pages of the blog, and the admin's Markdown preview and image upload endpoints."""

from django.conf import settings
from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from articles.markdown import markdownify
from articles.models import Article, Tag, TaggedArticle

MAX_TAG_FILTERS = 10


def home(request):
    return redirect("articles:list", permanent=False)


def _selected_tags(request, extra_slug=None):
    """The tags a listing is filtered by, from `?tag=` (repeatable) and the tag page's slug."""
    slugs = []
    for slug in ([extra_slug] if extra_slug else []) + request.GET.getlist("tag"):
        slug = slug.strip().lower()
        if slug and slug not in slugs and len(slug) <= 100:
            slugs.append(slug)
    return slugs[:MAX_TAG_FILTERS]


def article_list(request, tag_slug=None):
    """Published articles, newest first, filtered by every selected tag."""
    if tag_slug is not None:
        tag = get_object_or_404(Tag, slug=tag_slug)
    slugs = _selected_tags(request, tag_slug)
    tags_by_slug = {t.slug: t for t in Tag.objects.filter(slug__in=slugs)} if slugs else {}
    articles = Article.objects.published().for_listing()
    for slug in slugs:
        articles = articles.filter(
            pk__in=TaggedArticle.objects.filter(tag__slug=slug).values("content_object")
        )
    page = Paginator(articles, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    active = [tags_by_slug.get(slug) or Tag(name=slug, slug=slug) for slug in slugs]
    filters = [
        {"tag": t, "remove_url": _filter_url([s for s in slugs if s != t.slug])} for t in active
    ]
    tag_nav = [
        {
            "tag": t,
            "active": t.slug in slugs,
            "url": _filter_url(
                [s for s in slugs if s != t.slug] if t.slug in slugs else slugs + [t.slug]
            ),
        }
        for t in _tags_in_use()
    ]
    context = {
        "page": page,
        "articles": page.object_list,
        "filters": filters,
        "tag_nav": tag_nav,
        "tag": tag if tag_slug is not None else None,
        "selected_slugs": slugs,
        "query_prefix": "".join(f"tag={s}&" for s in slugs if s != tag_slug),
        "noindex": page.number > 1 or len(slugs) > (1 if tag_slug else 0),
    }
    return render(request, "articles/article_list.html", context)


def _filter_url(slugs):
    from django.urls import reverse
    from django.utils.http import urlencode

    base = reverse("articles:list")
    return f"{base}?{urlencode([('tag', s) for s in slugs])}" if slugs else base


def _tags_in_use():
    published = Article.objects.published().values("pk")
    return (
        Tag.objects.filter(tagged_articles__content_object__in=published)
        .annotate(count=Count("tagged_articles", distinct=True))
        .order_by("name")
    )


def article_detail(request, slug):
    """One article with its roles in place; drafts only for staff, marked as previews."""
    from roles.models import Role

    queryset = Article.objects.select_related("author", "hero_image").prefetch_related(
        "tags",
        Prefetch("roles", queryset=Role.objects.select_related("image").order_by("order", "pk")),
    )
    article = get_object_or_404(queryset, slug=slug)
    preview = not article.is_published()
    if preview and not _is_staff(request.user):
        raise Http404("Article introuvable")
    before, after, has_slot = article.body_parts()
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "roles": article.roles.all(),
            "body_before": before,
            "body_after": after,
            "has_roles_slot": has_slot,
            "preview": preview,
            "noindex": preview,
        },
    )
    if preview:
        add_never_cache_headers(response)
        response["Cache-Control"] = "private, no-store"
    return response


def _is_staff(user):
    return user.is_active and user.is_staff


def staff_required(view):
    """403 (not a login redirect) for anyone but active staff: these are API endpoints."""

    def check(user):
        if not _is_staff(user):
            raise PermissionDenied
        return True

    return user_passes_test(check)(view)


@require_POST
@staff_required
def markdown_preview(request):
    """Live preview for the admin editor: the published pipeline, nothing else."""
    return HttpResponse(markdownify(request.POST.get("content", "")))


@require_POST
@staff_required
def image_upload(request):
    """Drag-and-drop upload: create an ImageAsset and hand back `![alt](<uuid>)`."""
    from articles.forms import ImageUploadForm

    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = [str(e) for errs in form.errors.values() for e in errs]
        return JsonResponse({"error": " ".join(errors), "errors": form.errors}, status=400)
    asset = form.save()
    return JsonResponse({"image_code": asset.markdown, "id": str(asset.pk)})
