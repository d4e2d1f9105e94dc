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

from articles.models import Article, Author, ImageAsset, Tag

# Markdown fields get the live-preview editor; a URL typed without a scheme means https.
FORMFIELD_OVERRIDES = {
    MarkdownxField: {"widget": AdminMarkdownxWidget},
    models.URLField: {"assume_scheme": "https"},
}


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
    list_display = ["thumbnail", "alt", "has_file", "size", "markdown_code", "created_at"]
    list_filter = [FileMissingFilter]
    search_fields = ["alt", "caption", "credit", "id"]
    readonly_fields = ["id", "thumbnail", "size", "markdown_code"]
    fields = ["id", "file", "thumbnail", "size", "alt", "caption", "credit", "markdown_code"]

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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = tag_autocomplete_form(Article)
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
