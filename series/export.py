"""What an export writes of series: `series` and `series_order` in each article's front
matter (its rank in its series, from 1), and `series.yml` at the export's root, each series'
own data keyed by its slug (like `tags.yml`), its image's file beside it under
`series/images/` (as an article's bundle carries its images)."""

from pathlib import Path

from publishing.write import HANDLER, asset_entry
from series.models import Series, SeriesEntry
from series.schema import SERIES, SERIES_ORDER
from series.site_file import IMAGE_FOLDER


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
    if series.image_id:
        data["image"] = asset_entry(series.image, image_path)
    return data


def image_path(asset):
    return f"{IMAGE_FOLDER}/{asset.pk}{Path(asset.file.name).suffix.lower()}"


def site_files(articles, everything):
    """`series.yml` when there are series to write (every series for a whole export, else
    those of the exported articles), and their images' files (bytes)."""
    rows = Series.objects.select_related("image").order_by("slug")
    if not everything:
        rows = rows.filter(entries__article__in=articles).distinct()
    rows = list(rows)
    data = {series.slug: series_data(series) for series in rows}
    if not data:
        return {}
    files = {"series.yml": HANDLER.export(data)}
    for series in rows:
        if series.image_id and series.image.file:
            with series.image.file.open("rb") as handle:
                files[image_path(series.image)] = handle.read()
    return files
