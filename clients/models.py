"""Case studies (« clients »): one client's mission told as a page, with the quoted person, the
mission's scopes and tools, quotes and deliverables as ordered lists, and a Markdown body.

A case study is a content type of its own, declared in `articles.registry` from
`ClientsConfig.ready()`: image usage, search, sitemaps, the checklist, import and export read
that declaration. Its address is the stem of its file on the firm's site: /clients/<slug>/.
"""

from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.models import Author, ImageAsset, InlineRendered, RenderedContent, Tag
from articles.models.publication import Publishable, PublishableQuerySet


class Label(models.Model):
    """A small taxonomy of case studies: a French label and its address."""

    name = models.CharField("libellé", max_length=100, unique=True)
    slug = models.SlugField("identifiant", max_length=100, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Scope(Label):
    """Where in the revenue cycle the mission acted: « Acquisition », « Négociation »…"""

    class Meta(Label.Meta):
        verbose_name = "périmètre"
        verbose_name_plural = "périmètres"


class Tool(Label):
    """A tool the mission worked with: « Hubspot », « Notion »…"""

    class Meta(Label.Meta):
        verbose_name = "outil"
        verbose_name_plural = "outils"


class TaggedCaseStudy(TaggedItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_case_studies")
    content_object = models.ForeignKey("CaseStudy", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "tag d'étude de cas"
        verbose_name_plural = "tags d'études de cas"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_case_study_tag")
        ]


class CaseStudy(Publishable):
    source_field = "body"
    html_field = "body_html"

    name = models.CharField("client", max_length=200, help_text="Le nom du client.")
    slug = models.SlugField(
        "adresse (slug)",
        max_length=200,
        unique=True,
        help_text="La fin de l'adresse : /clients/<slug>/. Minuscules, chiffres et tirets.",
    )
    title = models.CharField(
        "titre", max_length=500, blank=True, help_text="Une phrase : ce que la mission a changé."
    )
    subtitle = models.TextField("sous-titre", blank=True, help_text="Qui est le client.")
    description = models.TextField(
        "description (SEO)",
        blank=True,
        help_text="Meta description : 120 à 160 caractères (un texte plus long est gardé entier).",
    )
    speaker = models.CharField(
        "personne citée", max_length=200, blank=True, help_text="Prénom et nom."
    )
    speaker_role = models.CharField(
        "fonction de la personne citée",
        max_length=200,
        blank=True,
        help_text="Par exemple « Directeur commercial & Associé ».",
    )
    duration = models.CharField(
        "durée de la mission", max_length=100, blank=True, help_text="Par exemple « 12 mois »."
    )
    scopes = models.ManyToManyField(
        Scope, verbose_name="périmètres", related_name="case_studies", blank=True
    )
    tools = models.ManyToManyField(
        Tool, verbose_name="outils", related_name="case_studies", blank=True
    )
    team = models.ManyToManyField(
        Author,
        verbose_name="équipe",
        related_name="case_studies",
        blank=True,
        help_text="Les consultants du cabinet sur la mission.",
    )
    tags = TaggableManager("tags", through=TaggedCaseStudy, blank=True)
    hero_image = models.ForeignKey(
        ImageAsset,
        verbose_name="image principale",
        on_delete=models.PROTECT,
        related_name="hero_of_case_studies",
        null=True,
        blank=True,
    )
    youtube_id = models.CharField(
        "vidéo YouTube",
        max_length=11,
        blank=True,
        help_text="Les 11 caractères après « v= » dans l'adresse de la vidéo ; elle ne se charge "
        "qu'au clic du visiteur.",
    )
    body = MarkdownxField("texte (Markdown)", blank=True)
    body_html = models.TextField(editable=False, blank=True)
    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="version de l'étude de cas",
        excluded_fields=[
            "body_html", "updated_at", "preview_version", *RenderedContent.COMPUTED_FIELDS,
        ],
    )  # fmt: skip

    class Meta:
        verbose_name = "étude de cas"
        verbose_name_plural = "études de cas"
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clients:detail", kwargs={"slug": self.slug})

    # --- What search reads (`RenderedContent`): the client and who it is, then the text ------

    search_source_fields = ("name", "subtitle")

    # --- Where it shows an image (`ImageAsset.usages`, the media library) -----------------

    usage_ordering = ("name",)

    def usage_label(self, image):
        where = "image principale" if self.hero_image_id == image.pk else "texte"
        return f"étude de cas « {self.name} » ({where})"

    def usage_links(self, ids):
        if self.hero_image_id in ids:
            yield self.hero_image_id, "image principale de l'étude de cas", self.name
        for image in self.shown_among(ids):
            yield image, "texte de l'étude de cas", self.name

    def search_parts(self):
        """Besides the title, what search looks through: the client, who is quoted, the
        subtitle and description, then the text (the admin list's search reads them too)."""
        fields = (self.name, self.speaker, self.subtitle, self.description)
        return [*fields, *super().search_parts()]


class CaseStudyItem(InlineRendered):
    """A line of one of a case study's ordered lists, inline Markdown allowed; edited on its
    case study's admin page."""

    usage_ordering = ("case_study__name",)

    @classmethod
    def for_usages(cls, queryset):
        return queryset.select_related("case_study")

    def admin_row(self):
        return self.case_study

    def usage_label(self, image):
        return f"{self._meta.verbose_name} de l'étude de cas « {self.case_study.name} »"

    def usage_links(self, ids):
        for image in self.shown_among(ids):
            yield image, f"{self._meta.verbose_name} de l'étude de cas", self.case_study.name

    position = models.PositiveIntegerField("ordre", default=0)
    text = models.TextField("texte")
    html = models.TextField(editable=False, blank=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    @property
    def search_text(self):
        return self.text


class Quote(CaseStudyItem):
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="quotes")
    history = HistoricalRecords(
        verbose_name="version d'une citation", excluded_fields=["html", "rendered_meta"]
    )

    class Meta(CaseStudyItem.Meta):
        verbose_name = "citation"
        verbose_name_plural = "citations"


class Deliverable(CaseStudyItem):
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="deliverables")
    history = HistoricalRecords(
        verbose_name="version d'un livrable", excluded_fields=["html", "rendered_meta"]
    )

    class Meta(CaseStudyItem.Meta):
        verbose_name = "livrable"
        verbose_name_plural = "livrables"
