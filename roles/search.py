"""The role pages among search results (the role kind's `search_results`): those of the
published articles matching the query, titles first, then in their articles' order."""

from django.db.models import F
from django.utils.timezone import now

from articles.search import Probe, ordering, ranked
from roles.models import Role

MAX_ROLE_RESULTS = 20


def search_results(published, query, tags=()):
    """The role pages of the `published` articles (already filtered by `tags`, their article's)
    matching `query`."""
    # Their articles probed (`Probe`), and a bound on their date (implied by `published`) that
    # the planner can walk: on SQLite the roles are read in their articles' order, a slice's
    # worth, never all sorted.
    roles = Role.objects.alias(whole=Probe(F("article_id")))
    roles = roles.filter(whole__in=published.values("pk"), article__published_at__lte=now())
    order = (*ordering(), "article__published_at", "order")
    shown = Role.objects.select_related("article", "image")
    return ranked(roles, query, order, shown)[:MAX_ROLE_RESULTS]
