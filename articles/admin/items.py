"""Ordered lists edited inside the form of what holds them: a role's missions, background and
titles, a case study's quotes and deliverables. The apps declare their lists (`ItemList`) and
their forms (`ItemForm`); this module is the widget they share, drawn by
`templates/admin/articles/items/lists.html`.

Each list is an inline formset nested in its holder's form, under that form's prefix
(`roles-0-missions-…` on the article page, `missions-…` on the role page, `quotes-…` on a case
study's). An item is one wide, multi-line text field; its order is a hidden position that the
page's script renumbers when the editor drags an item or moves it with « Monter / Descendre »
(`static/js/admin-roles.js`). What a browser without that script sends still saves: a new item
without a position goes after the others.

Rules an editor can rely on:
- a row left empty never creates an item, and clearing an item's text deletes it;
- a list the submitted form does not carry (its management form is absent) is left as it is;
- the holder and its lists are saved together, inside the admin's transaction, or not at all.
"""

import hashlib
import json

from django import forms
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.functional import cached_property

from articles.admin.conflicts import row


def squeezed(text):
    """An item is one paragraph of inline Markdown: line breaks typed in the wide field
    become spaces, and runs of spaces one."""
    return " ".join((text or "").split())


def wide_text(rows, label, placeholder=""):
    attrs = {"rows": rows, "class": "role-item__input", "aria-label": label}
    if placeholder:
        attrs["placeholder"] = placeholder
    return forms.Textarea(attrs=attrs)


class ItemForm(forms.ModelForm):
    """One item: its text (wide, multi-line), its hidden position."""

    content_fields = ("text",)  # what the editor writes; only they make a new row an item
    required_field = "text"  # blank on an existing item: the item is deleted

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].widget = forms.HiddenInput()
        self.fields["position"].required = False

    def clean(self):
        cleaned = super().clean()
        for name in self.content_fields:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = squeezed(cleaned[name])
        return cleaned

    def clean_position(self):
        return self.cleaned_data.get("position") or 0

    def has_changed(self):
        """A new row counts only once something is written in it (the script numbers every
        row, so a position alone is not an item)."""
        if self.instance.pk is None:
            return not self.is_blank(all_fields=True)
        return super().has_changed()

    def is_blank(self, all_fields=False):
        names = self.content_fields if all_fields else (self.required_field,)
        return not any(squeezed(self.data.get(self.add_prefix(name))) for name in names)


class ItemFormSet(BaseInlineFormSet):
    """A list: empty rows ignored, cleared items deleted, new items placed last."""

    def _should_delete_form(self, form):
        if super()._should_delete_form(form):
            return True
        return form.instance.pk is not None and form.is_blank()

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and (form.instance.pk is not None or form.has_changed())
            and not self._should_delete_form(form)
        ]
        last = max((form.cleaned_data.get("position") or 0 for form in kept), default=0)
        for form in kept:
            if form.instance.pk is None and not form.cleaned_data.get("position"):
                last += 1
                form.instance.position = last


def item_formset(holder, form):
    """The formset of `form`'s items inside `holder` (a model: Role, CaseStudy…)."""
    return inlineformset_factory(
        holder, form._meta.model, form=form, formset=ItemFormSet, extra=0, can_delete=True
    )


class ItemList:
    """One list as the forms name it and the templates show it.

    `screen`: (heading, the name of one item, the « add » button's text). `kinds`: one
    formset shown as several lists, one per value of the items' `kind` field, as
    (kind, heading, add); then `screen`'s item name serves them all and `kind_labels` names
    each kind in conflicts."""

    def __init__(self, prefix, label, formset, content, screen, kinds=None, kind_labels=None):
        self.prefix = prefix  # under the holder form's prefix, and the holder's related name
        self.label = label  # in conflicts
        self.formset = formset
        self.content = content  # the fields that make an item what it is
        self.screen = screen
        self.kinds = kinds
        self.kind_labels = kind_labels or {}

    def items_of(self, holder):
        return getattr(holder, self.prefix).all() if holder.pk else []

    def item_key(self, item):
        """What an item is, to compare: its words (and its kind)."""
        key = [squeezed(getattr(item, name)) for name in self.content]
        return [getattr(item, "kind", ""), *key]

    def shown(self, key):
        text = key[1] + (f" ({key[2]})" if len(key) > 2 and key[2] else "")
        return f"[{self.kind_labels[key[0]]}] {text}" if key[0] else text


