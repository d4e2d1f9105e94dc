"""Dates and times in the admin's forms: the date and time an editor reads and types in the
site's time zone, and beside them, hidden, the exact instant the page was opened with.

An instant stored in UTC is always saved again as the same instant. The clocks going back make
one local hour happen twice (25 October 2026, 02:00 to 03:00 in Paris): Django's own field
refuses such a time as ambiguous, so an article dated `2026-10-25T02:30:00+01:00` (an import, or
« Publier maintenant » in that hour) could not be saved unchanged. Here:

- date and time left as shown: the instant the page carries is kept (to the microsecond);
- a time typed in the hour that happens twice is read as its first occurrence, summer time
  (as Python's `fold=0`), and the form then says which one it shows;
- a time that does not exist (the clocks going forward, 29 March 2026, 02:00 to 03:00) is an
  error saying so, in French, with the time it would be.
"""

import datetime

from django import forms
from django.contrib.admin.widgets import (
    AdminSplitDateTime,
    BaseAdminDateWidget,
    BaseAdminTimeWidget,
)
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, each named for screen readers: Django writes « Date : »
    and « Heure : » as bare text beside them, which labels neither (the field's name is the
    legend of their fieldset)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        labels = ("Date (JJ/MM/AAAA)", "Heure (HH:MM)")
        for subwidget, label in zip(context["widget"]["subwidgets"], labels, strict=False):
            subwidget["attrs"]["aria-label"] = label
        return context


def twice(local):
    """Whether this wall-clock time (naive, in the site's zone) happens twice."""
    zone = timezone.get_current_timezone()
    first, second = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
    return first.utcoffset() != second.utcoffset() and not missing(local)


def missing(local):
    """Whether this wall-clock time (naive, in the site's zone) never happens (skipped)."""
    zone = timezone.get_current_timezone()
    aware = local.replace(tzinfo=zone)
    return aware.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != local


def offset_label(moment):
    """« heure d'été, UTC+02:00 » for an aware moment in the site's zone."""
    local = timezone.localtime(moment)
    offset = local.utcoffset()
    sign = "-" if offset < datetime.timedelta(0) else "+"
    hours, rest = divmod(abs(int(offset.total_seconds())), 3600)
    season = "heure d'été" if local.dst() else "heure d'hiver"
    return f"{season}, UTC{sign}{hours:02d}:{rest // 60:02d}"


def parse_instant(text):
    """The exact instant the page carried (ISO 8601 with its offset), or None."""
    try:
        value = datetime.datetime.fromisoformat(text or "")
    except (TypeError, ValueError):
        return None
    return value if timezone.is_aware(value) else None


class ExactSplitDateTime(LabelledSplitDateTime):
    """The date and time inputs, and the exact instant they show (hidden, ISO 8601 in UTC);
    in the hour that happens twice, a line saying which of the two it is."""

    # The form hands the widget its value whole (Django drops the microseconds otherwise);
    # the time input still shows seconds.
    supports_microseconds = True

    def __init__(self, attrs=None):
        # As AdminSplitDateTime builds its two inputs, and the hidden third.
        widgets = [BaseAdminDateWidget, BaseAdminTimeWidget, forms.HiddenInput]
        forms.MultiWidget.__init__(self, widgets, attrs)

    def decompress(self, value):
        if not value:
            return [None, None, None]
        local = timezone.localtime(value)
        return [local.date(), local.time(), value.astimezone(datetime.UTC).isoformat()]

    def render(self, name, value, attrs=None, renderer=None):
        """Django's date and time inputs (its template draws those two), then the instant."""
        context = self.get_context(name, value, attrs)
        shown = self._render(self.template_name, context, renderer)
        hidden = context["widget"]["subwidgets"][2]
        instant = self.widgets[2].render(hidden["name"], hidden["value"], hidden["attrs"], renderer)
        note = twice_note(value)
        if note:
            return format_html('{}{}<p class="help datetime-twice">{}</p>', shown, instant, note)
        return format_html("{}{}", shown, instant)


def twice_note(value):
    """What to tell an editor reading a time of the hour that happens twice, or ""."""
    if isinstance(value, list):  # a form sent back: the instant it carried
        value = parse_instant(value[2] if len(value) > 2 else None)
    if not isinstance(value, datetime.datetime) or not timezone.is_aware(value):
        return ""
    local = timezone.localtime(value)
    if not twice(local.replace(tzinfo=None, fold=0)):
        return ""
    return (
        f"Le {date_format(local, 'j F Y')} à {local:%H:%M} existe deux fois (les horloges "
        f"reculent d'une heure) : c'est ici la {'seconde' if local.fold else 'première'}, en "
        f"{offset_label(value)}. Une heure tapée dans cette plage est lue comme la première "
        "(heure d'été)."
    )


class ExactDateTimeField(forms.SplitDateTimeField):
    """The admin's date and time field, keeping the exact instant it was shown with when the
    editor leaves the date and time as they were (see the module's docstring)."""

    widget = ExactSplitDateTime

    def clean(self, value):
        if isinstance(value, list | tuple) and len(value) > 2:
            kept = self.kept_instant(value[:2], parse_instant(value[2]))
            if kept is not None:
                return kept
            value = list(value[:2])
        return super().clean(value)

    def kept_instant(self, shown, instant):
        """`instant` if `shown` (the date and time sent) is still how the page showed it."""
        if instant is None:
            return None
        try:
            date, time = self.fields[0].clean(shown[0]), self.fields[1].clean(shown[1])
        except ValidationError:
            return None
        local = timezone.localtime(instant)
        seen = local.time().replace(microsecond=0)
        same_time = time == seen or (time.second == 0 and time == seen.replace(second=0))
        return instant if date == local.date() and same_time else None

    def compress(self, data_list):
        if not data_list or data_list[0] in self.empty_values:
            return super().compress(data_list)
        if data_list[1] in self.empty_values:
            return super().compress(data_list)
        local = datetime.datetime.combine(*data_list)
        if missing(local):
            zone = timezone.get_current_timezone()
            suggestion = local.replace(tzinfo=zone).astimezone(datetime.UTC).astimezone(zone)
            raise ValidationError(
                f"Le {date_format(local, 'j F Y')} à {local:%H:%M} n'existe pas "
                f"({timezone.get_current_timezone_name()}) : ce jour-là, les horloges avancent "
                f"d'une heure (passage à l'heure d'été). Choisissez une autre heure, par "
                f"exemple {suggestion:%H:%M}.",
                code="missing_time",
            )
        # In the hour that happens twice, its first occurrence (summer time): `fold=0`.
        return local.replace(tzinfo=timezone.get_current_timezone(), fold=0)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            value = self.clean(data)
        except ValidationError:
            return True
        if initial in self.empty_values or value in self.empty_values:
            return (initial in self.empty_values) != (value in self.empty_values)
        initial = initial if isinstance(initial, datetime.datetime) else parse_instant(initial)
        return initial != value
