"""Reader pages of the blog: lists, tags, articles, authors (search: search_views). The
article page shows its parts (roles) as their kinds declare them (`articles.registry`)."""

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import slugify

from articles import registry
from articles.cache import cacheable, cached
from articles.models import PAGE_DEFERRED, Article, Author, Tag
from articles.preview import read_token
from articles.search import search
from articles.seo import for_article, for_listing
from articles.typography import elide, french_spacing

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


@cacheable(query=("page", "tag", "type"))
def article_list(request, tag_slug=None):
    """Published articles, newest first, filtered by every selected tag (and, on /blog/, by
    a filter a content type declares: `?type=podcast`)."""
    tag = get_object_or_404(Tag, slug=tag_slug) if tag_slug is not None else None
    slugs = _selected_tags(request, tag_slug)
    articles = Article.objects.published().for_listing().tagged(slugs)
    kind_filter = None if tag else registry.list_filters().get(request.GET.get("type"))
    if kind_filter:
        articles = kind_filter.apply(articles)
    page = paginate(request, articles, ("list", kind_filter.param if kind_filter else "", *slugs))
    filters, tag_nav = tag_filters(slugs)
    extra = [s for s in slugs if s != tag_slug]
    # The page names its filter: « Articles sur « L’Ops » et « Data » ».
    heading = f"Articles sur {filter_label([f['tag'] for f in filters])}" if filters else None
    if kind_filter and not filters:
        heading = kind_filter.heading
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
        "query_prefix": query_prefix(extra, kind_filter),
        "kind_filters": [] if tag else kind_filter_links(kind_filter),
        # Page one of the blog and of each tag is what search engines should index.
        "noindex": page.number > 1 or len(extra) > 0 or kind_filter is not None,
        "seo": seo,
    }
    return render(request, "articles/article_list.html", context)


def query_prefix(slugs, kind_filter=None):
    """What the page links keep of the filter, before their `page=`."""
    pairs = [*((("type", kind_filter.param),) if kind_filter else ()), *(("tag", s) for s in slugs)]
    return urlencode(pairs) + "&" if pairs else ""


def kind_filter_links(active):
    """The chips of the filters the content types declare (« Podcasts »): each leads to its
    list, the active one back to the blog."""
    base = reverse("articles:list")
    return [
        {
            "label": f.label,
            "active": f is active,
            "url": base if f is active else f"{base}?{urlencode([('type', f.param)])}",
        }
        for f in registry.list_filters().values()
    ]


def _filter_url(slugs, base_url=None):
    """`base_url` (which may already carry `?q=…`) with one `tag=` per slug."""
    base = base_url or reverse("articles:list")
    if not slugs:
        return base
    return f"{base}{'&' if '?' in base else '?'}{urlencode([('tag', s) for s in slugs])}"


TAG_NAV_SIZE = 30


def _tags_in_use(slugs=(), query=""):
    """The most used tags of the published articles carrying every tag of `slugs` (and matching
    the search `query`, if any, with the other results of the search tagged like them:
    `Kind.search_tag_counts`), each with the number of those rows it is on (which its link
    leads to), in name order; and the tags of `slugs` themselves (`count` None when no
    article has them all). Two queries, shared between readers per filter until the content
    changes."""

    def compute():
        articles = Article.objects.published().tagged(slugs)
        more = ()
        if query:
            articles = search(articles, query)
            # The search's other results tagged like articles (case studies) count too.
            more = [
                kind.search_tag_counts(query, slugs)
                for kind in registry.kinds()
                if kind.search_tag_counts
            ]
        return articles.tags_in_use(TAG_NAV_SIZE, slugs, more)

    return cached("tag-nav", compute, query, *sorted(slugs))


def related_articles(article, tag_ids, limit=3):
    """Published articles sharing the most tags with this one, then the most recent."""
    if not tag_ids:
        return []

    def compute():
        return Article.objects.published().related_to(article, tag_ids, limit)

    return cached("related", compute, article.pk, *sorted(tag_ids))


def page_parts():
    """The kinds of parts the article page shows (the roles), in registration order."""
    return [kind for kind in registry.kind_of(Article).parts() if kind.context_name]


def related_name(kind):
    """The accessor of a part kind's rows on their whole (its foreign key's related name)."""
    return kind.model_class._meta.get_field(kind.whole_field).remote_field.get_accessor_name()


