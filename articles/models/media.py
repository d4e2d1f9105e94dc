"""Image assets: what Markdown refers to as `![alt](<uuid>)`."""

import uuid

from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import ProtectedError


def image_upload_to(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"images/{instance.pk}.{extension}"


class ImageAssetQuerySet(models.QuerySet):
    def missing_file(self):
        return self.filter(models.Q(file="") | models.Q(file__isnull=True))

    def lookup(self, ids):
        """{uuid text: asset} for the given ids (invalid ones ignored): the image lookup the
        Markdown renderer is given."""
        valid = []
        for value in ids:
            try:
                valid.append(uuid.UUID(str(value)))
            except ValueError:
                continue
        if not valid:
            return {}
        return {str(asset.pk): asset for asset in self.filter(pk__in=valid)}


class ImageAsset(models.Model):
    """An image that Markdown refers to as `![alt](<uuid>)`.

    The file may be missing: an import can register the image before its file arrives, and
    the renderer then shows a visible placeholder instead of a broken image. Renditions and
    the refresh of the HTML that embeds the image are steps of the save path
    (`articles.lifecycle`).
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

    @property
    def wanted_renditions_key(self):
        """What the renditions are made from: one set per file and focal point."""
        return f"{self.file.name}|{self.focal_x:.3f}|{self.focal_y:.3f}" if self.file else ""

    def delete(self, *args, **kwargs):
        """Refused while an article or a role still shows this image (checked before the
        deletion starts, so a refusal leaves the transaction usable)."""
        usages = self.usages()
        if usages:
            raise ProtectedError(
                f"L'image « {self} » est encore utilisée : {', '.join(usages)}.", {self}
            )
        return super().delete(*args, **kwargs)

    def usages(self):
        """Where this image appears, in words an editor understands."""
        # Looked up by name: articles and roles are defined after images, and refer to them.
        article_model = apps.get_model("articles", "Article")
        role_model = apps.get_model("articles", "Role")
        reference = str(self.pk)
        labels = []
        articles = article_model.objects.filter(
            models.Q(hero_image=self) | models.Q(body__contains=reference)
        ).only("title", "hero_image_id", "body")
        for article in articles:
            where = "image principale" if article.hero_image_id == self.pk else "texte"
            labels.append(f"article « {article.title} » ({where})")
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
