"""Admin for roles: an ordered inline on the article, and a full page per role."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from articles.admin import (
    FORMFIELD_OVERRIDES,
    ArticleAdmin,
    EditorMedia,
    HistoryDiffMixin,
    missing_alt_error,
    tag_autocomplete_form,
)
from articles.markdown import image_ids
from articles.models import Article, ImageAsset
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role


class RoleInlineFormSet(BaseInlineFormSet):
    def clean(self):
        """Publishing the article needs alt text on the roles' images too."""
        super().clean()
        if self.data.get("status") != Article.Status.PUBLISHED:
            return
        ids = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            if form.cleaned_data.get("image"):
                ids.add(form.cleaned_data["image"].pk)
            ids.update(image_ids(form.cleaned_data.get("intro", "")))
        missing = list(ImageAsset.objects.filter(pk__in=ids, alt=""))
        if missing:
            raise missing_alt_error(missing)


class RoleInline(admin.StackedInline):
    model = Role
    formset = RoleInlineFormSet
    fk_name = "article"
    extra = 0
    fields = ["order", "title", "slug", "nickname", "image", "intro"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["image"]
    formfield_overrides = FORMFIELD_OVERRIDES
    show_change_link = True
    ordering = ["order", "pk"]
    verbose_name = "rôle"
    verbose_name_plural = (
        "rôles (missions, parcours type et autres intitulés : lien « Modifier » de chaque rôle)"
    )


# roles depends on articles, never the reverse: the roles app adds its inline to the article admin.
ArticleAdmin.inlines = [*ArticleAdmin.inlines, RoleInline]


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
class RoleAdmin(HistoryDiffMixin, SimpleHistoryAdmin):
    form = tag_autocomplete_form(Role)
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = ["title", "nickname", "article", "order"]
    list_filter = ["article"]
    list_select_related = ["article"]
    search_fields = ["title", "nickname", "article__title"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["article", "image", "dedicated_article"]
    view_on_site = True
    inlines = [MissionInline, BackgroundInline, AlternativeTitleInline]
    history_list_display = ["nickname", "changes"]
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
        (None, {"fields": ["article", "order", "title", "slug", "nickname", "image", "tags"]}),
        ("Présentation", {"fields": ["intro"]}),
        (
            "Article dédié",
            {"fields": ["dedicated_article", "dedicated_url", "dedicated_label"]},
        ),
    ]
