"""The article's admin page: its list, its form (title and body first, the rest after,
folded), its publication buttons and its previews. The list's actions live in
`articles.admin.actions`, the state labels in `articles.admin.publication`. Other apps add to
it only through `articles.admin.extensions` (the blocks of an article's parts are their app's
inlines, added there)."""

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.views.main import ChangeList
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from articles.admin.actions import ArticleActionsMixin
from articles.admin.extensions import extensions
from articles.admin.forms import ArticleAdminForm
from articles.admin.helpers import FORMFIELD_OVERRIDES, EditorMedia, HistoryAdmin
from articles.admin.parts import part_kinds, search_fields
from articles.admin.pickers import ImagePickerAdminMixin
from articles.admin.preview import ArticlePreviewMixin
from articles.admin.publication import (  # noqa: F401 (publication_parts: imported from here)
    PublicationFilter,
    publication_parts,
)
from articles.admin.publishable import PublishableAdminMixin
from articles.admin.restore import ArticleRestoreMixin
from articles.admin.search import FoldedSearchMixin
from articles.admin.tags import TagLabelFilter
from articles.checklist import check_article, review_points
from articles.editor import share_preview_html
from articles.models import Article
from articles.preview import share_url

# The « points à revoir » column's header: a sign that takes little room, its name for all.
REVIEW_HEADER = mark_safe(  # noqa: S308 (constant markup)
    '<span role="img" aria-label="Points à revoir" title="Points à revoir (liste de contrôle)">'
    "⚠</span>"
)


