"""Reader pages of the blog: lists, tags, articles, authors (search: search_views; role pages:
role_views)."""

import re
from collections import Counter

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import slugify

from articles.cache import cacheable, cached
from articles.models import PAGE_DEFERRED, Article, Author, Tag, TaggedArticle
from articles.preview import read_token
from articles.search import search
from articles.seo import for_article, for_listing
from articles.typography import elide, french_spacing
from roles.models import Role

MAX_TAG_FILTERS = 10
SLUG_RE = re.compile(r"[-a-z0-9_]{1,100}")


def home(request):
    return redirect("articles:list", permanent=False)


def _selected_tags(request, extra_slug=None):
    """The tags a listing is filtered by, from `?tag=` (repeatable) and the tag page's slug."""
    slugs = []
    for slug in ([extra_slug] if extra_slug else []) + request.GET.getlist("tag"):
        slug = slug.strip().lower()
        # Only what a tag slug can be: markup, NUL bytes and the like are simply ignored.
        if SLUG_RE.fullmatch(slug) and slug not in slugs:
            slugs.append(slug)
    return slugs[:MAX_TAG_FILTERS]


class CachedCountPaginator(Paginator):
    """A paginator whose total is shared between readers until the content changes (counting
    10,000 published articles is the slowest part of a list page)."""

    def __init__(self, object_list, per_page, count_key):
        super().__init__(object_list, per_page)
        self.count_key = count_key

    @cached_property
    def count(self):
        return cached("count", lambda: Paginator.count.func(self), *self.count_key)


def paginate(request, articles, count_key):
    page = CachedCountPaginator(articles, settings.ARTICLES_PER_PAGE, count_key).get_page(
        request.GET.get("page")
    )
    page.elided_range = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return page


def filter_by_tags(articles, slugs):
    """Articles carrying every one of the tags (one subquery per tag, one query in all)."""
    for slug in slugs:
        articles = articles.filter(
            pk__in=TaggedArticle.objects.filter(tag__slug=slug).values("content_object")
        )
    return articles


def tag_filters(slugs, base_url=None, query=""):
    """The active filters (each removable) and the tag navigation (each link adds or removes).

    The navigation follows the filter (and on the search page, the search `query`): a tag
    offered shows how many articles its link leads to, and a tag that would lead to an empty
    page is not offered.
    """
    in_use = _tags_in_use(slugs, query)
    tags_by_slug = {t.slug: t for t in in_use}
    active = [tags_by_slug.get(slug) or Tag(name=slug, slug=slug) for slug in slugs]
    filters = [
        {"tag": t, "remove_url": _filter_url([s for s in slugs if s != t.slug], base_url)}
        for t in active
    ]
    nav = [
        {
            "tag": t,
            "active": t.slug in slugs,
            "url": _filter_url(
                [s for s in slugs if s != t.slug] if t.slug in slugs else [*slugs, t.slug],
                base_url,
            ),
        }
        for t in in_use
        if t.count or t.slug in slugs
    ]
    return filters, nav


def filter_label(tags):
    """« L’Ops », « L’Ops » et « Data », « A », « B » et « C »: the filter, named in French."""
    names = [f"« {t.display} »" for t in tags]
    label = f"{', '.join(names[:-1])} et {names[-1]}" if len(names) > 1 else names[0]
    return french_spacing(label)


@cacheable(query=("page", "tag"))
def article_list(request, tag_slug=None):
    """Published articles, newest first, filtered by every selected tag."""
    tag = get_object_or_404(Tag, slug=tag_slug) if tag_slug is not None else None
    slugs = _selected_tags(request, tag_slug)
    articles = filter_by_tags(Article.objects.published().for_listing(), slugs)
    page = paginate(request, articles, ("list", *slugs))
    filters, tag_nav = tag_filters(slugs)
    extra = [s for s in slugs if s != tag_slug]
    # The page names its filter: « Articles sur « L’Ops » et « Data » ».
    heading = f"Articles sur {filter_label([f['tag'] for f in filters])}" if filters else None
    if tag:
        seo = for_listing(
            f"{heading} — {settings.SITE_NAME}",
            f"Articles {settings.SITE_NAME} sur « {tag.display} ».",
            tag.get_absolute_url(),
        )
    elif heading:
        seo = for_listing(f"{heading} — {settings.SITE_NAME}", None, reverse("articles:list"))
    else:
        seo = for_listing(f"Blog — {settings.SITE_NAME}", None, reverse("articles:list"))
    if page.number > 1:
        seo["title"] = f"{seo['title']} (page {page.number})"
    context = {
        "page": page,
        "articles": page.object_list,
        "filters": filters,
        "tag_nav": tag_nav,
        "tag": tag,
        "heading": heading,
        "query_prefix": urlencode([("tag", s) for s in extra]) + "&" if extra else "",
        # Page one of the blog and of each tag is what search engines should index.
        "noindex": page.number > 1 or len(extra) > 0,
        "seo": seo,
    }
    return render(request, "articles/article_list.html", context)


