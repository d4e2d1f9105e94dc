"""The alternative titles of a role as the seed's articles write them, after an « Itérations »
label: `**A** (note) / **B** ou **C**`, or one list item per line of titles."""

import re

LIST_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
# Between two alternative titles on one line: the word kept as the second one's separator.
TITLE_SEPARATOR_RE = re.compile(r"\s+(ou)\s+|\s*(,)\s*", re.IGNORECASE)


def titles_of(lines):
    """Alternative titles from lines of text (`A / B ou C`) or list items (`- A ou B`): a list
    item, like a `/`, starts a new line of titles."""
    titles = []
    for line in lines:
        item = LIST_RE.match(line)
        titles.extend(parse_alternative_titles(item.group(1) if item else line))
    return titles


def parse_alternative_titles(text):
    """`**A** (note) / **B** ou **C** (note)` → [{title, note, separator}, …]; bold is only
    formatting. Titles joined by « ou » or « , » share a line, the word is kept as the second
    one's `separator`; a note after the last of them is each one's."""
    text = text.replace("**", "").strip()
    titles = []
    for part in _split_top_level(text, "/"):
        names = _names_of(part.strip())
        for number, (separator, name) in enumerate(names):
            title, note = _title_and_note(name)
            if not note:  # « B ou C (note) »: the note after the last title is B's too
                note = next((n for _, later in names[number + 1 :] if (n := _note(later))), "")
            if not title:
                continue
            entry = {"title": title}
            if note:
                entry["note"] = note
            if number:
                entry["separator"] = separator
            titles.append(entry)
    return titles


def _names_of(part):
    """[(separator before it, text)] for the titles of one part, split at « ou » and « , »
    outside brackets."""
    names, depth, start, separator = [], 0, 0, ""
    index = 0
    while index < len(part):
        char = part[index]
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        elif depth == 0:
            match = TITLE_SEPARATOR_RE.match(part, index)
            if match and match.group().strip():
                names.append((separator, part[start:index]))
                separator = (match.group(1) or match.group(2)).lower()
                start = index = match.end()
                continue
        index += 1
    names.append((separator, part[start:]))
    return [(sep, name.strip(" ;")) for sep, name in names if name.strip(" ;,")]


def _title_and_note(text):
    note = _note(text)
    title = text[: _matching_open(text)].strip() if note else text
    return title.strip(" ,;"), note


def _note(text):
    """The text of a closing parenthesis at the end of a title: its note."""
    text = text.strip()
    if not text.endswith(")"):
        return ""
    opening = _matching_open(text)
    return text[opening + 1 : -1].strip() if opening > 0 else ""


def _split_top_level(text, separator):
    parts, depth, current = [], 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _matching_open(text):
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            depth -= 1
            if depth == 0:
                return index
    return -1
