"""Image assets: what Markdown refers to as `![alt](<uuid>)`."""

import hashlib
import re
import unicodedata
import uuid
from functools import reduce
from operator import or_

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, JSONField, ProtectedError, Q, UUIDField, Value
from django.db.models.fields.json import KT

from articles import registry


def image_upload_to(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"images/{instance.pk}.{extension}"


def normalised_ids(image_ids):
    """Image ids as the renderer stores them: UUIDs in lower case (invalid ones left out)."""
    ids = []
    for value in image_ids:
        try:
            ids.append(str(uuid.UUID(str(value))))
        except ValueError:
            continue
    return list(dict.fromkeys(ids))


class ShowingQuerySet(models.QuerySet):
    """Rendered content, found by the images its rendering shows (`rendered_meta["images"]`,
    filled by the renderer with the references it resolved, in lower case whatever case the
    Markdown wrote them in). The one way to ask « where is this image shown in a text »: no
    search of the Markdown (case-sensitive on PostgreSQL, and blind to code blocks)."""

    def showing(self, image_ids):
        ids = normalised_ids(image_ids)
        if not ids:
            return self.none()
        # The list's JSON text holds each id between quotes, on SQLite and PostgreSQL alike
        # (`contains` on a JSON list is PostgreSQL's only).
        shown = reduce(or_, (Q(shown_images__contains=f'"{pk}"') for pk in ids))
        return self.alias(shown_images=KT("rendered_meta__images")).filter(shown)


# The importer's namespace (publishing.load_media): its images' ids are uuid5 of their sha256.
CONTENT_NAMESPACE = uuid.UUID("8abe834d-fafc-40da-a2c2-5b7a6c8e3360")
NAME_MAX = 120
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
UNSAFE_NAME_RE = re.compile(r'[\t\n\r"<>\[\]]+')


def readable_name(name):
    """A dropped file's name as the library shows it: its last part, one line, 120 characters
    at most (the end kept: « …schema.png »), nothing a Markdown title or a path would read."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join(UNSAFE_NAME_RE.sub(" ", CONTROL_RE.sub("", name)).split())
    return name if len(name) <= NAME_MAX else "…" + name[-(NAME_MAX - 1) :]


def content_hash(upload):
    """sha256 (hex) of an uploaded file's bytes, read in chunks; the file is rewound."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():  # from the start, whatever was read before
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def used_image_ids():
    """Ids of the images shown somewhere: every content type's image fields (heroes, a part's
    image) and the images each rendered text placed (the lists `showing()` searches), read once
    for the whole library."""
    used = set()
    for kind in registry.kinds():
        model = kind.model_class
        for name in kind.image_fields:
            used |= set(model.objects.exclude(**{name: None}).values_list(name, flat=True))
        if kind.sources:
            metas = model.objects.values_list("rendered_meta", flat=True)
            used.update(
                normalised_ids(ref for meta in metas for ref in (meta or {}).get("images", []))
            )
    return used


# A part type without an image field: its branch of `images_shown_by_parts` names none.
NO_IMAGE = Value(None, output_field=UUIDField())


def rows_showing(kind, image_ids):
    """The rows of `kind` that show one of these images: in one of its image fields, or placed
    by its rendered text (`ShowingQuerySet.showing`)."""
    model = kind.model_class
    found = Q(pk__in=model.objects.showing(image_ids).values("pk")) if kind.sources else Q()
    for name in kind.image_fields:
        found |= Q(**{f"{name}__in": list(image_ids)})
    return model.objects.filter(found) if found else model.objects.none()


def images_shown_by_parts(kind, whole_ids):
    """{whole id: {image id (text): None}} (an ordered set) of the images the parts of these
    rows of `kind` show, their parts' parts included (a part's lists): rendered texts and image
    fields, read in one query whatever the number of part types (a UNION of a branch per type
    and image field)."""
    shown = {pk: {} for pk in whole_ids}
    branches = []
    for part, lookup in registry.parts_within(kind):
        rows = part.model_class.objects.filter(**{f"{lookup}__in": list(whole_ids)}).order_by()
        meta = F("rendered_meta") if part.sources else Value(None, output_field=JSONField())
        for image in [F(name) for name in part.image_fields] or [NO_IMAGE] * bool(part.sources):
            branch = rows.annotate(part_image=image, part_meta=meta)
            branches.append(branch.values_list(lookup, "part_image", "part_meta"))
    if not branches or not shown:
        return shown
    rows = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    for whole_id, image_id, meta in rows:
        shown[whole_id].update(dict.fromkeys((meta or {}).get("images", [])))
        if image_id:
            shown[whole_id][str(image_id)] = None
    return shown


class ImageAssetQuerySet(models.QuerySet):
    def same_content(self, digest):
        """The image already holding these bytes: dropped before (its hash), or imported (its
        id is the hash's uuid5). None when there is none."""
        imported = uuid.uuid5(CONTENT_NAMESPACE, digest)
        return self.filter(Q(content_hash=digest) | Q(pk=imported)).order_by("created_at").first()

    def unused(self):
        """Images no content shows: in no image field (a hero), in no rendered
        text (`rendered_meta["images"]`, what `showing()` reads)."""
        return self.exclude(pk__in=used_image_ids())

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
    original_name = models.CharField(
        "nom du fichier",
        max_length=120,
        blank=True,
        help_text="Le nom du fichier déposé (schema.png) : pour le reconnaître dans la "
        "bibliothèque et dans le Markdown.",
    )
    # sha256 of the bytes as dropped (before re-encoding): the same file dropped again is this
    # image, not a copy (`ImageAsset.objects.same_content`).
    content_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
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
        """Refused while some content still shows this image (checked before the
        deletion starts, so a refusal leaves the transaction usable)."""
        usages = self.usages()
        if usages:
            raise ProtectedError(
                f"L'image « {self} » est encore utilisée : {', '.join(usages)}.", {self}
            )
        return super().delete(*args, **kwargs)

    def usages(self):
        """Where this image appears, in words an editor understands: in an image field of
        every content type (a hero) and wherever a rendered text shows it
        (`ShowingQuerySet.showing`); each row names itself (`usage_label`)."""
        if self.pk is None:
            return []
        return [
            row.usage_label(self)
            for kind in registry.kinds()
            if kind.sources or kind.image_fields  # a kind showing no image has no usage
            for row in kind.model_class.for_usages(rows_showing(kind, [self.pk]))
        ]

    @property
    def has_file(self):
        return bool(self.file)

    @property
    def markdown(self):
        """`![alt](<id> "schema.png")`: CommonMark's image with a title, the title being the
        file's name (without `"` or `\\`, which would end or escape it); `![alt](<id>)` without
        a name. Renderers read the id as the destination; the title is a label for editors."""
        name = readable_name(self.original_name)
        return f'![{self.alt}]({self.pk} "{name}")' if name else f"![{self.alt}]({self.pk})"
