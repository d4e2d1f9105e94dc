"""Roles: the per-role sub-articles of an article, with their missions, background items and
alternative titles (structured lists, inline Markdown allowed), and their tags.

The tables kept the names they had when roles were first an app of their own (`roles_*`): the
move into `articles` and back again changed the models' home, never the database.
"""

from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.markdown import WORD_RE, plain_text
from articles.models import Article, ImageAsset, InlineRendered, RenderedContent, Tag
from roles import body as role_body


class TaggedRole(TaggedItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_roles")
    content_object = models.ForeignKey("Role", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "tag de rôle"
        verbose_name_plural = "tags de rôles"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_role_tag")
        ]


class Role(RenderedContent):
    source_field = "intro"
    html_field = "intro_html"

    article = models.ForeignKey(
        Article, verbose_name="article", on_delete=models.CASCADE, related_name="roles"
    )
    order = models.PositiveIntegerField("ordre", default=0, db_index=True)
    title = models.CharField(
        "intitulé", max_length=200, help_text="Par exemple « Revenue Ops Manager »."
    )
    heading = models.CharField(
        "titre tel qu'écrit",
        max_length=200,
        blank=True,
        help_text="Le titre en tête de la page du rôle quand il diffère de l'intitulé, par "
        "exemple « Le Revenue Ops Manager » ; vide : l'intitulé.",
    )
    slug = models.SlugField(
        "adresse (slug)",
        max_length=200,
        help_text="La fin de l'adresse du rôle, après celle de l'article ; unique dans l'article.",
    )
    nickname = models.CharField(
        "surnom", max_length=200, blank=True, help_text="Par exemple « le couteau suisse »."
    )
    image = models.ForeignKey(
        ImageAsset,
        verbose_name="image",
        on_delete=models.PROTECT,
        related_name="roles",
        null=True,
        blank=True,
    )
    intro = MarkdownxField("présentation (Markdown)", blank=True)
    intro_html = models.TextField(editable=False, blank=True)
    dedicated_article = models.ForeignKey(
        Article,
        verbose_name="article dédié",
        on_delete=models.SET_NULL,
        related_name="dedicated_roles",
        null=True,
        blank=True,
        help_text="Article du blog qui approfondit ce rôle.",
    )
    dedicated_url = models.URLField(
        "lien vers un article dédié (URL)",
        max_length=500,
        blank=True,
        help_text="À défaut d'article du blog, une adresse externe.",
    )
    dedicated_label = models.CharField("texte du lien dédié", max_length=200, blank=True)
    tags = TaggableManager("tags", through=TaggedRole, blank=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)
    version = models.PositiveIntegerField(
        default=0,
        help_text="Augmente à chaque enregistrement du rôle ou de ses listes : deux rédacteurs "
        "ne s'écrasent pas sans le savoir.",
    )
    history = HistoricalRecords(
        verbose_name="version du rôle",
        table_name="roles_historicalrole",
        excluded_fields=["intro_html", "updated_at", *RenderedContent.COMPUTED_FIELDS],
    )

    class Meta:
        db_table = "roles_role"
        verbose_name = "rôle"
        verbose_name_plural = "rôles"
        ordering = ["article", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "slug"], name="unique_role_slug_per_article")
        ]

    def __str__(self):
        return self.title

    @property
    def prose_html(self):
        """The intro's own prose, without the fields drawn in it: what cards and SEO read."""
        return role_body.prose_html(self.intro_html)

    @property
    def display_heading(self):
        """The role's title as its article wrote it (« Le Revenue Ops Manager »)."""
        return self.heading or self.title

    def get_absolute_url(self):
        return self.path_for(self.article.slug, self.slug)

    search_source_fields = ("nickname",)

    def render(self, *, placeholders=False):
        """The intro's markers (`[[missions]]`…) become the empty slots the page draws its
        fields in (`roles.body`); they are no words of the role."""
        rendered = super().render(placeholders=placeholders)
        if "[[" in self.intro_html:
            self.intro_html = role_body.place_slots(self.intro_html)
            self.word_count = len(WORD_RE.findall(plain_text(self.intro_html)))
        return rendered

    @classmethod
    def path_for(cls, article_slug, slug):
        """The address of the role `slug` of the article `article_slug` (a moved article's
        redirects compute the old ones: `articles.lifecycle`)."""
        return reverse("roles:detail", kwargs={"article_slug": article_slug, "slug": slug})

    # --- As a part of its article (`articles.registry`) -----------------------------------

    @classmethod
    def copy_parts(cls, source, copy):
        """« Dupliquer en brouillon »: the roles of the article `source` copied into `copy`,
        with their tags, missions, background and alternative titles."""
        roles = cls.objects.filter(article=source).prefetch_related(
            "missions", "background", "alternative_titles"
        )
        for role in list(roles):
            items = role.items()
            role_tags = list(role.tags.all())
            role.pk = None
            role._state.adding = True
            role.article = copy
            role.save()
            role.tags.set(role_tags)
            for item in items:
                item.pk = None
                item._state.adding = True
                item.role = role
                item.save()

    usage_ordering = ("article__title", "order")

    @classmethod
    def for_usages(cls, queryset):
        return queryset.select_related("article")

    def usage_label(self, image):
        return f"rôle « {self.title} » de l'article « {self.article.title} »"

    def usage_links(self, ids):
        for image in dict.fromkeys([self.image_id, *self.shown_among(ids)]):
            if image in ids:
                yield image, "rôle", self.title

    @classmethod
    def after_indexing(cls, pks):
        """The articles of these roles read longer or shorter."""
        articles = cls.objects.filter(pk__in=pks).values("article_id")
        Article.objects.filter(pk__in=articles).recount_reading_time()

    @classmethod
    def for_indexing(cls, queryset):
        return (
            super()
            .for_indexing(queryset)
            .prefetch_related("missions", "background", "alternative_titles")
        )

    def search_parts(self):
        """Nickname, intro and every structured item: what search looks through for a role."""
        parts = [self.nickname, plain_text(self.intro_html)]
        for item in self.items():
            parts.append(item.search_text)
        return parts

    def items(self):
        """Missions, background items and alternative titles, in that order."""
        return [*self.missions.all(), *self.background.all(), *self.alternative_titles.all()]

    @property
    def dedicated_link(self):
        """The dedicated article's address once it is public (a draft's or a scheduled
        article's address is never shown), else the external address, if any."""
        if self.dedicated_article_id and self.dedicated_article.is_published():
            return self.dedicated_article.get_absolute_url()
        return self.dedicated_url


