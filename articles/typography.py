"""French typography: non-breaking spaces where French puts them, typographic apostrophes.

A narrow no-break space (U+202F) goes before `; ! ?` and inside « », a no-break space (U+00A0)
before `:`; a straight apostrophe between two letters becomes the typographic one (« l’équipe »).
Only text is touched: never code, never HTML attributes, never a URL. Search folds both
apostrophes to one (`articles.search.fold`), word counts take either as part of a word, and
heading ids are made from the text as written, so none of them changes.
"""

import html
import re

NNBSP = "\u202f"
NBSP = "\u00a0"
URL_RE = re.compile(r"(?:https?://|www\.|mailto:)\S+", re.IGNORECASE)
# A space (or none, after a letter or a closing quote) before ; ! ? — not `?!` pairs split apart.
BEFORE_TALL = re.compile(r"(?:[ \u00a0\u202f]+|(?<=[\w»)\]]))([;!?]+)(?=\s|$|[»)\]\"'’.,<])")
BEFORE_COLON = re.compile(r"[ \u00a0\u202f]+:(?=\s|$)")
AFTER_OPENING = re.compile(r"«[ \u00a0\u202f]*")
BEFORE_CLOSING = re.compile(r"[ \u00a0\u202f]*»")
# Between two letters only: a quote opening or closing 'a word', or a foot mark after a digit,
# stays as written.
APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
SKIP_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "var"}
TAG_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
TAG_NAME_RE = re.compile(r"<(/?)([A-Za-z][\w-]*)")


def french_spacing(text):
    """Apply French spacing to plain text (URLs left exactly as they are)."""
    if not text:
        return text
    parts = URL_RE.split(text)
    urls = URL_RE.findall(text)
    out = []
    for index, part in enumerate(parts):
        out.append(_space(part))
        if index < len(urls):
            out.append(urls[index])
    return "".join(out)


def _space(text):
    text = BEFORE_TALL.sub(lambda m: NNBSP + m.group(1), text)
    text = BEFORE_COLON.sub(NBSP + ":", text)
    text = AFTER_OPENING.sub("«" + NNBSP, text)
    text = APOSTROPHE.sub("’", text) if "'" in text else text
    return BEFORE_CLOSING.sub(NNBSP + "»", text)


def french_spacing_html(markup):
    """French spacing on the text of an HTML fragment: never inside a tag or its attributes,
    never inside an entity (`&amp;` stays whole), never in code."""
    out, skipping = [], 0
    for index, part in enumerate(TAG_RE.split(markup)):
        if index % 2:  # a tag or a comment, as it is
            name = TAG_NAME_RE.match(part)
            if name and name.group(2).lower() in SKIP_TAGS and not part.endswith("/>"):
                skipping = max(skipping + (-1 if name.group(1) else 1), 0)
            out.append(part)
        elif part and not skipping:
            out.append(html.escape(french_spacing(html.unescape(part)), quote=False))
        else:
            out.append(part)
    return "".join(out)


def typography_rule(state):
    """A markdown-it-py core rule: French spacing on every text token, never in code (inline
    code is a token of its own, raw `<code>`…`</code>` is skipped), an image's alt text or
    raw HTML."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        skipping = 0
        for child in token.children:
            if child.type == "text" and not skipping:
                child.content = french_spacing(child.content)
            elif child.type == "html_inline":
                name = TAG_NAME_RE.match(child.content)
                if name and name.group(2).lower() in SKIP_TAGS and not child.content.endswith("/>"):
                    skipping = max(skipping + (-1 if name.group(1) else 1), 0)


# Words French elides before a vowel (« le rôle d’Enablement Manager »), and their elided form.
ELIDED = {"de": "d’", "le": "l’", "la": "l’", "que": "qu’", "ne": "n’", "je": "j’", "se": "s’"}
VOWELS = set("aeiouàâäéèêëîïôöùûüæœ")
NOT_WORD_START = "«\u202f\u00a0 \"'“‘"


def elide(word, following):
    """`word` and the text that follows it, elided before a vowel sound: « de Enablement »
    → « d’Enablement ». A mute h is not guessed (« de Head of Sales », as « de Hubspot »
    has an aspirate h): names are too often English to tell. A y elides before a consonant
    only (« d’Yves », « de Yann »)."""
    start = following.lstrip(NOT_WORD_START)[:2].casefold()
    elided = ELIDED.get(word.casefold())
    vowel = start[:1] in VOWELS or (
        start[:1] == "y" and start[1:2].isalpha() and start[1:2] not in VOWELS
    )
    if elided and vowel and start[:1] == following[:1].casefold():
        return (word[0] + elided[1:] if word[:1].isupper() else elided) + following
    return f"{word} {following}"