@admin.register(Article)
class ArticleAdmin(
    ImagePickerAdminMixin,
    FoldedSearchMixin,
    ArticlePreviewMixin,
    ArticleActionsMixin,
    ArticleRestoreMixin,
    PublishableAdminMixin,
    HistoryAdmin,
):
    """The article page, top to bottom as the editor sees it: the title and the body first
    (the writing room), the checklist, then address, author, tags and excerpt, and folded
    below them publication dates, what Google and LinkedIn will show, the hero image, reading
    and other metadata; then its parts (the extensions' inlines: each role whole, its lists
    included). The submit row holds
    « Publier », « Programmer… » and « Dépublier » (`articles.workflow`)."""

    form = ArticleAdminForm
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = [
        "title",
        "publication",  # with its date: no date column beside it
        "author",
        "tag_list",
        "reading",
        "review",
    ]
    list_filter = [PublicationFilter, "author", ("tags", TagLabelFilter)]
    # Folded columns (see FoldedSearchMixin): title, then description, excerpt and body, then
    # those its parts declare (`get_search_fields`: a role's title, nickname, intro and items).
    search_fields = ["search_title", "search_text", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["author"]
    image_picker_fields = ["hero_image"]  # thumbnails, and never an image without a file
    view_on_site = True
    readonly_fields = [
        "publication", "checklist", "share_link", "reading_time", "word_count", "updated_at",
        "share_preview",
    ]  # fmt: skip
    own_actions = ["publish_now", "unpublish", "duplicate_as_draft", "revoke_preview_links"]
    history_list_display = ["status", "changes"]
    history_diff_fields = {
        "title", "slug", "status", "published_at", "unpublish_at", "excerpt", "description",
        "body", "hero_image", "hero_image_url", "hero_image_alt", "hero_image_credit", "author",
        "declared_reading_time", "force_declared_reading_time",
    }  # fmt: skip

    class Media(EditorMedia):
        js = ["js/admin-drafts.js"]  # typed work kept in the browser, leave-page warning

    fieldsets = [
        (None, {"classes": ["article-main"], "fields": ["title", "body", "version"]}),
        ("Avant publication", {"classes": ["checklist-fieldset"], "fields": ["checklist"]}),
        ("Présentation", {"fields": ["excerpt", "slug", "author", "tags"]}),
        (
            "Publication",
            {
                "classes": ["collapse"],
                "fields": ["publication", "status", "published_at", "unpublish_at", "share_link"],
                "description": "« Publier », « Programmer… » et « Dépublier », en bas de la "
                "page, s'en chargent ; ici, les dates à la main. Une date future programme "
                "l'article : il paraît seul à l'heure dite, sans autre action.",
            },
        ),
        (
            "Référencement et partage",
            {
                "classes": ["collapse", "share-fieldset"],
                "fields": ["description", "share_preview"],
                "description": "Ce que Google et LinkedIn montreront de l'article, à jour pendant "
                "la saisie du titre, de l'adresse, de la description et de l'image principale.",
            },
        ),
        (
            "Image principale",
            {
                "classes": ["collapse"],
                "fields": ["hero_image", "hero_image_url", "hero_image_alt", "hero_image_credit"],
                "description": "Une image de la bibliothèque, ou à défaut une adresse externe.",
            },
        ),
        (
            "Vidéo et podcast",
            {"classes": ["collapse"], "fields": ["youtube_id", "podcast_id", "podcast_show_id"]},
        ),
        (
            "Lecture et métadonnées",
            {
                "classes": ["collapse"],
                "fields": [
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

    @property
    def actions(self):
        """Ours, then those of the registered extensions (export…)."""
        return [*self.own_actions, *(a for e in extensions() for a in e.actions)]

    @property
    def inlines(self):
        """Those of the registered extensions (the roles' blocks)."""
        return [inline for extension in extensions() for inline in extension.inlines]

    def get_search_fields(self, request):
        """Ours, then what the article's parts declare (read once the apps are ready)."""
        return [*self.search_fields, *search_fields(self.model)]

    @property
    def search_help_text(self):
        """« Titre, description, texte et rôles ; … »: the parts searched named by their
        models."""
        searched = ["titre", "description", "texte"]
        searched += [
            str(kind.model_class._meta.verbose_name_plural)
            for kind in part_kinds(Article)
            if kind.admin_search_fields
        ]
        return (
            f"{capfirst(', '.join(searched[:-1]))} et {searched[-1]} ; accents et majuscules "
            "indifférents (« previsions » trouve « Prévisions »)."
        )

    def get_fieldsets(self, request, obj=None):
        """A field not placed above (a new front-matter field, say) still gets its input."""
        fieldsets = list(super().get_fieldsets(request, obj))
        placed = set(flatten_fieldsets(fieldsets)) | set(self.readonly_fields)
        fields = self.model._meta.fields
        rest = [f.name for f in fields if f.editable and not f.primary_key and f.name not in placed]
        if rest:
            fieldsets.append(("Autres champs", {"fields": rest}))
        return fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author").prefetch_related("tags")

    def get_changelist(self, request, **kwargs):
        return ReviewedChangeList

    def get_urls(self):
        return [
            path(
                "<path:object_id>/apercu/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "apercu/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview_new",
            ),
            *(url for extension in extensions() for url in extension.get_urls(self)),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        opts = self.model._meta
        links = [
            {"label": link.label, "url": reverse(f"admin:{link.url_name}")}
            for extension in extensions()
            for link in extension.links
            if request.user.has_perm(f"{opts.app_label}.{link.permission}_{opts.model_name}")
        ]
        return super().changelist_view(request, {**(extra_context or {}), "extension_links": links})

    @admin.display(description="lecture", ordering="reading_time")
    def reading(self, obj):
        return f"{obj.displayed_reading_time} min"

    @admin.display(description=REVIEW_HEADER)
    def review(self, obj):
        """The checklist's errors on this page's articles (counted by `ReviewedChangeList`):
        a number in a narrow column (the list is full at 1280 px), named for screen readers."""
        count = len(getattr(obj, "review_points", ()))
        if not count:
            return "—"
        url = reverse("admin:articles_article_change", args=[obj.pk])
        plural = "s" if count > 1 else ""
        return format_html(
            '<a class="review-count" href="{}" aria-label="{} point{} à revoir">{}</a>',
            url,
            count,
            plural,
            count,
        )

    @admin.display(description="tags")
    def tag_list(self, obj):
        return ", ".join(t.display for t in obj.tags.all())

    def checks(self, obj):
        return check_article(obj)

    def share_url(self, obj):
        return share_url(obj)

    @admin.display(description="aperçu Google et LinkedIn")
    def share_preview(self, obj):
        return share_preview_html(obj)


class ReviewedChangeList(ChangeList):
    """The article list, with each shown article's checklist errors read for the whole page
    at once (`articles.checklist.review_points`: a few queries, not a few per row)."""

    def get_results(self, request):
        super().get_results(request)
        found = review_points(self.result_list)
        for article in self.result_list:
            article.review_points = found[article.pk]
