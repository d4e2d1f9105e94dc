"""No silent overwrite between editors: a form remembers the version it was opened at, and a
save over a newer version is refused, with both versions shown side by side.

Used by the article form and by the forms of its parts (their pages and their blocks on the
article page). The comparison shows
only the fields that differ, in French (dates in the site's time zone: the same moment read in
UTC and in +02:00 is no difference), their differing words marked."""

from django import forms
from django.db import router, transaction
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from articles.admin.display import (
    differs,
    display_value,
    french_datetime,
    text_sides,
    word_sides,
)

CONFLICT_MESSAGE = (
    "Conflit : {subject} a été modifié{e} par un autre rédacteur depuis que vous l'avez ouvert "
    "(version {theirs} enregistrée{when}, vous partiez de la version {mine}). Rien n'a été "
    "enregistré. Comparez ci-dessous, reportez ce qui manque, puis enregistrez à nouveau pour "
    "garder votre version."
)


class VersionedFormMixin:
    """For a ModelForm whose model has a `version` that each save moves on."""

    conflict_subject = "cet élément"
    conflict_subject_feminine = False  # « cette étude de cas a été modifiée »
    conflict_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
            self.fields["version"].required = bool(self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        self.check_conflict(cleaned)
        return cleaned

    def stored(self):
        """The row as it is now in the database (None if it is gone).

        Inside a transaction (the admin's save runs in one), the row stays locked from this
        check to the commit: a second editor's save of the same row waits here, then reads
        the version the first one wrote and gets the conflict screen. Without the lock, two
        saves at the same moment both pass the check and one change vanishes (PostgreSQL;
        SQLite takes its write lock at BEGIN IMMEDIATE, where `select_for_update` is a no-op).
        """
        return locked(type(self.instance).objects.filter(pk=self.instance.pk)).first()

    def check_conflict(self, cleaned):
        if not self.instance.pk or cleaned.get("version") is None:
            return
        current = self.stored()
        if current is None or current.version == cleaned["version"]:
            return
        if self.resolve_conflict(current, cleaned):
            return
        rows = [*self.field_rows(current, cleaned), *self.extra_rows(current)]
        # Submitting again, after reading this, replaces their version with yours.
        data = self.data.copy()
        data[self.add_prefix("version")] = current.version
        self.data = data
        raise forms.ValidationError(
            format_html(
                "{}"
                '<span class="diff-legend conflict-legend"><del class="diff-del">barré</del> : '
                "seulement dans leur version (perdu si vous enregistrez la vôtre telle quelle) ; "
                '<ins class="diff-ins">souligné</ins> : seulement dans votre version.</span>'
                '<table class="conflict"><caption class="sr-only">Ce qui diffère</caption>'
                '<thead><tr><th scope="col">Champ</th><th scope="col">Leur version (enregistrée)'
                '</th><th scope="col">Votre version</th></tr></thead><tbody>{}</tbody></table>',
                CONFLICT_MESSAGE.format(
                    subject=self.conflict_subject,
                    e="e" if self.conflict_subject_feminine else "",
                    theirs=current.version,
                    when=f" le {french_datetime(current.updated_at)}"
                    if getattr(current, "updated_at", None)
                    else "",
                    mine=cleaned["version"],
                ),
                format_html_join("", "{}", ((row,) for row in rows)),
            )
        )

    def resolve_conflict(self, current, cleaned):
        """True when the conflict needs no editor (nothing of theirs would be lost)."""
        return False

    def field_rows(self, current, cleaned):
        opts = type(self.instance)._meta
        for name in self.conflict_fields:
            field = opts.get_field(name)
            theirs, mine = getattr(current, name), cleaned.get(name)
            if differs(field, theirs, mine):
                yield row(
                    field.verbose_name,
                    display_value(field, theirs),
                    display_value(field, mine),
                    long=field.get_internal_type() == "TextField",
                )

    def extra_rows(self, current):
        """More differences (a part's own lists…): none by default."""
        return []


def locked(queryset):
    """`queryset`'s rows locked until the current transaction ends (as they are, outside one:
    a preview reads without saving)."""
    model = queryset.model
    if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        return queryset.select_for_update(of=("self",))
    return queryset


def shown(value):
    return "" if value is None else str(value)


CONFLICT_LABELS = ("seulement dans leur version", "seulement dans votre version")


def row(label, theirs, mine, *, long=False):
    """One differing field: their version and yours, what differs marked in each."""
    theirs, mine = shown(theirs), shown(mine)
    if long or "\n" in theirs or "\n" in mine:
        theirs_html, mine_html = text_sides(theirs, mine, CONFLICT_LABELS)
    else:
        theirs_html, mine_html = word_sides(theirs, mine, CONFLICT_LABELS)
    return format_html(
        '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
        capfirst(label),  # « Texte (Markdown) », not « Texte (markdown) »
        theirs_html,
        mine_html,
    )
