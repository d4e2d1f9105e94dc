"""What an export writes of series: `series` and `series_order` in each article's front
matter (its rank in its series, from 1), and `series.yml` at the export's root, each series'
own data keyed by its slug (like `tags.yml`)."""

from publishing.write import HANDLER
from series.models import Series, SeriesEntry
from series.schema import SERIES, SERIES_ORDER


def front_matter(article):
    """{series: its slug, series_order: its rank} of an article in a series, else {}."""
    entry = SeriesEntry.objects.filter(article=article).select_related("series").first()
    if entry is None:
        return {}
    ranks = list(entry.series.entries.values_list("article_id", flat=True))
    return {SERIES: entry.series.slug, SERIES_ORDER: ranks.index(article.pk) + 1}


def series_data(series):
    """A series as `series.yml` gives it: its title, its type, and what it has of the rest."""
    data = {"title": series.title, "kind": series.kind}
    if series.description:
        data["description"] = series.description
    if series.ausha_show_id:
        data["ausha_show_id"] = series.ausha_show_id
    return data


def site_files(articles, everything):
    """`series.yml` when there are series to write: every series for a whole export, else
    those of the exported articles."""
    rows = Series.objects.order_by("slug")
    if not everything:
        rows = rows.filter(entries__article__in=articles).distinct()
    data = {series.slug: series_data(series) for series in rows}
    return {"series.yml": HANDLER.export(data)} if data else {}
