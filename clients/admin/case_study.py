"""The case study's admin page, as an article's: name, title and subtitle first, the text in
the writing room, the checklist, then who is quoted, the mission (duration, périmètres,
outils, équipe), tags, hero image and video, and folded the publication and its share link;
its quotes and deliverables below, reordered by dragging (`items`). History with readable
diffs, restore bringing the lists back as they were, « Aperçu » of unsaved changes."""

from django.contrib import admin
from django.urls import NoReverseMatch, path

from articles.admin.actions import PublicationActionsMixin
from articles.admin.helpers import FORMFIELD_OVERRIDES, EditorMedia, HistoryAdmin
from articles.admin.parts import restore_parts
from articles.admin.pickers import ImagePickerAdminMixin
from articles.admin.preview import FormPreviewMixin, address_problem, refused
from articles.admin.publication import PublicationFilter
from articles.admin.publishable import PublishableAdminMixin
from articles.admin.restore import ArticleRestoreMixin
from articles.admin.search import FoldedSearchMixin
from articles.markdown import MarkdownTooComplex
from clients.admin.forms import CaseStudyAdminForm
from clients.checklist import check_case_study
from clients.models import CaseStudy, Deliverable, Quote
from clients.preview import old_shared_preview, preview_response, share_url


class ScopeFilter(admin.RelatedFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = "Sans périmètre"


class ToolFilter(admin.RelatedFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = "Sans outil"


@admin.register(CaseStudy)
class CaseStudyAdmin(
    ImagePickerAdminMixin,
    FoldedSearchMixin,
    FormPreviewMixin,
    ArticleRestoreMixin,
    PublicationActionsMixin,
    PublishableAdminMixin,
    HistoryAdmin,
):
    form = CaseStudyAdminForm
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = ["name", "title", "publication"]  # the state says its date
    list_display_links = ["name", "title"]
    list_filter = [PublicationFilter, ("scopes", ScopeFilter), ("tools", ToolFilter)]
    # Folded columns (see FoldedSearchMixin): the title; the client, the quoted person, the
    # subtitle, description and text (`CaseStudy.search_parts`); the address.
    search_fields = ["search_title", "search_text", "slug"]
    search_help_text = (
        "Client, titre, personne citée, sous-titre, description et texte ; accents et "
        "majuscules indifférents (« negociation » trouve « Négociation »)."
    )
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["scopes", "tools", "team"]
    image_picker_fields = ["hero_image"]
    readonly_fields = ["publication", "checklist", "share_link"]
    change_form_template = "admin/clients/casestudy/change_form.html"
    actions = ["publish_now", "unpublish", "revoke_preview_links"]
    count_noun = "étude(s) de cas"
    history_list_display = ["status", "changes"]
    item_changes_label = "Citations et livrables"
    item_changes_heading = "Citations et livrables"
    item_histories = ((Quote, "Citation"), (Deliverable, "Livrable"))
    history_diff_fields = {
        "name", "slug", "title", "subtitle", "description", "speaker", "speaker_role",
        "duration", "hero_image", "youtube_id", "body", "status", "published_at", "unpublish_at",
    }  # fmt: skip

    class Media(EditorMedia):
        # The lists' drag and « Monter / Descendre »; typed work kept in the browser.
        js = ["js/admin-roles.js", "js/admin-drafts.js"]
        css = {"all": [*EditorMedia.css["all"], "css/admin-roles.css"]}

    fieldsets = [
        (
            None,
            {
                "classes": ["article-main"],
                "fields": ["name", "title", "subtitle", "body", "version"],
            },
        ),
        ("Avant publication", {"classes": ["checklist-fieldset"], "fields": ["checklist"]}),
        (
            "La mission",
            {
                "fields": [
                    "slug",
                    "speaker",
                    "speaker_role",
                    "duration",
                    "scopes",
                    "tools",
                    "team",
                    "tags",
                ]
            },
        ),
        (
            "Publication",
            {
                "classes": ["collapse"],
                "fields": ["publication", "status", "published_at", "unpublish_at", "share_link"],
                "description": "« Publier », « Programmer… » et « Dépublier », en bas de la "
                "page, s'en chargent ; ici, les dates à la main. Une date future programme "
                "l'étude de cas : elle paraît seule à l'heure dite, sans autre action.",
            },
        ),
        ("Référencement", {"classes": ["collapse"], "fields": ["description"]}),
        (
            "Image principale et vidéo",
            {"classes": ["collapse"], "fields": ["hero_image", "youtube_id"]},
        ),
        ("Métadonnées", {"classes": ["collapse"], "fields": ["front_matter_extra"]}),
    ]

    def view_on_site(self, obj):
        """Its reader page, once the clients' pages exist (another part of issue 21)."""
        try:
            return obj.get_absolute_url()
        except NoReverseMatch:  # until the reader URLs are there
            return None

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/apercu/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{name}_preview",
            ),
            path(
                "apercu/", self.admin_site.admin_view(self.preview_view), name=f"{name}_preview_new"
            ),
            # The share link's first address (now /clients/apercu/<token>/): no admin login.
            path("partage/<str:token>/", old_shared_preview, name=f"{name}_shared_preview"),
            *super().get_urls(),
        ]

    # --- What the shared page needs (`PublishableAdminMixin`) ---------------------------------

    def checks(self, obj):
        return check_case_study(obj)

    def share_url(self, obj):
        return share_url(obj)

    # --- « Aperçu »: the form as it stands, nothing written ------------------------------

    def preview_of(self, request, form):
        """The reader page as the form stands (`FormPreviewMixin`), its lists as edited."""
        problem = address_problem(form, "Adresse de l'étude de cas")
        if problem:
            return refused(problem)
        case_study = form.instance
        data = form.cleaned_data
        try:
            case_study.render(placeholders=True)  # editors see what is missing
            lists = {name: self.items_as_edited(form, name) for name in ("quotes", "deliverables")}
        except MarkdownTooComplex as exc:
            return refused(exc)
        chosen = {name: list(data.get(name) or []) for name in ("scopes", "tools", "tags")}
        return preview_response(request, case_study, **lists, **chosen)

    @staticmethod
    def items_as_edited(form, name):
        formset = form.item_formsets[name]
        if not formset.is_bound:
            return list(formset.get_queryset())
        formset.is_valid()
        shown = []
        for row in formset.forms:
            data = getattr(row, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not (data.get("text") or "").strip():
                continue
            row.instance.render()
            shown.append(row.instance)
        return sorted(shown, key=lambda item: item.position or 10**6)

    # --- History -----------------------------------------------------------------------

    def restore_parts(self, case_study, moment):
        """A restored case study gets back its quotes and deliverables of that time."""
        restore_parts(case_study, moment)
