"""A role's body: its prose, with a marker wherever one of its fields stands.

A long article split into roles (`publishing.split`) takes fields out of each role section (its
nickname, missions, background, alternative titles, dedicated article) and leaves a marker where
each stood, so that the role page shows the text in the source's order:

- `[[missions]]`, `[[background]]`, `[[alternative_titles]]`, `[[nickname]]`, `[[image]]`,
  `[[dedicated]]` alone in their paragraph: the field's block (the list, the nickname line, the
  figure, the link);
- `[[nickname]]` or `[[dedicated]]` inside a sentence (`**Le surnom : [[nickname]]**`,
  `… notre article dédié : [[dedicated]].`): the nickname, or the link, in the sentence.

Saving a role turns its markers into empty slots in the stored HTML (`place_slots`); the page
draws each field in its slot (`draw`), from the field as it is now. A field without a marker
is drawn in its usual place (`RoleBody.placed` says which are already shown), so roles written
in the admin, without markers, read as before. Markers in code stay text.
"""

import html
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from articles.fences import CODE_HTML_RE
from articles.typography import french_spacing

FIELDS = ("nickname", "image", "missions", "background", "alternative_titles", "dedicated")
# Fields that also stand inside a sentence; the others are blocks only.
INLINE_FIELDS = ("nickname", "dedicated")
MARKERS = {name: f"[[{name}]]" for name in FIELDS}

_NAMES = "|".join(FIELDS)
BLOCK_MARKER_RE = re.compile(rf"<p>\s*\[\[({_NAMES})\]\]\s*</p>")
INLINE_MARKER_RE = re.compile(rf"\[\[({'|'.join(INLINE_FIELDS)})\]\]")
CODE_RE = CODE_HTML_RE  # code in stored HTML, where markers are text (`articles.fences`)
SLOT_RE = re.compile(rf'<(div|span) class="role-slot role-slot--({_NAMES})"></\1>')
# A paragraph (or list item, heading) holding an inline slot: the field's sentence.
SLOT_SENTENCE_RE = re.compile(
    r"<(p|li|h[1-6])\b[^>]*>(?:(?!</?\1\b).)*?"
    r'<span class="role-slot role-slot--\w+"></span>.*?</\1>',
    re.DOTALL,
)

# How an alternative title joins the one before it on the same line.
SEPARATORS = {"ou": " ou ", ",": ", ", "et": " et "}


def block_slot(name):
    return f'<div class="role-slot role-slot--{name}"></div>'


def inline_slot(name):
    return f'<span class="role-slot role-slot--{name}"></span>'


def place_slots(stored_html):
    """The stored HTML of a role with its markers as empty slots (code left as written)."""
    if "[[" not in stored_html:
        return stored_html
    out, position = [], 0
    for code in CODE_RE.finditer(stored_html):
        out.append(_slots_in(stored_html[position : code.start()]))
        out.append(code.group())
        position = code.end()
    out.append(_slots_in(stored_html[position:]))
    return "".join(out)


def _slots_in(text):
    text = BLOCK_MARKER_RE.sub(lambda m: block_slot(m.group(1)), text)
    return INLINE_MARKER_RE.sub(lambda m: inline_slot(m.group(1)), text)


def has_markers(markdown):
    return any(marker in (markdown or "") for marker in MARKERS.values())


def prose_html(stored_html):
    """The role's own presentation: the blocks of its stored HTML before its first heading or
    field block, without the sentences that frame an inline field (« Le surnom : … », the
    lead-in to the dedicated article) nor a field's label (the paragraph just before its
    block). What a card's excerpt and SEO read. A role without markers: its whole text."""
    if "role-slot" not in (stored_html or ""):
        return stored_html or ""
    blocks = top_level_blocks(stored_html)
    kept = []
    for number, block in enumerate(blocks):
        following = blocks[number + 1] if number + 1 < len(blocks) else ""
        if block.startswith(block_slot("image")):
            continue  # the role's image: no words
        if HEADING_START_RE.match(block) or BLOCK_SLOT_START in block:
            break
        if "role-slot" in block or following.startswith(BLOCK_SLOT_START):
            continue  # a sentence framing an inline field, or the label of the next field
        kept.append(block)
    return "\n".join(kept)


