"""Series: articles read in order, as a « parcours » (a course in parts) or the episodes of a
podcast show (Ausha). An article belongs to at most one series, at one position.

Declared in `articles.registry` from `SeriesConfig.ready()`: a series is a content type of its
own (its page, feed and sitemap entry); an article's place in one (`SeriesEntry`) is a part of
the article, so the article's page shows « Épisode 4 sur 21 » and its neighbours without
`articles` naming series.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property

from articles import embeds
from articles.models import Article, ImageAsset
from articles.models.content import ImageUsage


class Series(ImageUsage, models.Model):
    class Kind(models.TextChoices):
        COURSE = "parcours", "Parcours"
        PODCAST = "podcast", "Podcast"

    title = models.CharField("titre", max_length=200)
    slug = models.SlugField(
        "adresse (slug)",
        max_length=200,
        unique=True,
        help_text="La fin de l'adresse : /series/mon-podcast/. Minuscules, chiffres et tirets.",
    )
    description = models.TextField("description", blank=True)
    image = models.ForeignKey(
        ImageAsset,
        verbose_name="image",
        on_delete=models.PROTECT,
        related_name="series",
        null=True,
        blank=True,
    )
    kind = models.CharField("type", max_length=10, choices=Kind.choices, default=Kind.COURSE)
    ausha_show_id = models.CharField(
        "émission (Ausha)",
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(
                embeds.AUSHA_ID_RE.pattern, "Identifiant Ausha : 12 lettres ou chiffres."
            )
        ],
        help_text="Pour un podcast : les 12 caractères après « showId= » dans le code "
        "d'intégration du lecteur Ausha.",
    )
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "série"
        verbose_name_plural = "séries"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("series:detail", kwargs={"slug": self.slug})

    # --- Where it shows an image (`ImageAsset.usages`, the media library) -----------------

    usage_ordering = ("title",)

    def usage_label(self, image):
        return f"série « {self.title} » (image)"

    def usage_links(self, ids):
        if self.image_id in ids:
            yield self.image_id, "image de la série", self.title

    @property
    def part_word(self):
        """How one of its parts is called: « Épisode » for a podcast, « Partie » otherwise."""
        return "Épisode" if self.kind == self.Kind.PODCAST else "Partie"

    @property
    def is_podcast(self):
        return self.kind == self.Kind.PODCAST

    @property
    def previous_label(self):
        return "Épisode précédent" if self.is_podcast else "Partie précédente"

    @property
    def next_label(self):
        return "Épisode suivant" if self.is_podcast else "Partie suivante"

    @property
    def all_label(self):
        return "Tous les épisodes" if self.is_podcast else "Toutes les parties"


class SeriesEntry(models.Model):
    """An article's place in a series (an article is in one series at most)."""

    series = models.ForeignKey(
        Series, verbose_name="série", on_delete=models.CASCADE, related_name="entries"
    )
    article = models.OneToOneField(
        Article, verbose_name="article", on_delete=models.CASCADE, related_name="series_entry"
    )
    position = models.PositiveIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "article de la série"
        verbose_name_plural = "articles de la série"
        ordering = ["series", "position", "pk"]

    def __str__(self):
        return f"{self.series} : {self.article}"

    @cached_property
    def place(self):
        """{entries, current, previous, next, total}: where it stands among its series'
        published parts (one query, whatever the length of the series)."""
        return place_in(self, list(published_entries().filter(series_id=self.series_id)))


# --- Reader side: the parts as readers see them --------------------------------------------


def published_entries():
    """The places in a series of published articles, in their order, with what a list of
    them shows (the article's title, address, date and excerpt)."""
    return (
        SeriesEntry.objects.filter(article__in=Article.objects.published().values("pk"))
        .select_related("article")
        .only(
            "series_id",
            "position",
            "article__slug",
            "article__title",
            "article__published_at",
            "article__excerpt",
            "article__rendered_meta",
        )
        .order_by("position", "pk")
    )


def numbered(entries):
    """The entries with their number in the series (1, 2…), in order."""
    for number, entry in enumerate(entries, start=1):
        entry.number = number
    return entries


def place_in(entry, siblings):
    """Where `entry` stands among the published `siblings` of its series (a draft, shown in a
    preview, among them at its position): {entries, current, previous, next, total}, each
    entry numbered."""
    entries = [e for e in siblings if e.pk != entry.pk]
    entries.append(entry)
    entries.sort(key=lambda e: (e.position, e.pk or 0))
    numbered(entries)
    index = entries.index(entry)
    return {
        "entries": entries,
        "current": entry,
        "previous": entries[index - 1] if index > 0 else None,
        "next": entries[index + 1] if index + 1 < len(entries) else None,
        "total": len(entries),
    }
