"""The image library: every image asset, its file, renditions and where it is used."""

from django.contrib import admin
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils.html import format_html

from articles.forms import ImageAssetAdminForm
from articles.models import ImageAsset


class FileMissingFilter(admin.SimpleListFilter):
    title = "fichier"
    parameter_name = "fichier"

    def lookups(self, request, model_admin):
        return [("manquant", "Fichier manquant"), ("present", "Fichier présent")]

    def queryset(self, request, queryset):
        if self.value() == "manquant":
            return queryset.missing_file()
        if self.value() == "present":
            return queryset.exclude(Q(file="") | Q(file__isnull=True))
        return queryset


@admin.register(ImageAsset)
class ImageAssetAdmin(admin.ModelAdmin):
    form = ImageAssetAdminForm
    list_display = ["thumbnail", "alt", "has_file", "size", "markdown_code", "created_at"]
    list_filter = [FileMissingFilter]
    search_fields = ["alt", "caption", "credit", "id"]
    readonly_fields = ["id", "thumbnail", "card_preview", "size", "markdown_code", "used_in"]
    fields = [
        "id", "file", "thumbnail", "size", "alt", "caption", "credit",
        "focal_x", "focal_y", "card_preview", "markdown_code", "used_in",
    ]  # fmt: skip

    @admin.display(description="vignette 16:9 des cartes")
    def card_preview(self, obj):
        cards = [r for r in (obj.renditions or []) if r["kind"] == "card"]
        if not cards:
            return "—"
        smallest = min(cards, key=lambda r: r["width"])
        return format_html(
            '<img src="{}" alt="" style="max-width:320px">', default_storage.url(smallest["name"])
        )

    def get_deleted_objects(self, objs, request):
        """Images still shown by an article or a role appear as protected: not deleted."""
        deleted, counts, perms, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            protected = [*protected, *(f"{obj} : {usage}" for usage in obj.usages())]
        return deleted, counts, perms, protected

    @admin.display(description="utilisée dans")
    def used_in(self, obj):
        usages = obj.usages() if obj.pk else []
        return ", ".join(usages) or "aucun article"

    @admin.display(description="aperçu")
    def thumbnail(self, obj):
        if not obj.file:
            return format_html('<span class="image-missing-badge">{}</span>', "Image manquante")
        return format_html(
            '<img src="{}" alt="" style="max-width:120px;max-height:80px">', obj.file.url
        )

    @admin.display(description="fichier présent", boolean=True)
    def has_file(self, obj):
        return bool(obj.file)

    @admin.display(description="dimensions")
    def size(self, obj):
        return f"{obj.width} × {obj.height} px" if obj.width else "—"

    @admin.display(description="code Markdown")
    def markdown_code(self, obj):
        return format_html("<code>{}</code>", obj.markdown)
