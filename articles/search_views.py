"""The search page: articles and the pages of searchable parts (role pages) and kinds (case
studies) matching `q`, titles first, combinable with tag filters (which narrow every kind: a
role by its article's tags, a case study by its own); each article's card shows the passage
where the words are, marked. Each kind finds its own results and shows them
(`Kind.search_results`, `Kind.result_template`)."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from articles import registry
from articles.cache import cacheable
from articles.models import Article
from articles.search import clean_query, ordering, ranked
from articles.seo import for_listing
from articles.snippets import snippet
from articles.views import _selected_tags, paginate, tag_filters


@cacheable(query=("q", "tag", "page"))
def search_view(request):
    """Articles and part pages (roles) matching `q`, titles first; combinable with tag
    filters. The tags offered count the rows found (articles, case studies), not the whole
    blog."""
    query = clean_query(request.GET.get("q", ""))
    slugs = _selected_tags(request)
    search_url = f"{reverse('articles:search')}?{urlencode({'q': query})}"
    filters, tag_nav = tag_filters(slugs, search_url, query)
    context = {
        "query": query,
        "filters": filters,
        "tag_nav": tag_nav,
        "noindex": True,
        "searched": bool(query),
        # A tag's count is of every result it leads to (articles and case studies).
        "tag_count_noun": "résultat",
    }
    if query:
        published = Article.objects.published().tagged(slugs)
        order = (*ordering(), "-published_at")
        articles = ranked(published, query, order, Article.objects.for_listing())
        page = paginate(request, articles, ("search", query, *slugs))
        page.object_list = mark_passages(page.object_list, query)
        found = [
            {"kind": kind, "results": list(kind.search_results(published, query, slugs))}
            for kind in registry.kinds()
            if kind.search_results
        ]
        found = [part for part in found if part["results"]]
        context.update(
            page=page,
            articles=page.object_list,
            part_results=found,
            found_elsewhere=" et ".join(part["kind"].search_noun for part in found),
            query_prefix=urlencode([("q", query), *[("tag", s) for s in slugs]]) + "&",
        )
    context["seo"] = for_listing(
        f"Recherche{f' : {query}' if query else ''} — {settings.SITE_NAME}",
        "Rechercher dans les articles et les rôles du blog.",
        reverse("articles:search"),
    )
    return render(request, "articles/search.html", context)


def mark_passages(articles, query):
    """Each article's `snippet`: its excerpt and text where the words are (one query for the
    page's texts, which a list does not fetch)."""
    articles = list(articles)
    texts = dict(
        Article.objects.filter(pk__in=[a.pk for a in articles]).values_list("pk", "body_html")
    )
    for article in articles:
        excerpt = f"<p>{article.excerpt_html}</p>" if article.excerpt else ""  # as cards show it
        article.snippet = snippet(excerpt + texts.get(article.pk, ""), query)
    return articles