def _filter_url(slugs, base_url=None):
    """`base_url` (which may already carry `?q=…`) with one `tag=` per slug."""
    base = base_url or reverse("articles:list")
    if not slugs:
        return base
    return f"{base}{'&' if '?' in base else '?'}{urlencode([('tag', s) for s in slugs])}"


TAG_NAV_SIZE = 30


def _tags_in_use(slugs=(), query=""):
    """The most used tags of the published articles carrying every tag of `slugs` (and matching
    the search `query`, if any), each with the number of those articles it is on (which its
    link leads to), in name order; and the tags of `slugs` themselves (`count` None when no
    article has them all). Two queries, shared between readers per filter until the content
    changes."""

    def compute():
        articles = filter_by_tags(Article.objects.published(), slugs)
        if query:
            articles = search(articles, query).values("pk")
        counts = (
            TaggedArticle.objects.filter(content_object__in=articles)
            .values("tag_id")
            .annotate(count=Count("id"))
            # The selected tags are on every article counted: room for them at the top.
            .order_by("-count", "tag_id")[: TAG_NAV_SIZE + len(slugs)]
        )
        by_id = {row["tag_id"]: row["count"] for row in counts}
        chosen = Q(pk__in=by_id) | Q(slug__in=slugs) if slugs else Q(pk__in=by_id)
        tags = list(Tag.objects.filter(chosen).order_by("name"))
        for tag in tags:
            tag.count = by_id.get(tag.pk)
        return tags

    return cached("tag-nav", compute, query, *sorted(slugs))


def related_articles(article, tag_ids, limit=3):
    """Published articles sharing the most tags with this one, then the most recent."""
    if not tag_ids:
        return []

    def compute():
        # Small steps the database answers from its indexes (a join here lets SQLite scan the
        # articles): the taggings of these few tags, which of those articles are published,
        # newest first, then the three chosen ones in full.
        taggings = TaggedArticle.objects.filter(tag_id__in=tag_ids).exclude(
            content_object_id=article.pk
        )
        shared = Counter(taggings.values_list("content_object_id", flat=True))
        newest_first = (
            Article.objects.published()
            .filter(pk__in=taggings.values("content_object_id"))
            .order_by("-published_at")
            .values_list("pk", flat=True)
        )
        # A stable sort on the shared count keeps the newest first among equals.
        best = sorted(newest_first, key=lambda pk: shared[pk], reverse=True)[:limit]
        chosen = {a.pk: a for a in Article.objects.for_listing().filter(pk__in=best)}
        return [chosen[pk] for pk in best]

    return cached("related", compute, article.pk, *sorted(tag_ids))


def article_queryset():
    return (
        Article.objects.defer(*PAGE_DEFERRED)
        .select_related("author", "hero_image")
        .prefetch_related(
            "tags",
            Prefetch(
                "roles", queryset=Role.objects.select_related("image").order_by("order", "pk")
            ),
        )
    )


@cacheable
def article_detail(request, slug):
    """One article with its roles in place; drafts only for staff, marked as previews."""
    article = get_object_or_404(article_queryset(), slug=slug)
    preview = not article.is_published()
    if preview and not can_read_drafts(request.user):
        raise Http404("Article introuvable")
    return article_response(request, article, preview=preview)


