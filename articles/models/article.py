"""Articles and their publishing rules (the redirects their moves leave: `redirect`)."""

import math

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from articles import embeds, registry
from articles.markdown import MarkdownTooComplex, plain_text, render_inline, slot_html
from articles.models.content import RenderedContent
from articles.models.media import ImageAsset, images_shown_by_parts
from articles.models.publication import Publishable
from articles.models.queries import (  # noqa: F401 (their home for importers)
    LISTING_DEFERRED,
    PAGE_DEFERRED,
    WORDS_PER_MINUTE,
    ArticleQuerySet,
)
from articles.models.taxonomy import Author, TaggedArticle
from revops_site.site_url import site_url


def reading_minutes(word_count):
    """Minutes needed to read `word_count` words, at least one."""
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))


class Article(Publishable):
    title = models.CharField("titre", max_length=200)
    slug = models.SlugField(
        "adresse (slug)",
        max_length=200,
        unique=True,
        help_text="La fin de l'adresse de l'article, par exemple equipe-revops. Minuscules, "
        "chiffres et tirets.",
    )
    author = models.ForeignKey(
        Author,
        verbose_name="auteur",
        on_delete=models.PROTECT,
        related_name="articles",
        null=True,
        blank=True,
    )
    description = models.TextField(
        "description (SEO)",
        blank=True,
        help_text="Meta description pour les moteurs de recherche : 120 à 160 caractères "
        "(un texte plus long est gardé entier ; les pages en montrent le début).",
    )
    excerpt = models.TextField("chapeau", blank=True, help_text="Résumé affiché sur la liste.")
    hero_image = models.ForeignKey(
        ImageAsset,
        verbose_name="image principale",
        on_delete=models.PROTECT,
        related_name="hero_of",
        null=True,
        blank=True,
    )
    hero_image_url = models.URLField(
        "image principale externe (URL)",
        max_length=500,
        blank=True,
        help_text="Utilisée si aucune image principale n'est choisie (par exemple Unsplash).",
    )
    hero_image_alt = models.CharField(
        "texte alternatif de l'image externe", max_length=255, blank=True
    )
    hero_image_credit = models.CharField(
        "crédit de l'image principale",
        max_length=200,
        blank=True,
        help_text="Affiché sous l'image. Une image de la bibliothèque montre d'abord son propre "
        "crédit ; celui-ci s'affiche si elle n'en a pas et qu'aucune adresse externe n'est "
        "remplie.",
    )
    youtube_id = models.CharField(
        "vidéo YouTube",
        max_length=11,
        blank=True,
        validators=[
            RegexValidator(embeds.YOUTUBE_ID_RE.pattern, "Identifiant YouTube : 11 caractères.")
        ],
        help_text="Les 11 caractères après « v= » dans l'adresse de la vidéo, par exemple "
        "dQw4w9WgXcQ. L'article montre le lecteur vidéo sous l'image principale ; la vidéo ne "
        "se charge qu'au clic du visiteur.",
    )
    podcast_id = models.CharField(
        "épisode de podcast (Ausha)",
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(
                embeds.AUSHA_ID_RE.pattern, "Identifiant Ausha : 12 lettres ou chiffres."
            )
        ],
        help_text="Les 12 caractères après « podcastId= » dans le code d'intégration du lecteur "
        "Ausha, par exemple B4W0qfPbZ3pV. L'article montre le lecteur audio sous l'image "
        "principale (avant la vidéo) ; l'épisode ne se charge qu'au clic du visiteur.",
    )
    podcast_show_id = models.CharField(
        "émission du podcast (Ausha)",
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(
                embeds.AUSHA_ID_RE.pattern, "Identifiant Ausha : 12 lettres ou chiffres."
            )
        ],
        help_text="Facultatif : les 12 caractères après « showId= » dans le même code "
        "d'intégration. Ne sert qu'avec un épisode.",
    )
    # Its own date's default (a new article's form shows none: `ArticleAdminForm`) and
    # unpublish date's help; the rest of the publication fields come from `Publishable`.
    published_at = models.DateTimeField(
        "date de publication",
        default=timezone.now,
        null=True,
        blank=True,
        db_index=True,
        help_text="Une date future programme la publication.",
    )
    unpublish_at = models.DateTimeField(
        "date de dépublication",
        null=True,
        blank=True,
        help_text="Facultative : l'article disparaît du site à cette date.",
    )
    tags = TaggableManager("tags", through=TaggedArticle, blank=True)
    body = MarkdownxField(
        "texte (Markdown)",
        blank=True,
        help_text="Images : glissez-déposez un fichier. Une ligne [[roles]] place les rôles ; "
        "sans elle, ils suivent le texte.",
    )
    body_html = models.TextField(editable=False, blank=True)
    toc = models.JSONField("table des matières", default=list, editable=False, blank=True)
    declared_reading_time = models.PositiveSmallIntegerField(
        "temps de lecture déclaré (min)",
        null=True,
        blank=True,
        help_text="Valeur « read » du front matter. Le temps calculé est affiché sauf si "
        "vous forcez celui-ci.",
    )
    force_declared_reading_time = models.BooleanField("afficher le temps déclaré", default=False)
    reading_time = models.PositiveSmallIntegerField(
        "temps de lecture calculé (min)", default=1, editable=False
    )
    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="version de l'article",
        excluded_fields=[
            "body_html", "toc", "reading_time", "updated_at", "preview_version",
            *RenderedContent.COMPUTED_FIELDS,
        ],
    )  # fmt: skip

    class Meta:
        verbose_name = "article"
        verbose_name_plural = "articles"
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            # The publishing rule read from the index alone: a search ranks thousands of
            # matches without reading their rows (an article's last columns lie past its text).
            models.Index(
                fields=["status", "published_at", "unpublish_at"], name="articles_published_window"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        try:  # the URL patterns know which first segments are the blog's own pages
            reverse("articles:detail", kwargs={"slug": self.slug or "-"})
        except NoReverseMatch:
            raise ValidationError(
                {"slug": f"« {self.slug} » est réservé par le blog ; choisissez une autre adresse."}
            ) from None

    def images_without_alt(self, shown=None, hero_image=None, parts=True):
        """Images this article shows that have no alt text: its hero (or `hero_image`), the
        images its rendered body shows (or `shown`, the ids a rendering of unsaved text
        found), and those its parts and their parts show (image fields, rendered texts)."""
        ids = set(self.rendered_meta.get("images", []) if shown is None else shown)
        hero = self.hero_image if hero_image is None else hero_image
        if hero is not None:
            ids.add(str(hero.pk))
        if self.pk and parts:
            ids.update(images_shown_by_parts(registry.kind_of(self), [self.pk])[self.pk])
        return list(ImageAsset.objects.filter(pk__in=ids, alt="").order_by("created_at"))

    def render(self, **kwargs):
        """The stored HTML, table of contents, word count and reading time of the body."""
        rendered = super().render(**kwargs)
        self.toc = rendered.toc
        self.reading_time = reading_minutes(self.word_count + self.parts_word_count())
        self.render_summaries()
        return rendered

    def save(self, *args, **kwargs):
        self.render_summaries()  # the chapeau may change without the body
        super().save(*args, **kwargs)

    def render_summaries(self):
        """The chapeau rendered as one line of Markdown (`**gras**` shows bold on cards, in
        feeds and search results, never as asterisks), and the description as plain text (for
        meta tags), kept in `rendered_meta`: pages never read Markdown."""
        meta = dict(self.rendered_meta or {})
        try:
            excerpt = render_inline(self.excerpt or "", ImageAsset.objects.lookup)
            description = plain_text(render_inline(self.description or "", dict))
        except MarkdownTooComplex:  # a summary is a line: such a one is shown as written
            excerpt, description = escape(self.excerpt or ""), self.description or ""
        meta.update(excerpt_html=excerpt, description_text=description)
        self.rendered_meta = meta

    @property
    def excerpt_html(self):
        """The chapeau as cards and feeds show it (as written, escaped, until rendered)."""
        stored = (self.rendered_meta or {}).get("excerpt_html")
        return mark_safe(stored if stored is not None else escape(self.excerpt or ""))  # noqa: S308

    @property
    def description_text(self):
        stored = (self.rendered_meta or {}).get("description_text")
        return stored if stored is not None else self.description

    def rendered_fields(self):
        return [*super().rendered_fields(), "toc", "reading_time"]

    search_source_fields = ("description", "excerpt")

    @classmethod
    def after_indexing(cls, pks):
        """The reading time counts the parts too: recounted once their changes commit."""
        cls.objects.filter(pk__in=pks).recount_reading_time()

    def search_parts(self):
        return [self.description_text, plain_text(self.excerpt_html), plain_text(self.body_html)]

    def parts_word_count(self):
        """The words of its rendered parts (`registry.Kind.parts()`), as saved."""
        if not self.pk:
            return 0
        return sum(
            sum(
                kind.model_class.objects.filter(**{kind.whole_field: self}).values_list(
                    "word_count", flat=True
                )
            )
            for kind in registry.kind_of(self).parts()
            if kind.rendered
        )

    def usage_label(self, image):
        """Where this article shows `image`, for an editor (`ImageAsset.usages`)."""
        where = "image principale" if self.hero_image_id == image.pk else "texte"
        return f"article « {self.title} » ({where})"

    def usage_links(self, ids):
        """(image id, what, title) for each image among `ids` this article shows: the media
        library's links (`articles.admin.library.usages_by_image`)."""
        if self.hero_image_id in ids:
            yield self.hero_image_id, "image principale de", self.title
        for image in self.shown_among(ids):
            yield image, "texte de", self.title

    usage_ordering = ("title",)

    @classmethod
    def for_usages(cls, queryset):
        return queryset.only("title", "hero_image_id", "rendered_meta")

    def refresh_reading_time(self):
        """Recount after a part changed, without touching `updated_at`."""
        type(self).objects.filter(pk=self.pk).recount_reading_time()
        self.reading_time = (
            type(self).objects.filter(pk=self.pk).values_list("reading_time", flat=True).get()
        )

    @property
    def displayed_reading_time(self):
        if self.force_declared_reading_time and self.declared_reading_time:
            return self.declared_reading_time
        return self.reading_time

    @property
    def hero(self):
        """The hero image as a dict the templates use, whatever its source."""
        if self.hero_image_id:
            asset = self.hero_image
            return {
                "url": asset.file.url if asset.file else "",
                "alt": asset.alt,
                "credit": asset.credit or self.library_hero_credit,
                "width": asset.width,
                "height": asset.height,
                "missing": not asset.file,
            }
        if self.hero_image_url:
            return {
                "url": self.hero_image_url,
                "alt": self.hero_image_alt,
                "credit": self.hero_image_credit,
                "width": None,
                "height": None,
                "missing": False,
            }
        return None

    @property
    def library_hero_credit(self):
        """The article's credit field, for a library hero without a credit of its own: an
        import reads `image_credit` into it whatever the hero is. Not while an external
        address is filled in: the credit is then that image's, not the library's."""
        return "" if self.hero_image_url else self.hero_image_credit

    @property
    def podcast_embed(self):
        """The front matter's episode, as a player facade under the hero (None without one, or
        when the body already places that episode's player: one player per episode)."""
        if not self.podcast_id:
            return None
        embed = embeds.podcast(self.podcast_id, self.podcast_show_id, self.title)
        return None if self._body_shows(embed) else embed

    @property
    def video_embed(self):
        """The front matter's video, as a player facade under the hero (None without one, or
        when the body already places that video)."""
        if not self.youtube_id:
            return None
        embed = embeds.youtube(self.youtube_id, self.title)
        return None if self._body_shows(embed) else embed

    def _body_shows(self, embed):
        # The same episode or video whatever title or show the body's tag gives.
        return any(p["kind"] == embed.kind and p["id"] == embed.id for p in self.body_players())

    def body_players(self):
        """The players the rendered body draws, in order (`rendered_meta`): dicts of kind, id,
        title and show_id."""
        return self.rendered_meta.get("players", [])

    @property
    def has_embeds(self):
        return bool(self.youtube_id or self.podcast_id) or super().has_embeds

    def body_parts(self):
        """The stored HTML split around the slot of its parts (`registry.Kind.slot`):
        (before, after, has_slot)."""
        for kind in registry.slot_kinds(registry.kind_of(self)):
            before, slot, after = self.body_html.partition(slot_html(kind.slot))
            if slot:
                return before, after, True
        return self.body_html, "", False

    @property
    def site_url(self):
        return site_url() + self.get_absolute_url()
