"""What the admin pages of content share: the editor widget, tag autocompletion, the alt-text
refusal, and revisions people can read (French values, a summary per revision, word-level
diffs) and restore whole (its registered parts come back with it: `articles.admin.parts`), by
those allowed to change the object only (`HistoryAdmin`, the base of every admin with history).

`french_date` and `french_datetime` live in `articles.admin.display` and are re-exported here."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from markdownx.models import MarkdownxField
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.dates import ExactDateTimeField, ExactSplitDateTime
from articles.admin.display import (
    differs,
    display_value,
    french_date,  # noqa: F401 (the admin modules import it here)
    french_datetime,
    is_long,
    stored_value,
    text_inline,
    value_sides,
    word_counts,
)
from articles.admin.tags import TagAutocomplete, TagChoiceField, save_new_tags
from articles.editor import MarkdownEditor
from articles.models import Tag

# Markdown fields get the writing room (the text beside its live preview); a URL typed
# without a scheme means https; a date keeps its exact instant (`articles.admin.dates`).
FORMFIELD_OVERRIDES = {
    # Markdown kept as written: a text saved unchanged stays byte for byte what the import or
    # the last save stored (its final newline included; two final spaces are a line break).
    MarkdownxField: {"widget": MarkdownEditor, "strip": False},
    models.URLField: {"assume_scheme": "https"},
    models.DateTimeField: {"form_class": ExactDateTimeField, "widget": ExactSplitDateTime},
}


def https_by_default(db_field, **kwargs):
    """A model form's field as the admin makes it: an address typed without a scheme is read
    as https (Django 6's default; the admin's own forms get it from FORMFIELD_OVERRIDES)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class EditorMedia:
    css = {"all": ["css/admin-editor.css", "css/admin-history.css"]}


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
    """Revisions people can read (django-simple-history keeps them; this shows them): the
    history lists each revision with who, when and a summary of what changed, in French; a
    revision's page shows each field's change, words marked; restoring a revision brings back
    its parts as they were then (`restore_parts`).

    `history_diff_fields` names the fields whose changes are shown; `item_changes_label` and
    `item_changes_heading` what the summary and the diff page call the changes of its parts
    (`item_changes`)."""

    history_diff_fields = ()
    item_changes_label = "Parties"
    item_changes_heading = "Parties"
    object_history_template = "admin/history.html"
    object_history_form_template = "admin/history_restore.html"

    # The lists saved with each revision, as (model with history, what an item is called):
    # `item_changes` reads their history through their foreign key to this admin's model.
    item_histories = ()

    def item_changes(self, obj, record):
        """Changes to the object's lists saved with this revision (they are saved just after
        it, until the next revision), in French: « Ajout — Citation : … »."""
        following = record.next_record
        changes = []
        for model, label in self.item_histories:
            fk = next(f for f in model._meta.fields if f.related_model is self.model).attname
            versions = model.history.filter(
                **{fk: obj.pk, "history_date__gte": record.history_date}
            )
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

    def restore_parts(self, obj, moment):
        """Bring the object's parts back as they were at `moment` (nothing by default; a
        whole's admin calls `articles.admin.parts.restore_parts`)."""

    def history_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/<int:history_id>/diff/",
                self.admin_site.admin_view(self.diff_view),
                name=f"{opts.app_label}_{opts.model_name}_history_diff",
            )
        ]

    def diff_url(self, record):
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_history_diff",
            args=[record.id, record.history_id],
        )

    @admin.display(description="changements")
    def changes(self, record):
        return format_html('<a href="{}">Voir les différences</a>', self.diff_url(record))

    def history_view_title(self, request, obj):
        return f"Historique : {obj}"

    def diff_fields(self):
        return [f for f in self.model._meta.fields if f.name in self.history_diff_fields]

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        """Each listed revision gets its summary (what changed, in French) and its diff link,
        in place of simple-history's raw values (`published`, `None`, `[4618 chars]`)."""
        records = list(historical_records)
        for index, record in enumerate(records):
            previous = records[index + 1] if index + 1 < len(records) else record.prev_record
            record.summary = self.revision_summary(previous, record)
            changed = self.item_changes(record.instance, record)
            if changed:
                plural = "s" if len(changed) > 1 else ""
                record.summary.append(
                    f"{self.item_changes_label} : {len(changed)} changement{plural}"
                )
            record.diff_link = self.diff_url(record)
            if not self.may_restore(request, record.instance):  # only they get the link
                record.restore_disabled = True

    def revision_summary(self, previous, record):
        """« Statut : Brouillon → Publié », « Texte : 12 mots ajoutés, 3 supprimés »…"""
        if previous is None:
            return ["Création"] if record.history_type == "+" else ["Première version gardée"]
        lines = []
        for field in self.diff_fields():
            if same_key(field, previous, record):
                continue
            old, new = stored_value(previous, field), stored_value(record, field)
            if not differs(field, old, new):
                continue
            label = capfirst(field.verbose_name)  # not capitalize(): « Markdown » keeps its capital
            if is_long(field):
                added, removed = word_counts(old or "", new or "")
                counts = [
                    *([f"{added} mot{'s' if added > 1 else ''} ajouté{'s' if added > 1 else ''}"]
                      if added else []),
                    *([f"{removed} supprimé{'s' if removed > 1 else ''}"] if removed else []),
                ]  # fmt: skip
                lines.append(f"{label} : {', '.join(counts) or 'mise en forme'}")
            else:
                lines.append(f"{label} : {display_value(field, old)} → {display_value(field, new)}")
        return lines

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
            "record_date": french_datetime(record.history_date),
            "previous": previous,
            "previous_date": french_datetime(previous.history_date) if previous else "",
            "diffs": history_diff(previous, record, self.diff_fields()),
            "item_changes": self.item_changes(obj, record),
            "item_changes_heading": self.item_changes_heading,
            "title": f"Différences : {obj}",
            "changelist_url": reverse(f"{name}_changelist"),
            "change_url": reverse(f"{name}_change", args=[obj.pk]),
            "history_url": reverse(f"{name}_history", args=[obj.pk]),
            "restore_url": reverse(f"{name}_simple_history", args=[obj.pk, record.history_id]),
        }
        return TemplateResponse(request, "admin/history_diff.html", context)

    # --- Restoring a revision ------------------------------------------------------------

    def may_restore(self, request, obj):
        """Restoring writes the object: it takes the right to change it (simple-history only
        hides the button from the others)."""
        return self.has_change_permission(request, obj) and self.has_change_history_permission(
            request, obj
        )

    @staticmethod
    def restoring(request):
        match = request.resolver_match
        return bool(match and match.url_name and match.url_name.endswith("_simple_history"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and self.restoring(request):
            return restoring_form(form)
        return form

    def object_pk(self, object_id):
        """The primary key named in an address, or 404 (`history/abc/`: no such object)."""
        try:
            return self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError as exc:
            raise Http404 from exc

    def history_view(self, request, object_id, extra_context=None):
        self.object_pk(object_id)
        return super().history_view(request, object_id, extra_context)

    @transaction.atomic  # the version check locks the row until the restore is written whole
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple-history's restore page, in French, only for those who may change the object
        (403 for the others, whether they open or send it: nothing written); once restored,
        the parts follow."""
        pk = self.object_pk(object_id)
        try:
            version_id = int(version_id)
        except ValueError as exc:  # `history/abc/`: no such revision
            raise Http404 from exc
        record = get_object_or_404(self.model.history.model, id=pk, history_id=version_id)
        live = self.get_object(request, object_id)
        obj = live if live is not None else record.instance
        if not self.may_restore(request, obj):  # they read revisions on their diff page
            raise PermissionDenied
        context = {
            "title": f"Restaurer la version du {french_datetime(record.history_date)}",
            **(extra_context or {}),
        }
        response = super().history_form_view(request, object_id, version_id, context)
        if request.method == "POST" and response.status_code == 302:
            following = record.next_record
            moment = following.history_date if following is not None else timezone.now()
            self.restore_parts(self.model.objects.get(pk=record.id), moment)
        return response


class HistoryAdmin(HistoryDiffMixin, SimpleHistoryAdmin):
    """The base of every admin page whose model keeps a history: revisions people can read,
    restored only by those who may change the object, a 404 for an address naming none."""

    def get_urls(self):
        return [*self.history_urls(), *super().get_urls()]


def restoring_form(form_class):
    """The restore page's form starts from the version stored now, not the restored one's: a
    restore is deliberate, and is refused only if someone saves while it is open."""

    class RestoringForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if "version" in self.fields and self.instance.pk:
                current = type(self.instance).objects.filter(pk=self.instance.pk)
                self.initial["version"] = current.values_list("version", flat=True).first()

    RestoringForm.__name__ = form_class.__name__
    return RestoringForm


def same_key(field, previous, record):
    """A related row unchanged between two versions: known without fetching it."""
    return field.is_relation and getattr(previous, field.attname) == getattr(record, field.attname)


def history_diff(previous, record, fields):
    """Field by field, what changed between two versions: long texts as the changed lines with
    their words marked, short values as before and after (in French)."""
    diffs = []
    for field in fields:
        if previous is not None and same_key(field, previous, record):
            continue
        old = None if previous is None else stored_value(previous, field)
        new = stored_value(record, field)
        if not differs(field, old, new):
            continue
        label = capfirst(field.verbose_name)  # not capitalize(): « Markdown » keeps its capital
        if is_long(field):
            diffs.append({"label": label, "text": text_inline(str(old or ""), str(new or ""))})
        else:
            before, after = value_sides(field, old, new)
            diffs.append({"label": label, "before": before, "after": after})
    return diffs
