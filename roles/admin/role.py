"""The page of one role: its fields, and its missions, background items and alternative titles,
edited as in the role's block on the article page (`roles.admin.items`)."""

from django.contrib import admin

from articles.admin.conflicts import VersionedFormMixin
from articles.admin.helpers import (
    FORMFIELD_OVERRIDES,
    EditorMedia,
    HistoryAdmin,
    tag_autocomplete_form,
)
from articles.admin.parts import restore_parts
from articles.admin.pickers import ImagePickerAdminMixin
from articles.admin.search import FoldedSearchMixin
from roles.admin.items import RoleItemsMixin
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role

ROLE_CONFLICT_FIELDS = [
    "title", "heading", "slug", "nickname", "image", "intro", "order", "dedicated_article",
    "dedicated_url", "dedicated_label",
]  # fmt: skip


class RoleAdminForm(RoleItemsMixin, VersionedFormMixin, tag_autocomplete_form(Role)):
    """The role page: its lists edited as on the article page (`role_items`); refused over a
    newer version of the role or of its lists, both shown."""

    conflict_subject = "ce rôle"
    conflict_fields = ROLE_CONFLICT_FIELDS


@admin.register(Role)
class RoleAdmin(ImagePickerAdminMixin, FoldedSearchMixin, HistoryAdmin):
    form = RoleAdminForm
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = ["title", "nickname", "article", "order"]
    list_filter = ["article"]
    list_select_related = ["article"]
    # Folded columns (see FoldedSearchMixin): title; nickname, intro and items; the article's
    # title.
    search_fields = ["search_title", "search_text", "article__search_title"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["article", "dedicated_article"]
    image_picker_fields = ["image"]
    view_on_site = True
    change_form_template = "admin/roles/role/change_form.html"
    history_list_display = ["nickname", "changes"]
    item_changes_label = "Missions, parcours et intitulés"
    item_changes_heading = "Missions, parcours type et autres intitulés"
    item_histories = (
        (Mission, "Mission"),
        (BackgroundItem, "Parcours"),
        (AlternativeTitle, "Autre intitulé"),
    )
    history_diff_fields = {
        "title", "heading", "slug", "nickname", "intro", "order", "image", "dedicated_url",
        "dedicated_label",
    }  # fmt: skip

    class Media:
        js = ["js/admin-roles.js"]
        css = {"all": [*EditorMedia.css["all"], "css/admin-roles.css"]}

    def restore_parts(self, role, moment):
        """A restored role gets back its missions, background and titles of that time."""
        restore_parts(role, moment)

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "article",
                    "order",
                    "title",
                    "heading",
                    "slug",
                    "nickname",
                    "image",
                    "tags",
                    "version",
                ],
            },  # fmt: skip
        ),
        ("Présentation", {"fields": ["intro"]}),
        (
            "Article dédié",
            {"fields": ["dedicated_article", "dedicated_url", "dedicated_label"]},
        ),
    ]
