"""The page of one role: its fields, and its missions, background items and alternative titles
(the article's page lists its roles inline, see `articles.admin.article`)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.conflicts import VersionedFormMixin, row
from articles.admin.helpers import (
    FORMFIELD_OVERRIDES,
    EditorMedia,
    HistoryDiffMixin,
    tag_autocomplete_form,
)
from articles.admin.pickers import ImagePickerAdminMixin
from articles.admin.search import FoldedSearchMixin
from articles.models import AlternativeTitle, BackgroundItem, Mission, Role

ROLE_CONFLICT_FIELDS = [
    "title", "slug", "nickname", "image", "intro", "order", "dedicated_article", "dedicated_url",
    "dedicated_label",
]  # fmt: skip
# The role's lists, as the role page's inline forms name them: (prefix, label, text of an item).
ROLE_LISTS = [
    ("missions", "Missions", lambda item: item.text, "text"),
    ("background", "Parcours type", lambda item: item.text, "text"),
    ("alternative_titles", "Autres intitulés", lambda item: item.title, "title"),
]


class RoleAdminForm(VersionedFormMixin, tag_autocomplete_form(Role)):
    """The role page: refused over a newer version of the role or of its lists."""

    conflict_subject = "ce rôle"
    conflict_fields = ROLE_CONFLICT_FIELDS

    def extra_rows(self, current):
        for prefix, label, text, field in ROLE_LISTS:
            if f"{prefix}-TOTAL_FORMS" not in self.data:
                continue
            theirs = [text(item) for item in getattr(current, prefix).all()]
            mine = submitted_items(self.data, prefix, field)
            if theirs != mine:
                yield row(label, "\n".join(theirs), "\n".join(mine))


def submitted_items(data, prefix, field):
    """The texts of a list as the inline forms submit it (deleted ones left out)."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        return []
    items = []
    for number in range(min(total, 1000)):
        value = (data.get(f"{prefix}-{number}-{field}") or "").strip()
        if value and not data.get(f"{prefix}-{number}-DELETE"):
            items.append(value)
    return items


class MissionInline(admin.TabularInline):
    model = Mission
    extra = 1
    fields = ["position", "text"]


class BackgroundInline(admin.TabularInline):
    model = BackgroundItem
    extra = 1
    fields = ["kind", "position", "text"]


class AlternativeTitleInline(admin.TabularInline):
    model = AlternativeTitle
    extra = 1
    fields = ["position", "title", "note"]


@admin.register(Role)
class RoleAdmin(ImagePickerAdminMixin, FoldedSearchMixin, HistoryDiffMixin, SimpleHistoryAdmin):
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
    inlines = [MissionInline, BackgroundInline, AlternativeTitleInline]
    history_list_display = ["nickname", "changes"]
    history_diff_fields = {
        "title", "slug", "nickname", "intro", "order", "image", "dedicated_url", "dedicated_label",
    }  # fmt: skip
    Media = EditorMedia

    def get_urls(self):
        return [*self.history_urls(), *super().get_urls()]

    def item_changes(self, role, record):
        """Missions, background and alternative titles saved with this revision (the inline
        forms are saved just after the role, until the next revision)."""
        following = record.next_record
        changes = []
        for model, label in ((Mission, "Mission"), (BackgroundItem, "Parcours"),
                             (AlternativeTitle, "Autre intitulé")):  # fmt: skip
            versions = model.history.filter(role_id=role.pk, history_date__gte=record.history_date)
            if following is not None:
                versions = versions.filter(history_date__lt=following.history_date)
            for version in versions.order_by("history_date"):
                text = str(version.instance)
                if version.history_type == "+":
                    changes.append(f"Ajout — {label} : {text}")
                elif version.history_type == "-":
                    changes.append(f"Suppression — {label} : {text}")
                else:
                    before = version.prev_record
                    old = str(before.instance) if before else "?"
                    if old != text:
                        changes.append(f"Modification — {label} : {old} → {text}")
        return changes

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "article",
                    "order",
                    "title",
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
