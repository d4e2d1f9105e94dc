"""What every published content type shares (the article, a case study…): its status and
dates, the state readers see it in, the version that stops silent overwrites, the preview
links' version and the front matter kept for export. One rule for all of them: the queryset's
`published()` and the model's `publication_state()` say the same thing, and `articles.workflow`
(publish now, schedule, take down) works on any of them.

`Publishable` is abstract: each model keeps its own table and columns (a model may redeclare a
field, as the article does for its date's default and its unpublish date's help)."""

from django.contrib import admin
from django.db import models
from django.utils import timezone

from articles.models.content import RenderedContent
from articles.models.media import ShowingQuerySet


class Status(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publié"


class State(models.TextChoices):
    """Where a page stands for readers (not stored: the time decides)."""

    DRAFT = "brouillon", "Brouillon"
    SCHEDULED = "programme", "Programmé"
    ONLINE = "en-ligne", "En ligne"
    TAKEN_DOWN = "depublie", "Dépublié"


class PublishableQuerySet(ShowingQuerySet):
    def published(self):
        """The one place that decides what readers may see: published, its date come, and
        not yet past its unpublish date. Scheduling needs no cron: time does the work."""
        now = timezone.now()
        return self.filter(status=Status.PUBLISHED, published_at__lte=now).exclude(
            unpublish_at__lte=now
        )

    # What readers cannot see, told apart for editors (`publication_state()` says the same for
    # one row): every row is in exactly one of these four sets.

    def drafts(self):
        """Drafts, and rows marked published but without a date: nobody will see them."""
        return self.filter(models.Q(status=Status.DRAFT) | models.Q(published_at__isnull=True))

    def scheduled(self):
        """Published with a date still to come: they appear by themselves at that time."""
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())

    def taken_down(self):
        """Published, then taken down by their unpublish date."""
        now = timezone.now()
        return self.filter(status=Status.PUBLISHED, published_at__lte=now, unpublish_at__lte=now)


class Publishable(RenderedContent):
    Status = Status
    State = State

    status = models.CharField(
        "statut", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "date de publication",
        null=True,
        blank=True,
        db_index=True,
        help_text="Une date future programme la publication.",
    )
    unpublish_at = models.DateTimeField("date de dépublication", null=True, blank=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    version = models.PositiveIntegerField(
        default=0,
        help_text="Augmente à chaque enregistrement : deux rédacteurs ne s'écrasent pas sans le "
        "savoir.",
    )
    preview_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Change pour révoquer les liens d'aperçu partagés."
    )
    front_matter_extra = models.JSONField(
        "front matter supplémentaire",
        default=dict,
        blank=True,
        help_text="Clés du front matter importé que le modèle ne connaît pas ; réécrites à "
        "l'export.",
    )

    class Meta:
        abstract = True

    def publication_state(self):
        """DRAFT, SCHEDULED, ONLINE or TAKEN_DOWN, by the rules of `PublishableQuerySet`."""
        now = timezone.now()
        if self.status != Status.PUBLISHED or self.published_at is None:
            return State.DRAFT
        if self.published_at > now:
            return State.SCHEDULED
        if self.unpublish_at is not None and self.unpublish_at <= now:
            return State.TAKEN_DOWN
        return State.ONLINE

    @admin.display(boolean=True, description="en ligne")
    def is_published(self):
        return self.publication_state() == State.ONLINE
