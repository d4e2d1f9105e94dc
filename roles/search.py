"""The role pages among search results (the role kind's `search_results`): those of the
published articles matching the query, titles first, then in their articles' order."""

from articles.search import ordering, ranked
from roles.models import Role

MAX_ROLE_RESULTS = 20


def search_results(published, query, tags=()):
    """The role pages of the `published` articles (already filtered by `tags`, their article's)
    matching `query`."""
    roles = Role.objects.filter(article__in=published.values("pk"))
    order = (*ordering(), "article__published_at", "order")
    shown = Role.objects.select_related("article", "image")
    return ranked(roles, query, order, shown)[:MAX_ROLE_RESULTS]
