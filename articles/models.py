"""Articles, their authors, tags and image assets."""

import math
import uuid

from django.conf import settings
from django.contrib import admin
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

WORDS_PER_MINUTE = 230
# Slugs that name a page of the blog itself, not an article (/blog/tag/…, /blog/recherche/ …).
RESERVED_SLUGS = {
    "tag", "recherche", "roles", "auteur", "flux", "feed", "rss", "atom", "sitemap", "apercu",
}  # fmt: skip


def reading_minutes(word_count):
    """Minutes needed to read `word_count` words, at least one."""
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))


class Author(models.Model):
    name = models.CharField("nom", max_length=120)
    slug = models.SlugField("identifiant", max_length=120, unique=True)
    bio = models.TextField("courte biographie", blank=True, help_text="Deux ou trois phrases.")
    avatar = models.ImageField("photo", upload_to="authors/", blank=True)

    class Meta:
        verbose_name = "auteur"
        verbose_name_plural = "auteurs"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Tag(TagBase):
    """A tag: `slug` is what URLs and front matter use, `label` what readers see."""

    label = models.CharField(
        "libellé affiché",
        max_length=100,
        blank=True,
        help_text="Libellé en français montré aux lecteurs, par exemple « L'Ops » pour ops. "
        "Vide : le nom du tag.",
    )

    class Meta:
        verbose_name = "tag"
        verbose_name_plural = "tags"
        ordering = ["name"]

    @property
    def display(self):
        return self.label or self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"tag_slug": self.slug})


class TaggedArticle(TaggedItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    class Meta:
        verbose_name = "tag d'article"
        verbose_name_plural = "tags d'articles"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]