class InRole:
    """How an item of a role's lists names itself where it shows an image: it is edited on its
    role's admin page (`articles.registry`)."""

    usage_ordering = ("role__title",)

    @classmethod
    def for_usages(cls, queryset):
        return queryset.select_related("role__article")

    def admin_row(self):
        return self.role

    def usage_label(self, image):
        return (
            f"{self._meta.verbose_name} du rôle « {self.role.title} » de l'article "
            f"« {self.role.article.title} »"
        )

    def usage_links(self, ids):
        for image in self.shown_among(ids):
            yield image, f"{self._meta.verbose_name} du rôle", self.role.title


class RoleItem(InRole, InlineRendered):
    """Base of the structured lists of a role: plain text with inline Markdown allowed."""

    position = models.PositiveIntegerField("ordre", default=0)
    text = models.CharField("texte", max_length=1000)
    html = models.TextField(editable=False, blank=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    @property
    def search_text(self):
        return self.text


class Mission(RoleItem):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="missions")
    history = HistoricalRecords(
        verbose_name="version d'une mission",
        excluded_fields=["html", "rendered_meta"],
        table_name="roles_historicalmission",
    )

    class Meta(RoleItem.Meta):
        db_table = "roles_mission"
        verbose_name = "mission principale"
        verbose_name_plural = "missions principales"


class BackgroundItem(RoleItem):
    class Kind(models.TextChoices):
        EXPERIENCE = "experience", "Expérience préalable"
        CERTIFICATION = "certification", "Certification recommandée"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="background")
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.EXPERIENCE)
    history = HistoricalRecords(
        verbose_name="version du parcours",
        excluded_fields=["html", "rendered_meta"],
        table_name="roles_historicalbackgrounditem",
    )

    class Meta(RoleItem.Meta):
        db_table = "roles_backgrounditem"
        verbose_name = "élément du parcours type"
        verbose_name_plural = "parcours type"
        ordering = ["kind", "position", "pk"]


class AlternativeTitle(InRole, InlineRendered):
    source_field = "note"
    html_field = "note_html"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="alternative_titles")
    position = models.PositiveIntegerField("ordre", default=0)
    title = models.CharField("intitulé", max_length=200)
    note = models.CharField(
        "précision",
        max_length=1000,
        blank=True,
        help_text="Facultative, par exemple « forme abrégée ».",
    )
    note_html = models.TextField(editable=False, blank=True)
    separator = models.CharField(
        "lien avec le précédent",
        max_length=20,
        blank=True,
        help_text="Le mot qui le relie à l'intitulé précédent, sur la même ligne : « ou », « , ». "
        "Vide : une ligne à lui.",
    )
    history = HistoricalRecords(
        verbose_name="version d'un intitulé",
        excluded_fields=["note_html", "rendered_meta"],
        table_name="roles_historicalalternativetitle",
    )

    class Meta:
        db_table = "roles_alternativetitle"
        verbose_name = "autre intitulé"
        verbose_name_plural = "autres intitulés (itérations)"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    @property
    def search_text(self):
        return f"{self.title} {self.note}"