def fingerprint(values, lists):
    """A short digest of a holder as an editor sees it: equal digests, same content."""
    payload = json.dumps([values, lists], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def normalised(value):
    value = getattr(value, "pk", value)
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


class ItemsMixin:
    """For a ModelForm holding lists: its `item_lists` as nested formsets, validated,
    compared (conflicts) and saved with it. `items_invalid`: the form's error when an item
    is to fix."""

    item_lists = ()
    items_invalid = "Un élément d'une liste est à corriger : voyez les messages ci-dessous."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.keeps_theirs = False  # set when another editor's version is kept, items included
        self.item_formsets = {}
        for item_list in self.item_lists:
            prefix = self.add_prefix(item_list.prefix)
            submitted = self.is_bound and f"{prefix}-TOTAL_FORMS" in self.data
            self.item_formsets[item_list.prefix] = item_list.formset(
                data=self.data if submitted else None,
                instance=self.instance,
                prefix=prefix,
            )

    def submitted_lists(self):
        return [
            (item_list, self.item_formsets[item_list.prefix])
            for item_list in self.item_lists
            if self.item_formsets[item_list.prefix].is_bound
        ]

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or self.keeps_theirs or not hasattr(self, "cleaned_data"):
            return
        # A list, not a generator: every list is checked, so that each shows its errors.
        if not all([formset.is_valid() for _, formset in self.submitted_lists()]):  # noqa: C419
            self.add_error(None, self.items_invalid)

    @cached_property
    def changed_data(self):
        """Text that differs only by line endings (a browser sends CRLF) or by the spaces the
        form strips (an imported intro ends with a newline) is unchanged: an untouched holder
        is not written again, its version and history stay as they are."""
        return [name for name in super().changed_data if not self.same_text(self[name])]

    @staticmethod
    def same_text(bound):
        if not isinstance(bound.field, forms.CharField) or isinstance(bound.initial, list):
            return False
        return normalised(bound.initial) == normalised(bound.data)

    def has_changed(self):
        return super().has_changed() or any(
            formset.has_changed() for _, formset in self.submitted_lists()
        )

    def save(self, commit=True):
        holder = super().save(commit=commit)
        if commit:
            self.save_items()
        else:
            save_m2m = self.save_m2m

            def save_all():
                save_m2m()
                self.save_items()

            self.save_m2m = save_all
        return holder

    def save_items(self):
        if self.keeps_theirs:
            return
        for _, formset in self.submitted_lists():
            formset.instance = self.instance
            formset.save()

    # --- What the editor sent, to compare with another editor's version --------------------

    def submitted_items(self, item_list):
        """The list as submitted, in its new order (rows deleted or left empty left out)."""
        formset = self.item_formsets[item_list.prefix]
        data, prefix = self.data, formset.prefix
        try:
            total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), 1000)
        except ValueError:
            return []
        rows = []
        for number in range(total):
            name = f"{prefix}-{number}"
            if data.get(f"{name}-DELETE"):
                continue
            key = [data.get(f"{name}-kind", "") if item_list.kinds else ""]
            key += [squeezed(data.get(f"{name}-{field}")) for field in item_list.content]
            if not key[1]:
                continue
            try:
                position = int(data.get(f"{name}-position") or 0) or 10**6
            except ValueError:
                position = 10**6
            rows.append((key[0], position, number, key))
        return [key for *_, key in sorted(rows)]

    def stored_items(self, item_list, holder):
        return [item_list.item_key(item) for item in item_list.items_of(holder)]

    def item_rows(self, current):
        """The lists that differ between their version (stored) and this form's."""
        for item_list, _ in self.submitted_lists():
            theirs = self.stored_items(item_list, current)
            mine = self.submitted_items(item_list)
            if theirs != mine:
                yield row(
                    item_list.label,
                    "\n".join(item_list.shown(key) for key in theirs),
                    "\n".join(item_list.shown(key) for key in mine),
                )

    def extra_rows(self, current):
        return self.item_rows(current)

    # --- For the templates ------------------------------------------------------------------

    def item_groups(self):
        """The lists as the editor sees them, one group per formset (its management form
        once), each with its lists on screen: heading, rows, an empty row to copy, the add
        button's text. A list with kinds shows one list per kind."""
        groups = []
        for item_list in self.item_lists:
            formset = self.item_formsets[item_list.prefix]
            heading, item_label, add = item_list.screen
            if item_list.kinds is None:
                sections = [section(formset, heading, item_label, add, list(formset))]
            else:
                first = item_list.kinds[0][0]
                sections = [
                    section(
                        formset,
                        kind_heading,
                        item_label,
                        kind_add,
                        [form for form in formset if (form["kind"].value() or first) == kind],
                        {"kind": kind},
                    )
                    for kind, kind_heading, kind_add in item_list.kinds
                ]
            groups.append({"formset": formset, "sections": sections})
        return groups


def section(formset, heading, item_label, add, rows, initial=None):
    empty = formset.form(
        auto_id=formset.auto_id,
        prefix=formset.add_prefix("__prefix__"),
        empty_permitted=True,
        use_required_attribute=False,
        initial=initial,
        renderer=formset.renderer,
    )
    formset.add_fields(empty, None)
    return {"heading": heading, "item_label": item_label, "add": add, "rows": rows, "empty": empty}
