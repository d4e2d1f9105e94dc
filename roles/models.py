"""Role: a per-role sub-article of an Article, with structured missions, background and titles."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.markdown import plain_text, render_inline, render_markdown
from articles.models import Article, ImageAsset, Tag
from articles.search import fold, refresh_vectors


class TaggedRole(TaggedItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_roles")
    content_object = models.ForeignKey("Role", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "tag de rôle"
        verbose_name_plural = "tags de rôles"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_role_tag")
        ]


class Role(models.Model):
    article = models.ForeignKey(
        Article, verbose_name="article", on_delete=models.CASCADE, related_name="roles"
    )
    order = models.PositiveIntegerField("ordre", default=0, db_index=True)
    title = models.CharField(
        "intitulé", max_length=200, help_text="Par exemple « Revenue Ops Manager »."
    )
    slug = models.SlugField(
        "adresse (slug)",
        max_length=200,
        help_text="Unique dans l'article : /blog/<article>/<slug>/.",
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
    search_title = models.CharField(max_length=300, editable=False, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    # PostgreSQL only (a GIN index, see the 0003/… migrations); an unused column elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)
    word_count = models.PositiveIntegerField(default=0, editable=False)
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
    history = HistoricalRecords(
        verbose_name="version du rôle",
        excluded_fields=[
            "intro_html",
            "search_title",
            "search_text",
            "search_vector",
            "word_count",
            "updated_at",
        ],
    )

    class Meta:
        verbose_name = "rôle"
        verbose_name_plural = "rôles"
        ordering = ["article", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "slug"], name="unique_role_slug_per_article")
        ]

    def __str__(self):
        return self.title

    def save(self, *args, refresh_article=True, **kwargs):
        """`refresh_article=False` lets a caller saving many roles recount the article once."""
        from articles.redirects import record_move

        previous = (
            type(self).objects.filter(pk=self.pk).select_related("article").first()
            if self.pk
            else None
        )
        rendered = render_markdown(self.intro, ImageAsset.objects.lookup)
        self.intro_html = rendered.html
        self.word_count = rendered.word_count
        self.search_title = fold(self.title)
        if getattr(self, "_items_for_search", None) is not None:  # given by a bulk loader
            self.search_text = self.build_search_text(self._items_for_search)
        elif self.pk:
            self.search_text = self.build_search_text()
        else:
            self.search_text = self.build_search_text(items=[])
        super().save(*args, **kwargs)
        refresh_vectors(type(self).objects.filter(pk=self.pk))
        if (
            previous is not None
            and previous.slug != self.slug
            and previous.article_id == self.article_id
            and self.article.is_published()
        ):
            record_move(previous.get_absolute_url(), self.get_absolute_url())
        if refresh_article:
            self.article.refresh_reading_time()

    def get_absolute_url(self):
        return reverse(
            "roles:detail", kwargs={"article_slug": self.article.slug, "slug": self.slug}
        )

    def clean(self):
        from articles.markdown import MarkdownTooComplex, check_complexity

        try:
            check_complexity(self.intro or "")
        except MarkdownTooComplex as exc:
            raise ValidationError({"intro": str(exc)}) from exc

    def build_search_text(self, items=None):
        """Nickname, intro and every structured item: what search looks through for a role."""
        if items is None:
            items = [*self.missions.all(), *self.background.all(), *self.alternative_titles.all()]
        parts = [self.nickname, plain_text(self.intro_html)]
        for item in items:
            parts.append(getattr(item, "text", "") or f"{item.title} {item.note}")
        return fold("\n".join(p for p in parts if p))

    def refresh_search_text(self, items=None):
        self.search_text = self.build_search_text(items)
        type(self).objects.filter(pk=self.pk).update(search_text=self.search_text)
        refresh_vectors(type(self).objects.filter(pk=self.pk))

    def delete(self, *args, **kwargs):
        article = self.article
        result = super().delete(*args, **kwargs)
        article.refresh_reading_time()
        return result

    @property
    def dedicated_link(self):
        if self.dedicated_article_id:
            return self.dedicated_article.get_absolute_url()
        return self.dedicated_url


class RoleItem(models.Model):
    """Base of the structured lists of a role: plain text with inline Markdown allowed."""

    position = models.PositiveIntegerField("ordre", default=0)
    text = models.CharField("texte", max_length=1000)
    html = models.TextField(editable=False, blank=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        self.html = render_inline(self.text, ImageAsset.objects.lookup)
        super().save(*args, **kwargs)


class Mission(RoleItem):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="missions")
    history = HistoricalRecords(verbose_name="version d'une mission", excluded_fields=["html"])

    class Meta(RoleItem.Meta):
        verbose_name = "mission principale"
        verbose_name_plural = "missions principales"


class BackgroundItem(RoleItem):
    class Kind(models.TextChoices):
        EXPERIENCE = "experience", "Expérience préalable"
        CERTIFICATION = "certification", "Certification recommandée"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="background")
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.EXPERIENCE)
    history = HistoricalRecords(verbose_name="version du parcours", excluded_fields=["html"])

    class Meta(RoleItem.Meta):
        verbose_name = "élément du parcours type"
        verbose_name_plural = "parcours type"
        ordering = ["kind", "position", "pk"]


class AlternativeTitle(models.Model):
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
    history = HistoricalRecords(verbose_name="version d'un intitulé", excluded_fields=["note_html"])

    class Meta:
        verbose_name = "autre intitulé"
        verbose_name_plural = "autres intitulés (itérations)"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.note_html = render_inline(self.note, ImageAsset.objects.lookup) if self.note else ""
        super().save(*args, **kwargs)
