"""How the admin shows stored values, and what differs between two versions, to editors.

In French: dates in the site's time zone (« 6 mai 2025 à 09:00 », whatever zone the value came
in), choices by their label (« Publié », not `published`), related rows by their name, « vide »
for nothing. Differences are marked word by word with `<del>`/`<ins>`, each with words for
screen readers (colour is not the only sign), in text that wraps: history and conflicts both
use them.
"""

import datetime
import difflib
import re

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

EMPTY = "vide"
# Each word with the spaces after it (and any spaces a text starts with): a diff of tokens
# keeps the text's own spacing, and a run of changed words is marked once, not word by word.
TOKEN_RE = re.compile(r"^\s+|\S+\s*")
WORD_RE = re.compile(r"\S+")
DELETED, INSERTED = "supprimé", "ajouté"


def french_date(value):
    """« 3 janvier 2027 », « 1er mai 2026 »: the day in the site's time zone."""
    local = timezone.localtime(value) if isinstance(value, datetime.datetime) else value
    day = "1er" if local.day == 1 else str(local.day)
    return f"{day} {date_format(local, 'F Y')}"


def french_datetime(value):
    """« 3 janvier 2027 à 09:00 », « 1er mai 2026 à 18:30 »: in the site's time zone."""
    return f"{french_date(value)} à {timezone.localtime(value):%H:%M}"


def stored_value(obj, field):
    """The value of `field` on `obj` (a row or one of its historical versions), a related row
    by itself: a version keeps only the key, and the row may be gone since."""
    if not field.is_relation:
        return getattr(obj, field.attname)
    key = getattr(obj, field.attname)
    if key is None:
        return None
    related = field.related_model._default_manager.filter(pk=key).first()
    return related if related is not None else f"(supprimé : {key})"


def comparable(value):
    """A submitted or stored value as it compares: a related row by its key, a moment by the
    instant it names (09:00+02:00 is 07:00 UTC: no false difference)."""
    value = getattr(value, "pk", value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return value.astimezone(datetime.UTC).isoformat()
    return "" if value is None else str(value)


def display_value(field, value):
    """`value` of the model field `field` as an editor reads it."""
    if value is None or value == "":
        return EMPTY
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return (
            french_datetime(value) if timezone.is_aware(value) else date_format(value, "j F Y H:i")
        )
    if isinstance(value, datetime.date):
        return french_date(value)
    return str(value)


def differs(field, old, new):
    """Whether an editor would see a difference: a short value compares as it is shown (a
    date to the minute, in the site's time zone), so no change is reported that reads the
    same on both sides."""
    if comparable(old) == comparable(new):
        return False
    return is_long(field) or display_value(field, old) != display_value(field, new)


def is_long(field):
    """A text field: its differences are shown in the text, not as before and after."""
    return field.get_internal_type() == "TextField"


def _mark(tag, text, label):
    if not text.strip():  # spacing alone: nothing to see, nothing to announce
        return conditional_escape(text)
    return format_html(
        '<{0} class="diff-{0}"><span class="sr-only">[{1} : </span>{2}'
        '<span class="sr-only">]</span></{0}>',
        tag,
        label,
        text,
    )


def _words(old, new):
    return (
        difflib.SequenceMatcher(
            None, TOKEN_RE.findall(old), TOKEN_RE.findall(new), autojunk=False
        ).get_opcodes(),
        TOKEN_RE.findall(old),
        TOKEN_RE.findall(new),
    )


def word_sides(old, new, labels=(DELETED, INSERTED)):
    """(old with what `new` lacks in <del>, new with what `old` lacks in <ins>), as HTML."""
    opcodes, a, b = _words(old, new)
    left, right = [], []
    for tag, i1, i2, j1, j2 in opcodes:
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            left.append(conditional_escape(before))
            right.append(conditional_escape(after))
            continue
        if before:
            left.append(_mark("del", before, labels[0]))
        if after:
            right.append(_mark("ins", after, labels[1]))
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 (escaped above)


def value_sides(field, old, new, labels=(DELETED, INSERTED)):
    """A short value before and after, as HTML: the differing words marked, and « vide » said
    plainly (an empty side is not a struck-out word)."""
    before, after = display_value(field, old), display_value(field, new)
    empty = format_html('<em class="diff-empty">{}</em>', EMPTY)
    if comparable(old) == "":
        return empty, _mark("ins", after, labels[1])
    if comparable(new) == "":
        return _mark("del", before, labels[0]), empty
    return word_sides(before, after, labels)


def word_inline(old, new):
    """One text, each change as the old words struck out followed by the new ones."""
    opcodes, a, b = _words(old, new)
    out = []
    for tag, i1, i2, j1, j2 in opcodes:
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            out.append(conditional_escape(before))
            continue
        if before:
            out.append(_mark("del", before, DELETED))
        if after:
            out.append(_mark("ins", after, INSERTED))
    return mark_safe("".join(out))  # noqa: S308 (escaped above)


def _gap(count):
    line = "ligne identique" if count == 1 else "lignes identiques"
    return format_html('<div class="diff-gap">… {} {} …</div>', count, line)


def _line(html):
    return format_html('<div class="diff-line">{}</div>', html)


def _hunks(old, new, context):
    """Line by line, the changed lines with `context` lines around them: (opcodes, lines)."""
    a, b = old.splitlines(), new.splitlines()
    groups = list(difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context))
    return groups, a, b


