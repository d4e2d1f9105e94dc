"""Admin for articles, authors, tags and images (in French, for editors)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db import models
from django.db.models import Q
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from taggit.models import Tag as TaggitTag

from articles.forms import ImageAssetAdminForm
from articles.models import Article, Author, ImageAsset, Tag

# Markdown fields get the live-preview editor; a URL typed without a scheme means https.
FORMFIELD_OVERRIDES = {
    MarkdownxField: {"widget": AdminMarkdownxWidget},
    models.URLField: {"assume_scheme": "https"},
}


def missing_alt_error(assets):
    names = ", ".join(f"« {a.caption or a.pk} » ({a.markdown})" for a in assets)
    return forms.ValidationError(
        f"Publication impossible : ces images n'ont pas de texte alternatif : {names}. "
        "Complétez-le dans « Images », ou enregistrez en brouillon."
    )


def tag_autocomplete_form(model):
    """A ModelForm whose `tags` field autocompletes against the Tag admin."""

    class TagAutocompleteForm(forms.ModelForm):
        tags = forms.ModelMultipleChoiceField(
            label="Tags",
            queryset=Tag.objects.all(),
            required=False,
            widget=AutocompleteSelectMultiple(model._meta.get_field("tags"), admin.site),
            help_text="Tapez pour chercher un tag ; créez-en de nouveaux dans « Tags ».",
        )

        class Meta:
            fields = "__all__"  # noqa: DJ007 (the admin decides the fields)

    TagAutocompleteForm._meta.model = model
    return TagAutocompleteForm


# Our Tag model (with its French label) replaces taggit's default one in the admin.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


class EditorMedia:
    css = {"all": ["css/admin-editor.css"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}

    @admin.display(description="articles")
    def article_count(self, obj):
        return obj.articles.count()


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "label", "slug"]
    search_fields = ["name", "label", "slug"]
    prepopulated_fields = {"slug": ("name",)}


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
        from django.core.files.storage import default_storage

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


class ArticleAdminForm(tag_autocomplete_form(Article)):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Article.Status.PUBLISHED:
            missing = self.instance.images_without_alt(
                body=cleaned.get("body", ""),
                hero_image=cleaned.get("hero_image"),
                roles=False,  # the roles inline checks the roles as submitted
            )
            if missing:
                raise missing_alt_error(missing)
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = [
        "title",
        "status",
        "is_published",
        "published_at",
        "author",
        "tag_list",
        "reading_time",
    ]
    list_filter = ["status", "author", "tags"]
    search_fields = ["title", "slug", "description", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["author", "hero_image"]
    view_on_site = True
    readonly_fields = ["reading_time", "word_count", "updated_at"]
    Media = EditorMedia
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "status", "published_at", "tags"]}),
        ("Contenu", {"fields": ["excerpt", "body"]}),
        (
            "Image principale",
            {
                "fields": ["hero_image", "hero_image_url", "hero_image_alt", "hero_image_credit"],
                "description": "Une image de la bibliothèque, ou à défaut une adresse externe.",
            },
        ),
        (
            "Référencement et lecture",
            {
                "classes": ["collapse"],
                "fields": [
                    "description",
                    "declared_reading_time",
                    "force_declared_reading_time",
                    "reading_time",
                    "word_count",
                    "front_matter_extra",
                    "updated_at",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author").prefetch_related("tags")

    @admin.display(description="tags")
    def tag_list(self, obj):
        return ", ".join(t.display for t in obj.tags.all())
