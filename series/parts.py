"""An article's place in a series as the article's page shows it (the `SeriesEntry` kind's
`json_ld`), and the blog list's « Podcasts » filter (the series kind's
`list_filters`)."""

from dataclasses import dataclass

from revops_site.site_url import absolute
from series.models import Series

# The schema.org type of each kind of series.
SCHEMA_TYPES = {Series.Kind.PODCAST: "PodcastSeries", Series.Kind.COURSE: "CreativeWorkSeries"}


def json_ld(entry):
    """What the article's `BlogPosting` says of its series."""
    series = entry.series
    return {
        "isPartOf": {
            "@type": SCHEMA_TYPES.get(series.kind, "CreativeWorkSeries"),
            "name": series.title,
            "url": absolute(series.get_absolute_url()),
        }
    }


@dataclass(frozen=True)
class KindFilter:
    """A filter of the blog's list (`?type=<param>`): the articles in a kind of series."""

    param: str
    label: str
    heading: str
    series_kind: str

    def apply(self, articles):
        return articles.filter(series_entry__series__kind=self.series_kind)


PODCASTS = KindFilter("podcast", "Podcasts", "Les podcasts", Series.Kind.PODCAST)