def article_response(
    request,
    article,
    *,
    preview,
    tags=None,
    parts=None,
    share_token=None,
    editor=False,
    unsaved=False,
):
    """The public article page; a preview is marked, not indexed and never cached.

    `editor`: the admin's preview, where missing images show their placeholder (readers get
    none). `unsaved`: the article as an editor's form stands, not as stored.
    """
    tags = list(article.tags.all()) if tags is None else tags
    roles = list(article.roles.all()) if parts is None else parts.get("roles", [])
    if share_token:
        for role in roles:  # role links stay inside the shared preview
            role.preview_url = reverse(
                "articles:role_shared_preview", kwargs={"token": share_token, "slug": role.slug}
            )
    before, after, has_slot = article.body_parts()
    toc_before, toc_after = toc_around_roles(article.toc or [], before, has_slot)
    roles_heading = heading_before_roles(toc_before) if has_slot and roles else None
    if roles_heading:
        toc_before = toc_before[:-1]  # the roles' own entry, under the body's heading
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "tags": tags,
            "roles": roles,
            "body_before": before,
            "body_after": after,
            "has_roles_slot": has_slot,
            "toc_before": toc_before,
            "toc_after": toc_after,
            "roles_heading": roles_heading,
            "related": [] if preview else related_articles(article, [t.pk for t in tags]),
            "preview": preview,
            "preview_banner": preview_banner(article, unsaved=unsaved) if preview else "",
            "noindex": preview,
            "show_missing_images": editor,
            "seo": for_article(article, tags, roles),
        },
    )
    if preview:
        mark_private(response)
    return response


ROLES_HEADING_SLUG = "les-roles"  # the title of the roles section (includes/_roles.html)


def toc_around_roles(toc, before, has_slot):
    """The table of contents split where the roles are shown: (entries before, entries after).

    Without a slot the roles come after the body, so every heading comes before them. A heading
    whose subsections straddle the slot keeps those before it; the others follow the roles as
    entries of their own, in page order.
    """
    if not has_slot:
        return toc, []
    head, tail = [], []
    for entry in toc:
        if f'id="{entry["id"]}"' not in before:
            tail.append(entry)
            continue
        children = entry.get("children") or []
        inside = [c for c in children if f'id="{c["id"]}"' in before]
        head.append({**entry, "children": inside} if len(inside) < len(children) else entry)
        tail.extend(c for c in children if c not in inside)
    return head, tail


def heading_before_roles(toc_before):
    """The body's own « Les rôles » heading when the roles close its section (a split article
    keeps the `## Les rôles` its roles stood under), as its TOC entry: the roles section takes
    it as its title rather than showing a second « Les rôles ». None otherwise."""
    if not toc_before:
        return None
    entry = toc_before[-1]
    if entry.get("children") or slugify(entry["name"]) != ROLES_HEADING_SLUG:
        return None
    return entry


def preview_banner(article, *, unsaved=False):
    """What a preview's banner tells the team: whose version this is, and whether readers see
    the page (an editor previewing changes to a live article must not read « not published »)."""
    if unsaved:
        live = bool(article.pk) and Article.objects.published().filter(pk=article.pk).exists()
        where = (
            "l’article est en ligne, les lecteurs voient la version enregistrée"
            if live
            else "cette page n’est pas publiée"
        )
        return f"Aperçu de vos modifications non enregistrées\u00a0: {where}."
    state = article.publication_state()
    if state == Article.State.ONLINE:
        where = "cette page est en ligne, telle que les lecteurs la voient"
    elif state == Article.State.SCHEDULED:
        moment = date_format(timezone.localtime(article.published_at), "j F Y à H:i")
        where = f"cette page sera publiée le {moment}"
    elif state == Article.State.TAKEN_DOWN:
        where = "cette page n’est plus publiée"
    else:
        where = "cette page n’est pas publiée"
    return f"Aperçu réservé à l’équipe\u00a0: {where}."


def mark_private(response):
    add_never_cache_headers(response)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def shared_preview(request, token):
    """A reviewer without an account reads one article from a signed, expiring link."""
    article = article_for_token(token)
    return article_response(request, article, preview=True, share_token=token)


def article_for_token(token):
    pk = read_token(token)
    if pk is None:
        raise Http404("Lien d'aperçu expiré ou révoqué")
    return get_object_or_404(article_queryset(), pk=pk)


@cacheable(query=("page",))
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    articles = Article.objects.published().for_listing().filter(author=author)
    page = paginate(request, articles, ("author", author.pk))
    seo = for_listing(
        f"{author.name} — {settings.SITE_NAME}",
        author.bio or f"Les articles {elide('de', author.name)}.",
        reverse("articles:author", kwargs={"slug": author.slug}),
    )
    return render(
        request,
        "articles/author_detail.html",
        {"author": author, "page": page, "articles": page.object_list, "seo": seo,
         "noindex": page.number > 1, "query_prefix": ""},
    )  # fmt: skip


def can_read_drafts(user):
    """Drafts and scheduled content are for staff allowed to see or edit articles; being staff
    alone grants nothing."""
    return (
        user.is_active
        and user.is_staff
        and (user.has_perm("articles.view_article") or user.has_perm("articles.change_article"))
    )
