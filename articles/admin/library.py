"""The media library: every image with its thumbnail, searched by alt text, caption, credit or
file name (accents and case aside), the placeholders without a file one filter away, and where
each image is used. It also answers the image pickers of the content pages
(`articles.admin.pickers`)."""

from collections import defaultdict
from pathlib import PurePosixPath

from django.contrib import admin
from django.core.files.storage import default_storage
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from articles import registry
from articles.admin.pickers import (
    MISSING_FILE,
    NO_ALT,
    ImagePickerJsonView,
    file_name,
    size_label,
    thumbnail_url,
    with_file,
)
from articles.admin.search import folded_terms, folded_text_matches
from articles.forms import ImageAssetAdminForm
from articles.models import ImageAsset
from articles.models.media import rows_showing

# Usages listed in a row of the library; the rest are counted (the image's page lists all).
USAGES_SHOWN = 3


class FileMissingFilter(admin.SimpleListFilter):
    title = "fichier"
    parameter_name = "fichier"

    def lookups(self, request, model_admin):
        return [("manquant", "Fichier manquant"), ("present", "Fichier présent")]

    def queryset(self, request, queryset):
        if self.value() == "manquant":
            return queryset.missing_file()
        if self.value() == "present":
            return with_file(queryset)
        return queryset


class UsageFilter(admin.SimpleListFilter):
    """« Inutilisée »: the images no content shows (heroes and other image fields, images placed
    in a rendered text: what `showing()` reads), to clean the library up."""

    title = "utilisation"
    parameter_name = "utilisation"

    def lookups(self, request, model_admin):
        return [("inutilisee", "Inutilisée"), ("utilisee", "Utilisée")]

    def queryset(self, request, queryset):
        if self.value() == "inutilisee":
            return queryset.unused()
        if self.value() == "utilisee":
            return queryset.exclude(pk__in=queryset.unused().values("pk"))
        return queryset


def matching_image_ids(queryset, search_term):
    """Images whose alt text, caption, credit, file name or id hold every word of the search,
    accents and case aside. Read in Python, as the tags are: a blog's library holds hundreds
    of images, a few thousand at most, and this works alike on SQLite and PostgreSQL without
    keeping a folded copy of four columns in step."""
    terms = folded_terms(search_term)
    rows = queryset.values_list("pk", "alt", "caption", "credit", "file", "original_name")
    return [
        pk
        for pk, *texts in rows
        if all(folded_text_matches(term, " ".join([str(pk), *map(str, texts)])) for term in terms)
    ]


def usages_by_image(assets):
    """{image id: [(what, label, admin URL)]} for a page of the library, in a query per content
    type whatever its length (`articles.registry`): each row showing one of its images (an
    image field, or its rendering placed it: `showing()`) names itself (`usage_links`) and
    links to the admin page that edits it (`admin_row`)."""
    ids = {asset.pk for asset in assets}
    usages = defaultdict(list)
    if not ids:
        return usages
    for kind in registry.kinds():
        if not (kind.sources or kind.image_fields):  # shows no image (a place in a series)
            continue
        model = kind.model_class
        rows = model.for_usages(rows_showing(kind, ids)).order_by(*model.usage_ordering)
        for row in rows:
            target = row.admin_row()
            meta = target._meta
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[target.pk])
            for image, what, label in row.usage_links(ids):
                usages[image].append((what, label, url))
    return usages


def added_on(asset):
    return date_format(timezone.localtime(asset.created_at), "SHORT_DATE_FORMAT")


def missing_badge():
    return format_html('<span class="media-thumb media-thumb--missing">{}</span>', MISSING_FILE)


