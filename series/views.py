"""The series' own pages: the index of series and each series with its parts in order."""

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from articles.cache import cacheable
from articles.models import Article
from articles.seo import for_listing
from revops_site.site_url import absolute
from series.models import Series, numbered, published_entries


def shown_series():
    """The series with at least one published part, with their image and that number."""
    published = Q(entries__article__in=Article.objects.published().values("pk"))
    return (
        Series.objects.select_related("image")
        .annotate(part_count=Count("entries", filter=published))
        .filter(part_count__gt=0)
    )


@cacheable
def series_index(request):
    """Every series with a published part, by title."""
    seo = for_listing(
        f"Les séries — {settings.SITE_NAME}",
        "Les parcours et les podcasts du blog, à suivre dans l’ordre.",
        reverse("series:index"),
    )
    return render(request, "series/series_index.html", {"series_list": shown_series(), "seo": seo})


@cacheable
def series_detail(request, slug):
    """A series and its published parts in order (numbered), with their dates; three queries."""
    entries = Prefetch("entries", queryset=published_entries(), to_attr="shown_entries")
    series = get_object_or_404(
        Series.objects.select_related("image").prefetch_related(entries), slug=slug
    )
    series_entries = numbered(series.shown_entries)
    seo = for_listing(
        f"{series.title} — {settings.SITE_NAME}", series.description, series.get_absolute_url()
    )
    image = series.image
    if image is not None and image.file:  # for sharing: absolute, with its size and alt text
        url = image.file.url
        seo["image"] = {
            "url": absolute(url) if url.startswith("/") else url,
            "width": image.width,
            "height": image.height,
            "alt": image.alt,
        }
    return render(
        request,
        "series/series_detail.html",
        {"series": series, "entries": series_entries, "seo": seo},
    )