def image_upload_to(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"images/{instance.pk}.{extension}"


class ImageAssetQuerySet(models.QuerySet):
    def missing_file(self):
        return self.filter(models.Q(file="") | models.Q(file__isnull=True))

    def lookup(self, ids):
        """The Markdown renderer's image lookup: the assets named by `ids`, keyed by id.

        Ids that are not UUIDs name no image (a lookup by them would fail on some databases).
        """
        valid = []
        for value in ids:
            try:
                valid.append(uuid.UUID(str(value)))
            except ValueError:
                continue
        return {str(asset.pk): asset for asset in self.filter(pk__in=valid)} if valid else {}


class ImageAsset(models.Model):
    """An image that Markdown refers to as `![alt](<uuid>)`.

    The file may be missing: an import can register the image before its file arrives, and
    the renderer then shows a visible placeholder instead of a broken image.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.ImageField(
        "fichier",
        upload_to=image_upload_to,
        width_field="width",
        height_field="height",
        blank=True,
        help_text="JPEG, PNG, GIF ou WebP. Image paysage, 1600 px de large au moins.",
    )
    alt = models.CharField(
        "texte alternatif",
        max_length=255,
        blank=True,
        help_text="Décrit l'image pour qui ne la voit pas. Obligatoire avant publication.",
    )
    caption = models.CharField("légende", max_length=300, blank=True)
    credit = models.CharField("crédit", max_length=200, blank=True)
    width = models.PositiveIntegerField("largeur", null=True, blank=True, editable=False)
    height = models.PositiveIntegerField("hauteur", null=True, blank=True, editable=False)
    focal_x = models.FloatField(
        "point d'intérêt, horizontal",
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="De 0 (bord gauche) à 1 (bord droit) : les vignettes 16:9 des cartes sont "
        "recadrées autour de ce point, pour ne pas couper un visage.",
    )
    focal_y = models.FloatField(
        "point d'intérêt, vertical",
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="De 0 (haut) à 1 (bas).",
    )
    renditions = models.JSONField(default=list, blank=True, editable=False)
    renditions_key = models.CharField(max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = ImageAssetQuerySet.as_manager()

    class Meta:
        verbose_name = "image"
        verbose_name_plural = "images"
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt or str(self.pk)

    def save(self, *args, **kwargs):
        from articles.images import delete_renditions, make_renditions

        if self.file and not (self.width and self.height):
            # A file saved with save=False leaves the dimensions unread on this instance.
            self._meta.get_field("file").update_dimension_fields(self, force=True)
        key = f"{self.file.name}|{self.focal_x:.3f}|{self.focal_y:.3f}" if self.file else ""
        if key != self.renditions_key:  # generated once per file and focal point
            if self.file:
                self.renditions = make_renditions(self)
            else:
                delete_renditions(self)
                self.renditions = []
            self.renditions_key = key
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "renditions", "renditions_key"}
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding and not self.file:
            return  # a new placeholder renders exactly like an unknown reference: nothing to do
        # Stored HTML embeds the image's URL, size and text: refresh what refers to this image.
        from articles.signals import image_asset_changed

        image_asset_changed.send(sender=type(self), asset=self)

    def delete(self, *args, **kwargs):
        """Refused while an article or a role still shows this image."""
        from articles.images import delete_renditions

        usages = self.usages()
        if usages:
            raise ProtectedError(
                f"L'image « {self} » est encore utilisée : {', '.join(usages)}.", {self}
            )
        delete_renditions(self)
        if self.file:
            self.file.delete(save=False)
        return super().delete(*args, **kwargs)

    def usages(self):
        """Where this image appears, in words an editor understands."""
        reference = str(self.pk)
        labels = []
        articles = Article.objects.filter(
            models.Q(hero_image=self) | models.Q(body__contains=reference)
        ).only("title", "hero_image_id", "body")
        for article in articles:
            where = "image principale" if article.hero_image_id == self.pk else "texte"
            labels.append(f"article « {article.title} » ({where})")
        role_model = self._meta.get_field("roles").related_model  # roles depends on us
        roles = role_model.objects.filter(
            models.Q(image=self) | models.Q(intro__contains=reference)
        ).select_related("article")
        for role in roles:
            labels.append(f"rôle « {role.title} » de l'article « {role.article.title} »")
        return labels

    @property
    def has_file(self):
        return bool(self.file)

    @property
    def markdown(self):
        return f"![{self.alt}]({self.pk})"


# Large columns that neither cards nor the article page need.
PAGE_DEFERRED = ("body", "search_title", "search_text", "front_matter_extra")
LISTING_DEFERRED = (*PAGE_DEFERRED, "body_html", "toc")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one place that decides what readers may see: published, its date come, and
        not yet past its unpublish date. Scheduling needs no cron: time does the work."""
        now = timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now).exclude(
            unpublish_at__lte=now
        )

    def for_listing(self):
        """What a card shows: no Markdown, HTML or search text is fetched for a list."""
        return (
            self.select_related("author", "hero_image")
            .prefetch_related("tags")
            .defer(*LISTING_DEFERRED)
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        PUBLISHED = "published", "Publié"

    title = models.CharField("titre", max_length=200)
    slug = models.SlugField(
        "adresse (slug)",
        max_length=200,
        unique=True,
        help_text="Partie de l'adresse : /blog/<slug>/. Minuscules, chiffres et tirets.",
    )
    author = models.ForeignKey(
        Author,
        verbose_name="auteur",
        on_delete=models.PROTECT,
        related_name="articles",
        null=True,
        blank=True,
    )
    description = models.CharField(
        "description (SEO)",
        max_length=300,
        blank=True,
        help_text="Meta description pour les moteurs de recherche : 120 à 160 caractères.",
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
    hero_image_credit = models.CharField("crédit de l'image externe", max_length=200, blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
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
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    version = models.PositiveIntegerField(
        default=0,
        help_text="Augmente à chaque enregistrement : deux rédacteurs ne "
        "s'écrasent pas sans le savoir.",
    )
    preview_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Change pour révoquer les liens d'aperçu partagés."
    )
    tags = TaggableManager("tags", through=TaggedArticle, blank=True)
    body = MarkdownxField(
        "texte (Markdown)",
        blank=True,
        help_text="Images : glissez-déposez un fichier. Une ligne [[roles]] place les rôles ; "
        "sans elle, ils suivent le texte.",
    )
    body_html = models.TextField(editable=False, blank=True)
    # Search: title and text folded (no accents, no case) once, on save, for fast matching.
    search_title = models.CharField(max_length=300, editable=False, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    # PostgreSQL only (a GIN index, see the 0003/… migrations); an unused column elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)
    toc = models.JSONField("table des matières", default=list, editable=False, blank=True)
    word_count = models.PositiveIntegerField("nombre de mots", default=0, editable=False)
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
    front_matter_extra = models.JSONField(
        "front matter supplémentaire",
        default=dict,
        blank=True,
        help_text="Clés du front matter importé que le modèle ne connaît pas ; réécrites à "
        "l'export.",
    )

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="version de l'article",
        excluded_fields=[
            "body_html", "search_title", "search_text", "search_vector", "toc", "word_count",
            "reading_time",
            "updated_at", "preview_version",
        ],
    )  # fmt: skip

    class Meta:
        verbose_name = "article"
        verbose_name_plural = "articles"
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from articles.redirects import record_article_move
        from articles.search import refresh_vectors

        # Only what tells whether a live URL is about to change (not the body and its HTML).
        previous = (
            type(self)
            .objects.only("slug", "status", "published_at", "unpublish_at")
            .filter(pk=self.pk)
            .first()
            if self.pk
            else None
        )
        self.render()
        self.version = (self.version or 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
        refresh_vectors(type(self).objects.filter(pk=self.pk))
        if previous is not None and previous.slug != self.slug and previous.is_published():
            record_article_move(self, previous.slug)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        from articles.markdown import MarkdownTooComplex, check_complexity

        try:
            check_complexity(self.body or "")
        except MarkdownTooComplex as exc:
            raise ValidationError({"body": str(exc)}) from exc
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"« {self.slug} » est réservé par le blog ; choisissez une autre adresse."}
            )

    def images_without_alt(self, body=None, hero_image=None, roles=True):
        """Images this article (or the given body and hero) shows that have no alt text."""
        from articles.markdown import image_ids

        ids = set(image_ids(self.body if body is None else body))
        hero = self.hero_image if hero_image is None else hero_image
        if hero is not None:
            ids.add(str(hero.pk))
        if self.pk and roles:
            for role in self.roles.all():
                ids.update(image_ids(role.intro))
                if role.image_id:
                    ids.add(str(role.image_id))
        return list(ImageAsset.objects.filter(pk__in=ids, alt="").order_by("created_at"))

    def render(self):
        """Fill the stored HTML, table of contents and word count from the Markdown body."""
        from articles.markdown import plain_text, render_markdown
        from articles.search import fold

        rendered = render_markdown(self.body, ImageAsset.objects.lookup)
        self.body_html = rendered.html
        self.search_title = fold(self.title)
        self.search_text = fold(
            "\n".join([self.description, self.excerpt, plain_text(rendered.html)])
        )
        self.toc = rendered.toc
        self.word_count = rendered.word_count
        self.reading_time = reading_minutes(self.word_count + self.roles_word_count())

    def roles_word_count(self):
        if not self.pk:
            return 0
        return sum(self.roles.values_list("word_count", flat=True))

    def refresh_reading_time(self):
        """Recount after a role changed, without touching `updated_at`."""
        minutes = reading_minutes(self.word_count + self.roles_word_count())
        type(self).objects.filter(pk=self.pk).update(reading_time=minutes)
        self.reading_time = minutes

    @admin.display(boolean=True, description="en ligne")
    def is_published(self):
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
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
                "credit": asset.credit,
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

    def body_parts(self):
        """The stored HTML split around the roles slot: (before, after, has_slot)."""
        from articles.markdown import ROLES_SLOT

        before, slot, after = self.body_html.partition(ROLES_SLOT)
        return before, after, bool(slot)

    @property
    def site_url(self):
        return settings.SITE_URL + self.get_absolute_url()


class Redirect(models.Model):
    """A permanent redirect from an address that used to show content (a slug changed)."""

    old_path = models.CharField(
        "ancienne adresse", max_length=500, unique=True, help_text="Par exemple /blog/ancien-slug/."
    )
    new_path = models.CharField("nouvelle adresse", max_length=500)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "redirection"
        verbose_name_plural = "redirections"
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    def clean(self):
        from articles.redirects import check_redirect

        check_redirect(self)
