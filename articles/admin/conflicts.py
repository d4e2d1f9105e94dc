"""No silent overwrite between editors: a form remembers the version it was opened at, and a
save over a newer version is refused, with both versions shown side by side.

Used by the article form, the role page and the article's role inline."""

from django import forms
from django.utils.html import format_html, format_html_join

CONFLICT_MESSAGE = (
    "Conflit : {subject} a été modifié par un autre rédacteur depuis que vous l'avez ouvert "
    "(version {theirs} enregistrée, vous partiez de la version {mine}). Rien n'a été "
    "enregistré. Comparez ci-dessous, reportez ce qui manque, puis enregistrez à nouveau pour "
    "garder votre version."
)


class VersionedFormMixin:
    """For a ModelForm whose model has a `version` that each save moves on."""

    conflict_subject = "cet élément"
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
        """The row as it is now in the database (None if it is gone)."""
        return type(self.instance).objects.filter(pk=self.instance.pk).first()

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
                '<table class="conflict"><thead><tr><th>Champ</th><th>Leur version</th>'
                "<th>Votre version</th></tr></thead><tbody>{}</tbody></table>",
                CONFLICT_MESSAGE.format(
                    subject=self.conflict_subject, theirs=current.version, mine=cleaned["version"]
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
            theirs, mine = getattr(current, name), cleaned.get(name)
            if shown(theirs) != shown(mine):
                yield row(opts.get_field(name).verbose_name, theirs, mine)

    def extra_rows(self, current):
        """More differences (a role's missions…): none by default."""
        return []


def shown(value):
    return "" if value is None else str(value)


def comparable(value):
    """A submitted or stored value as it compares: a related object by its key."""
    value = getattr(value, "pk", value)
    return "" if value is None else str(value)


def row(label, theirs, mine):
    return format_html(
        "<tr><th>{}</th><td><pre>{}</pre></td><td><pre>{}</pre></td></tr>",
        label,
        shown(theirs),
        shown(mine),
    )