def text_inline(old, new, context=2):
    """A long text's changes: changed lines with words marked, `context` lines around them,
    and the unchanged stretches between them counted, not shown."""
    groups, a, b = _hunks(old, new, context)
    out, shown_to = [], 0
    for group in groups:
        start = group[0][1]
        if start > shown_to:
            out.append(_gap(start - shown_to))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [_line(conditional_escape(line)) for line in a[i1:i2]]
            else:
                out.append(_line(word_inline("\n".join(a[i1:i2]), "\n".join(b[j1:j2]))))
        shown_to = group[-1][2]
    if groups and shown_to < len(a):
        out.append(_gap(len(a) - shown_to))
    return mark_safe("".join(out))  # noqa: S308 (each part escaped)


def text_sides(old, new, labels=(DELETED, INSERTED), context=2):
    """A long text's two versions side by side, changed lines marked, unchanged stretches
    counted: (old HTML, new HTML)."""
    groups, a, b = _hunks(old, new, context)
    left, right, left_to, right_to = [], [], 0, 0
    for group in groups:
        if group[0][1] > left_to:
            left.append(_gap(group[0][1] - left_to))
        if group[0][3] > right_to:
            right.append(_gap(group[0][3] - right_to))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                left += [_line(conditional_escape(line)) for line in a[i1:i2]]
                right += [_line(conditional_escape(line)) for line in b[j1:j2]]
                continue
            old_html, new_html = word_sides("\n".join(a[i1:i2]), "\n".join(b[j1:j2]), labels)
            if i2 > i1:
                left.append(_line(old_html))
            if j2 > j1:
                right.append(_line(new_html))
        left_to, right_to = group[-1][2], group[-1][4]
    if groups and left_to < len(a):
        left.append(_gap(len(a) - left_to))
    if groups and right_to < len(b):
        right.append(_gap(len(b) - right_to))
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 (escaped)


def word_counts(old, new):
    """(words added, words removed) from `old` to `new`."""
    added = removed = 0
    groups, a, b = _hunks(old, new, 0)
    for group in groups:
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                continue
            before, after = "\n".join(a[i1:i2]), "\n".join(b[j1:j2])
            opcodes = difflib.SequenceMatcher(
                None, WORD_RE.findall(before), WORD_RE.findall(after), autojunk=False
            ).get_opcodes()
            for op, k1, k2, l1, l2 in opcodes:
                if op != "equal":
                    removed += k2 - k1
                    added += l2 - l1
    return added, removed
