"""The roles inside the article page: each role whole (its fields and its lists), folded,
reordered by dragging, never put back silently over another editor's version."""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from articles.admin.conflicts import VersionedFormMixin
from articles.admin.display import comparable
from articles.admin.forms import requested_status
from articles.admin.helpers import FORMFIELD_OVERRIDES, https_by_default, missing_alt_error
from articles.admin.items import fingerprint, normalised
from articles.admin.pickers import ImagePickerAdminMixin
from articles.checklist import blocks_publishing, stored_status
from articles.markdown import image_ids
from articles.models import Article, ImageAsset
from roles.admin.items import ITEM_LISTS, RoleItemsMixin
from roles.models import Role


class RoleInlineFormSet(BaseInlineFormSet):
    def clean(self):
        """Publishing a draft needs alt text on the roles' images too (an article already
        published stays savable; its banner lists what is missing)."""
        super().clean()
        status = requested_status(self.data)  # « Publier » and « Programmer… » publish too
        if status != Article.Status.PUBLISHED:
            return
        if not blocks_publishing(stored_status(self.instance), status):
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


INLINE_ROLE_FIELDS = [
    "order", "title", "heading", "slug", "nickname", "image", "intro", "dedicated_article",
    "dedicated_url", "dedicated_label",
]  # fmt: skip


class DigestField(forms.CharField):
    """A hidden digest sent back as it came: never a change of its own."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        return False


class RoleInlineForm(RoleItemsMixin, VersionedFormMixin, forms.ModelForm):
    """A role as the article page shows it, whole: its fields and its lists. A role changed
    elsewhere since this page was opened is never put back silently: a role this editor did
    not touch (fields and lists as they were when the page was opened) keeps the other
    version (theirs); one she changed too is refused with both versions shown."""

    conflict_subject = "ce rôle"
    conflict_fields = INLINE_ROLE_FIELDS
    # The role as this page showed it (digest): what tells « untouched » from « changed ».
    opened = DigestField()

    class Meta:
        model = Role
        fields = [*INLINE_ROLE_FIELDS, "version"]
        widgets = {"order": forms.HiddenInput}
        formfield_callback = https_by_default

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["opened"] = self.digest_of_stored()

    def clean_order(self):
        """Without the page's script a new role has no place yet: after the others."""
        order = self.cleaned_data.get("order")
        if order is None:
            return self.instance.order if self.instance.pk else 10**4
        return order

    def digest_of_stored(self):
        """The digest of the role as it is stored (this form's lists, already read)."""
        role = self.instance
        values = [
            normalised(getattr(role, role._meta.get_field(name).attname))
            for name in INLINE_ROLE_FIELDS
        ]
        lists = {
            item_list.prefix: [
                item_list.item_key(item)
                for item in self.item_formsets[item_list.prefix].get_queryset()
            ]
            for item_list in ITEM_LISTS
        }
        return fingerprint(values, lists)

    def digest_of_submitted(self, cleaned):
        values = [normalised(cleaned.get(name)) for name in INLINE_ROLE_FIELDS]
        lists = {item_list.prefix: self.submitted_items(item_list) for item_list in ITEM_LISTS}
        return fingerprint(values, lists)

    def resolve_conflict(self, current, cleaned):
        opened = cleaned.get("opened")
        if opened:
            untouched = opened == self.digest_of_submitted(cleaned)
        else:  # a form without its digest (older page): its fields against the history
            base = (
                Role.history.filter(id=self.instance.pk, version=cleaned["version"])
                .order_by("-history_date")
                .first()
            )
            untouched = (
                base is not None
                and not self.submitted_lists()
                and all(
                    comparable(getattr(base, name)) == comparable(cleaned.get(name))
                    for name in self.conflict_fields
                )
            )
        if untouched:
            for name in self.conflict_fields:
                cleaned[name] = getattr(current, name)
            cleaned["version"] = current.version
            self.keeps_theirs = True  # and their lists: this form's are not saved
        return untouched


class RoleInline(ImagePickerAdminMixin, admin.StackedInline):
    """Roles as blocks that fold (title and nickname shown when folded), each holding all of
    the role; blocks and list items are reordered by dragging or with « Monter / Descendre »
    (`js/admin-roles.js`), which renumbers the hidden order and positions."""

    model = Role
    form = RoleInlineForm
    formset = RoleInlineFormSet
    template = "admin/roles/role/inline.html"
    fk_name = "article"
    extra = 0
    fieldsets = [
        (None, {"fields": ["title", "heading", "slug", "nickname", "image"]}),
        ("Présentation", {"fields": ["intro"]}),
        ("Article dédié", {"fields": ["dedicated_article", "dedicated_url", "dedicated_label"]}),
        # Hidden: the place (set by dragging), the version and digest (conflicts).
        (None, {"fields": ["order", "version", "opened"], "classes": ["hidden"]}),
    ]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["dedicated_article"]
    image_picker_fields = ["image"]
    formfield_overrides = FORMFIELD_OVERRIDES
    show_change_link = True
    ordering = ["order", "pk"]
    verbose_name = "rôle"
    verbose_name_plural = "rôles"

    class Media:
        js = ["js/admin-roles.js"]
        css = {"all": ["css/admin-roles.css"]}