def one_to_one(kind):
    """Whether the part is one row at most per article (its place in a series)."""
    return kind.model_class._meta.get_field(kind.whole_field).one_to_one


def article_queryset():
    # A one-to-one part is joined (none: no query); the others are prefetched.
    joined = [
        lookup
        for kind in page_parts()
        if one_to_one(kind)
        for lookup in [related_name(kind)]
        + [f"{related_name(kind)}__{name}" for name in kind.page_related]
    ]
    return (
        Article.objects.defer(*PAGE_DEFERRED)
        .select_related("author", "hero_image", *joined)
        .prefetch_related(
            "tags",
            *(
                Prefetch(related_name(kind), queryset=kind.page_rows(kind.model_class.objects))
                for kind in page_parts()
                if not one_to_one(kind)
            ),
        )
    )


@cacheable
def article_detail(request, slug):
    """One article with its parts (roles) in place; drafts only for staff, marked as
    previews."""
    article = get_object_or_404(article_queryset(), slug=slug)
    preview = not article.is_published()
    if preview and not can_read_drafts(request.user):
        raise Http404("Article introuvable")
    return article_response(request, article, preview=preview)


def read_parts(article):
    """{context name: rows} of the article's parts as its page shows them (prefetched)."""
    return {kind.context_name: part_rows(article, kind) for kind in page_parts()}


def part_rows(article, kind):
    """A part's rows on its article, as a list: a one-to-one part (its place in a series) has
    one row or none."""
    name = related_name(kind)
    if one_to_one(kind):
        row = getattr(article, name, None)  # none: Django's RelatedObjectDoesNotExist
        return [row] if row is not None else []
    return list(getattr(article, name).all())


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

    `parts`: {context name: rows} (a role kind's list under its `context_name`), None to read
    them from the database.
    `editor`: the admin's preview, where missing images show their placeholder (readers get
    none). `unsaved`: the article as an editor's form stands, not as stored.
    """
    tags = list(article.tags.all()) if tags is None else tags
    parts = read_parts(article) if parts is None else parts
    before, after, has_slot = article.body_parts()
    toc_before, toc_after = toc_around_slot(article.toc or [], before, has_slot)
    shown = []
    for kind in page_parts():
        rows = parts.get(kind.context_name) or []
        if not rows:
            continue
        if share_token and kind.shared_preview_url_name:  # links stay inside the preview
            for row in rows:
                row.preview_url = reverse(
                    kind.shared_preview_url_name, kwargs={"token": share_token, "slug": row.slug}
                )
        heading = section_heading(toc_before, kind) if has_slot else None
        if heading:
            toc_before = toc_before[:-1]  # the part's own entry, under the body's heading
        shown.append({"kind": kind, "rows": rows, "heading": heading})
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "tags": tags,
            **{kind.context_name: parts.get(kind.context_name) or [] for kind in page_parts()},
            "page_parts": shown,
            "toc_parts": [part for part in shown if part["kind"].toc_include],
            # In the body's slot, the parts declaring one (roles); the others after the body.
            "slot_parts": [part for part in shown if has_slot and part["kind"].slot],
            "after_parts": [part for part in shown if not (has_slot and part["kind"].slot)],
            "body_before": before,
            "body_after": after,
            "has_slot": has_slot,
            "toc_before": toc_before,
            "toc_after": toc_after,
            "related": [] if preview else related_articles(article, [t.pk for t in tags]),
            "preview": preview,
            "preview_banner": preview_banner(article, unsaved=unsaved) if preview else "",
            "noindex": preview,
            "show_missing_images": editor,
            "seo": for_article(article, tags, parts),
        },
    )
    if preview:
        mark_private(response)
    return response


def toc_around_slot(toc, before, has_slot):
    """The table of contents split where the parts are shown: (entries before, entries after).

    Without a slot the parts come after the body, so every heading comes before them. A
    heading whose subsections straddle the slot keeps those before it; the others follow the
    parts as entries of their own, in page order.
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


def section_heading(toc_before, kind):
    """The body's own heading for the part's section when it closes the body before the slot
    (a split article keeps the `## Les rôles` its roles stood under, `kind.section_heading_slug`),
    as its TOC entry: the section takes it as its title rather than showing a second one. None
    otherwise."""
    if not toc_before or not kind.section_heading_slug:
        return None
    entry = toc_before[-1]
    if entry.get("children") or slugify(entry["name"]) != kind.section_heading_slug:
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
