"""What the admin pages of content share: the editor widget, tag autocompletion, the alt-text
refusal, and revisions with a readable diff."""

import datetime
import difflib

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from articles.admin.tags import TagAutocomplete, TagChoiceField, save_new_tags
from articles.models import Tag

# Markdown fields get the live-preview editor; a URL typed without a scheme means https.
FORMFIELD_OVERRIDES = {
    MarkdownxField: {"widget": AdminMarkdownxWidget},
    models.URLField: {"assume_scheme": "https"},
}


class EditorMedia:
    css = {"all": ["css/admin-editor.css"]}


def french_date(value):
    """« 3 janvier 2027 », « 1er mai 2026 »: the day in the site's time zone."""
    local = timezone.localtime(value)
    day = "1er" if local.day == 1 else str(local.day)
    return f"{day} {date_format(local, 'F Y')}"


def french_datetime(value):
    """« 3 janvier 2027 à 09:00 », « 1er mai 2026 à 18:30 »: in the site's time zone."""
    return f"{french_date(value)} à {timezone.localtime(value):%H:%M}"


def missing_alt_error(assets):
    names = ", ".join(f"« {a.caption or a.pk} » ({a.markdown})" for a in assets)
    return forms.ValidationError(
        f"Publication impossible : ces images n'ont pas de texte alternatif : {names}. "
        "Complétez-le dans « Images », ou enregistrez en brouillon."
    )


def tag_autocomplete_form(model):
    """A ModelForm whose `tags` field finds tags by label and creates them from a label
    (see `articles.admin.tags`)."""

    class TagAutocompleteForm(forms.ModelForm):
        tags = TagChoiceField(
            label="Tags",
            queryset=Tag.objects.all(),
            required=False,
            widget=TagAutocomplete(model._meta.get_field("tags"), admin.site),
            help_text="Tapez pour chercher un tag par son libellé ; un libellé nouveau crée "
            "le tag à l'enregistrement (« Entrée » ou une virgule pour le valider).",
        )

        class Meta:
            fields = "__all__"  # noqa: DJ007 (the admin decides the fields)

        def _save_m2m(self):
            # Tags typed as labels exist from now on: the save went through.
            if self.cleaned_data.get("tags"):
                self.cleaned_data["tags"] = save_new_tags(self.cleaned_data["tags"])
            super()._save_m2m()

    TagAutocompleteForm._meta.model = model
    return TagAutocompleteForm


class HistoryDiffMixin:
    """Revisions with a readable diff (django-simple-history keeps them; this shows them).

    `history_diff_fields` names the fields whose changes the diff shows."""

    history_diff_fields = ()

    def item_changes(self, obj, record):
        """Changes to the object's parts saved with this revision (none by default)."""
        return []

    def history_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/<int:history_id>/diff/",
                self.admin_site.admin_view(self.diff_view),
                name=f"{opts.app_label}_{opts.model_name}_history_diff",
            )
        ]

    @admin.display(description="changements")
    def changes(self, record):
        opts = self.model._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_history_diff",
            args=[record.id, record.history_id],
        )
        return format_html('<a href="{}">Voir les différences</a>', url)

    def diff_view(self, request, object_id, history_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        record = get_object_or_404(obj.history.model, history_id=history_id, id=obj.pk)
        previous = record.prev_record
        opts = self.model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "original": obj,
            "record": record,
            "previous": previous,
            "diffs": history_diff(previous, record, self.history_diff_fields),
            "item_changes": self.item_changes(obj, record),
            "title": f"Différences : {obj}",
            "changelist_url": reverse(f"{name}_changelist"),
            "change_url": reverse(f"{name}_change", args=[obj.pk]),
            "history_url": reverse(f"{name}_history", args=[obj.pk]),
            "restore_url": reverse(f"{name}_simple_history", args=[obj.pk, record.history_id]),
        }
        return TemplateResponse(request, "admin/history_diff.html", context)


def history_diff(previous, record, names):
    """Field by field, what changed between two versions, as readable HTML diffs."""
    fields = [f for f in record.instance_type._meta.fields if f.name in names]

    def shown(value):
        if isinstance(value, datetime.datetime):  # to the second, in Paris time
            return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S")
        return "" if value is None else str(value)

    diffs = []
    for field in fields:
        old = "" if previous is None else shown(getattr(previous, field.attname))
        new = shown(getattr(record, field.attname))
        if old == new:
            continue
        table = difflib.HtmlDiff(wrapcolumn=70).make_table(
            old.splitlines(), new.splitlines(), "Avant", "Après", context=True, numlines=2
        )
        diffs.append({"label": field.verbose_name, "table": mark_safe(table)})  # noqa: S308
    return diffs