@admin.register(ImageAsset)
class ImageAssetAdmin(admin.ModelAdmin):
    form = ImageAssetAdminForm
    # No column of its own for the date (the list is newest first): it would push the table
    # past its column at 1280 px; it is a line of the file's.
    list_display = ["thumbnail", "description", "file_info", "usage"]
    list_display_links = ["description"]  # a link on an image described alt="" has no name
    list_filter = [FileMissingFilter, UsageFilter]
    list_per_page = 50
    search_fields = ["alt", "caption", "credit", "file", "original_name"]  # folded: see below
    search_help_text = (
        "Texte alternatif, légende, crédit ou nom de fichier ; accents et majuscules indifférents."
    )
    readonly_fields = ["id", "preview", "card_preview", "size", "markdown_code", "used_in"]
    fields = [
        "id", "file", "original_name", "preview", "size", "alt", "caption", "credit",
        "focal_x", "focal_y", "card_preview", "markdown_code", "used_in",
    ]  # fmt: skip

    class Media:
        css = {"all": ["css/admin-image-picker.css"]}

    def get_urls(self):
        view = ImagePickerJsonView.as_view(admin_site=self.admin_site)
        return [
            path("choisir/", self.admin_site.admin_view(view), name="articles_imageasset_picker"),
            *super().get_urls(),
        ]

    def get_search_results(self, request, queryset, search_term):
        """« equipe » finds « Équipe RevOps », « PNG » finds the PNG files."""
        if not search_term.strip():
            return queryset, False
        return queryset.filter(pk__in=matching_image_ids(queryset, search_term)), False

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {"title": "Bibliothèque d'images", **(extra_context or {})}
        )

    def get_changelist_instance(self, request):
        """The page's rows, each told where it is used (a few queries for the whole page)."""
        changelist = super().get_changelist_instance(request)
        changelist.result_list = list(changelist.result_list)
        usages = usages_by_image(changelist.result_list)
        for asset in changelist.result_list:
            asset.listed_usages = usages.get(asset.pk, [])
        return changelist

    def get_deleted_objects(self, objs, request):
        """Images still shown by some content appear as protected: not deleted."""
        deleted, counts, perms, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            protected = [*protected, *(f"{obj} : {usage}" for usage in obj.usages())]
        return deleted, counts, perms, protected

    # --- The library's columns ------------------------------------------------------------

    @admin.display(description="vignette")
    def thumbnail(self, obj):
        """The smallest rendition, loaded as it scrolls into view. Its alt text is the next
        column's, written out: the image itself is not read twice (alt="")."""
        if not obj.file:
            return format_html(
                '<span class="media-thumb media-thumb--missing">{}</span>', MISSING_FILE
            )
        return format_html(
            '<img class="media-thumb" src="{}" alt="" loading="lazy" decoding="async" '
            'width="96" height="64">',
            thumbnail_url(obj),
        )

    @admin.display(description="texte alternatif", ordering="alt")  # caption, credit below it
    def description(self, obj):
        alt = (
            format_html("<strong>{}</strong>", obj.alt)
            if obj.alt
            else format_html('<strong class="media-warning">{}</strong>', NO_ALT)
        )
        details = format_html_join(
            "",
            '<span class="media-detail">{}</span>',
            ((text,) for text in (obj.caption, obj.credit and f"Crédit : {obj.credit}") if text),
        )
        return format_html("{}{}", alt, details)

    @admin.display(description="fichier", ordering="file")
    def file_info(self, obj):
        if not obj.file:
            return format_html(
                '<span class="media-warning">{}</span><span class="media-detail">ajoutée le {}'
                "</span>",
                MISSING_FILE,
                added_on(obj),
            )
        name = PurePosixPath(file_name(obj))
        # Files are named after the image's id: its first characters, as Markdown shows them
        # (`![…](c91ad3a9-…)`), tell them apart; the whole name is searched and in the title.
        short = f"{name.stem[:8]}…{name.suffix}" if len(name.stem) > 20 else name.name
        # The name it was dropped with first (schema.png), the stored name (its id) beside it.
        shown = obj.original_name or short
        return format_html(
            '<span class="media-file" title="{}">{}</span><span class="media-detail">{}</span>'
            '<span class="media-detail">ajoutée le {}</span>',
            name.name,
            shown,
            size_label(obj),
            added_on(obj),
        )

    @admin.display(description="utilisée dans")
    def usage(self, obj):
        usages = getattr(obj, "listed_usages", None)
        if usages is None:  # not listed by the changelist
            usages = []
        if not usages:
            return format_html('<span class="media-detail">{}</span>', "Inutilisée")
        items = format_html_join(
            "",
            '<li>{} <a href="{}">{}</a></li>',
            ((what, url, title) for what, title, url in usages[:USAGES_SHOWN]),
        )
        more = len(usages) - USAGES_SHOWN
        if more > 0:
            items = format_html("{}<li>et {} autre{}</li>", items, more, "s" if more > 1 else "")
        return format_html('<ul class="media-usages">{}</ul>', items)

    # --- The image's page -----------------------------------------------------------------

    @admin.display(description="aperçu")
    def preview(self, obj):
        if not obj.file:
            return format_html(
                '<span class="media-thumb media-thumb--missing">{}</span>', MISSING_FILE
            )
        return format_html(
            '<img src="{}" alt="" style="max-width:320px;max-height:240px">', thumbnail_url(obj)
        )

    @admin.display(description="vignette 16:9 des cartes")
    def card_preview(self, obj):
        cards = [r for r in (obj.renditions or []) if r["kind"] == "card"]
        if not cards:
            return "—"
        smallest = min(cards, key=lambda r: r["width"])
        return format_html(
            '<img src="{}" alt="" style="max-width:320px">', default_storage.url(smallest["name"])
        )

    @admin.display(description="utilisée dans")
    def used_in(self, obj):
        usages = obj.usages() if obj.pk else []
        return ", ".join(usages) or "aucun article"

    @admin.display(description="dimensions")
    def size(self, obj):
        return size_label(obj) or "—"

    @admin.display(description="code Markdown")
    def markdown_code(self, obj):
        return format_html("<code>{}</code>", obj.markdown)