BLOCK_SLOT_START = '<div class="role-slot '
HEADING_START_RE = re.compile(r"<h[1-6]\b")
# A tag of sanitised HTML (attribute values quoted, and free to hold « > »).
HTML_TAG_RE = re.compile(
    r"""<(/?)([a-zA-Z][\w-]*)(?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*\s*/?>"""
)
VOID_TAGS = {"area", "br", "col", "hr", "img", "source", "wbr"}


def top_level_blocks(fragment):
    """The top-level elements of an HTML fragment, as text, in order (text between them,
    blank in stored HTML, is left out)."""
    blocks, depth, start = [], 0, 0
    for tag in HTML_TAG_RE.finditer(fragment):
        closing, name = tag.group(1), tag.group(2).lower()
        if depth == 0:
            start = tag.start()
        if name in VOID_TAGS:
            if depth == 0:
                blocks.append(tag.group())
            continue
        depth += -1 if closing else 1
        if depth <= 0:
            depth = 0
            blocks.append(fragment[start : tag.end()])
    return blocks


@dataclass
class RoleBody:
    html: str
    placed: set = field(default_factory=set)  # the fields drawn in their slot

    def __str__(self):
        return self.html


def title_groups(alternative_titles):
    """Alternative titles as lines: a title with a separator (« ou », « , ») joins the line of
    the one before it. Each entry: (title, joiner before it, note shown after it); titles of a
    line sharing one note show it once, after the last of them (« A ou B (note) »)."""
    groups = []
    for alternative in alternative_titles:
        joiner = SEPARATORS.get((alternative.separator or "").strip().lower())
        if joiner is None and alternative.separator.strip():
            joiner = f" {alternative.separator.strip()} "
        if not groups or not joiner:
            groups.append([])
            joiner = ""
        groups[-1].append([alternative, joiner])
    lines = []
    for group in groups:
        line = []
        for index, (alternative, joiner) in enumerate(group):
            following = group[index + 1][0] if index + 1 < len(group) else None
            shared = following is not None and following.note and following.note == alternative.note
            line.append((alternative, joiner, "" if shared else alternative.note_html))
        lines.append(line)
    return lines


def draw(role, *, missions, experience, certifications, alternative_titles):
    """The role's stored HTML with each field drawn in its slot, as the field is now."""
    stored = role.intro_html or ""
    if "role-slot" not in stored:
        return RoleBody(stored)
    link = role.dedicated_link
    context = {
        "role": role,
        "missions": missions,
        "experience": experience,
        "certifications": certifications,
        "alternative_lines": title_groups(alternative_titles),
        "dedicated_link": link,
    }
    placed = set()

    def slot(match):
        kind, name = match.group(1), match.group(2)
        if name in placed:
            return ""  # a field is shown once, at its first marker
        placed.add(name)
        if kind == "span":
            return _inline(name, role, link)
        return render_to_string(f"includes/_role_{name}.html", context)

    return RoleBody(SLOT_RE.sub(slot, stored), placed)


def _inline(name, role, link):
    if name == "nickname":
        return html.escape(french_spacing(role.nickname), quote=False)
    label = html.escape(
        french_spacing(role.dedicated_label or "notre article dédié à ce rôle"), quote=False
    )
    if not link:
        return label
    return f'<a href="{html.escape(link)}">{label}</a>'


PREVIEW_LABELS = {
    "nickname": "le surnom",
    "image": "l'image",
    "missions": "les missions principales",
    "background": "le parcours type",
    "alternative_titles": "les autres intitulés du poste",
    "dedicated": "le lien vers l'article dédié",
}


def preview_slots(rendered_html):
    """The editor's preview of a role's text: each marker shown as what the page draws there."""
    placed = place_slots(rendered_html)

    def label(match):
        kind, name = match.group(1), match.group(2)
        text = f"Ici : {PREVIEW_LABELS[name]} du rôle."
        return f'<{kind} class="role-slot role-slot--preview">{html.escape(text)}</{kind}>'

    return SLOT_RE.sub(label, placed)
