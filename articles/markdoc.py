"""Markdoc tags in Markdown bodies: their grammar, what each one becomes, what is wrong with them.

The blog being migrated wrote its asides and players as Markdoc tags, a syntax of its own on
top of Markdown: `{% callout title="…" %}…{% /callout %}` (a block with a Markdown body) or
`{% youtubePlayer id="…" /%}` (self-closing). The renderer (`articles.markdown`) asks
`transform()` for a text where each tag it will draw stands alone on a line as a marker, and
draws the marker; `markdoc_problems()` tells an editor, line by line, what a reader will not
see as written. Bodies stay stored exactly as written (export writes them back unchanged).

Rules a reader can count on:
- a tag never shows as `{% … %}`: a tag we do not know, or a broken one (never closed, closed
  without being opened, missing or invalid attribute, unreadable), loses its markup and keeps
  its inner text, rendered as Markdown;
- inside fenced code blocks and inline code, tags are text, shown as written;
- the work is linear in the text's length: every `{%` is read once, pairs are matched with one
  stack, and callouts nest `MAX_DEPTH` deep at most.

Nothing here knows Django's templates or the parser: this module reads text and says what it
holds (code is what `articles.fences` says it is); `articles.embeds` builds the players, and
`articles.markdoc_blocks` draws them in markdown-it-py's token stream.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from articles import embeds
from articles.fences import code_blocks

# Longest tag, from `{%` to `%}`: a real one is a line; beyond, `{%` is a typo, not a tag.
MAX_TAG_CHARS = 1_000
# `{%` in a text: more is refused by `articles.markdown.check_complexity` (the reason is there).
MAX_TAGS = 1_000
# A callout in a statement in a callout…: deeper ones keep their text, not their frame.
MAX_DEPTH = 4
MAX_TITLE_CHARS = 300

CALLOUT, STATEMENT = "callout", "statement"
BLOCK_TAGS = {CALLOUT, STATEMENT}
# Canonical names, looked up case-insensitively (`{% YoutubePlayer %}` is the same tag).
EMBED_TAGS = {"aushaplayer": "aushaPlayer", "youtubeplayer": "youtubePlayer", "tweet": "tweet",
              "hubspotform": "hubspotForm"}  # fmt: skip

OPEN, CLOSE, SELF, BAD, STRAY = "open", "close", "self", "bad", "stray"

# Where the renderer draws a component: alone on its line (see `transform`). STX and ETX never
# reach it from a text: the renderer removes them before `transform` runs.
MARKER = "\x02mdoc{}\x03"
MARKER_RE = re.compile(r"\x02mdoc(\d+)\x03")

NAME_RE = re.compile(r"[A-Za-z_][\w.-]*")
ATTRIBUTE_RE = re.compile(
    r"""(?P<name>[A-Za-z_][\w.-]*)(?:[ \t\n]*=[ \t\n]*(?:
          "(?P<double>(?:[^"\\]|\\.)*)"
        | '(?P<single>(?:[^'\\]|\\.)*)'
        | (?P<bare>[^\s"'=][^\s"']*)))?
      | (?P<shorthand>[.\#][\w-]+)""",
    re.VERBOSE | re.DOTALL,
)
ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
BACKTICKS_RE = re.compile(r"`+")
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
YOUTUBE_URL_RE = re.compile(r"(?:[?&]v=|youtu\.be/|/embed/|/shorts/|/live/)([A-Za-z0-9_-]{11})")
SHOW_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


@dataclass
class Tag:
    """One `{% … %}` (or a lone `{%`) of the text, at [start, end)."""

    start: int
    end: int
    kind: str  # OPEN, CLOSE, SELF, BAD (unreadable), STRAY (a `{%` never closed)
    name: str = ""  # as written
    attributes: dict = field(default_factory=dict)

    @property
    def key(self):
        return self.name.lower()

    @property
    def shown(self):
        """The tag as a message names it."""
        return f"{{% /{self.name} %}}" if self.kind == CLOSE else f"{{% {self.name} %}}"


@dataclass
class Component:
    """What the renderer draws for a tag: a callout or statement (with its Markdown body) or a
    player (an `articles.embeds.Embed`). `source` is the tag as written, for code blocks."""

    kind: str  # CALLOUT, STATEMENT or "embed"
    title: str = ""
    body: str = ""
    embed: object = None
    source: str = ""


@dataclass
class _Item:
    """A tag, or a pair of tags, as the text will show it."""

    start: int
    end: int
    component: Component | None = None  # None: the markup is dropped, its text stays
    pair: tuple | None = None  # (open, close) of a kept callout or statement
    children: list = field(default_factory=list)


# --- Reading tags ---------------------------------------------------------------------------


def parse_tag(inner):
    """(kind, name, attributes) of the text between `{%` and `%}`; kind BAD when unreadable."""
    inner = inner.strip()
    if inner.startswith("/"):
        name = inner[1:].strip()
        return (CLOSE, name, {}) if NAME_RE.fullmatch(name) else (BAD, "", {})
    kind = OPEN
    if inner.endswith("/"):
        kind, inner = SELF, inner[:-1].rstrip()
    name = NAME_RE.match(inner)
    if name is None:
        return BAD, "", {}
    attributes, position = {}, name.end()
    if position < len(inner) and not inner[position].isspace():
        return BAD, "", {}
    while True:
        while position < len(inner) and inner[position].isspace():
            position += 1
        if position == len(inner):
            return kind, name.group(), attributes
        match = ATTRIBUTE_RE.match(inner, position)
        if match is None or (match.end() < len(inner) and not inner[match.end()].isspace()):
            return BAD, name.group(), {}
        if match.group("name"):
            value = next(
                (v for v in match.group("double", "single", "bare") if v is not None), None
            )
            if value is None:
                value = "true"  # a bare attribute name is a boolean
            elif match.group("bare") is None:
                value = ESCAPE_RE.sub(r"\1", value)
            attributes[match.group("name")] = value
        position = match.end()


def _code_spans(chunk, offset, spans):
    """Inline code in one paragraph: a run of backticks closed by the next run as long."""
    runs = [(m.start(), m.end()) for m in BACKTICKS_RE.finditer(chunk)]
    by_length = {}
    for number, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(number)
    number = 0
    while number < len(runs):
        start, end = runs[number]
        if not (start and chunk[start - 1] == "\\"):
            same = by_length[end - start]
            following = bisect_right(same, number)
            if following < len(same):
                closing = same[following]
                spans.append((offset + start, offset + runs[closing][1]))
                number = closing + 1
                continue
        number += 1


def code_ranges(text, fences=True, raw_html=False):
    """Sorted [start, end) ranges of the text that are code (fenced blocks when `fences`,
    inline code always), where tags are text; with `raw_html`, blocks of raw HTML too."""
    ranges, position = [], 0
    if fences:
        lines = text.split("\n")
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        for first, end in code_blocks(text, indented=False, raw_html=raw_html):
            _inline_code(text, position, starts[first], ranges)
            ranges.append((starts[first], starts[end] - 1))
            position = starts[end] - 1
    _inline_code(text, position, len(text), ranges)
    return ranges


def _inline_code(text, start, end, ranges):
    position = start
    for blank in BLANK_LINE_RE.finditer(text, start, end):
        _code_spans(text[position : blank.start()], position, ranges)
        position = blank.end()
    _code_spans(text[position:end], position, ranges)


def scan(text, fences=True, raw_html=False):
    """The tags of a text, in order, leaving out those in code (and in raw HTML blocks with
    `raw_html`: the renderer's scrub takes their markup off there)."""
    if "{%" not in text:
        return []
    code = code_ranges(text, fences, raw_html)
    code_starts = [start for start, _ in code]
    opens = [m.start() for m in re.finditer(r"\{%", text)]
    closes = [m.start() for m in re.finditer(r"%\}", text)]
    tags = []
    for number, start in enumerate(opens):
        inside = bisect_right(code_starts, start) - 1
        if inside >= 0 and start < code[inside][1]:
            continue  # in code: text, as written
        close = bisect_left(closes, start + 2)
        end = closes[close] + 2 if close < len(closes) else None
        following = opens[number + 1] if number + 1 < len(opens) else len(text)
        next_code = bisect_left(code_starts, start)
        if (
            end is None
            or end - 2 > following
            or end - start > MAX_TAG_CHARS
            or (next_code < len(code) and code_starts[next_code] < end)
            or BLANK_LINE_RE.search(text, start, end)
        ):
            tags.append(Tag(start, start + 2, STRAY))
            continue
        kind, name, attributes = parse_tag(text[start + 2 : end - 2])
        tags.append(Tag(start, end, kind, name, attributes))
    return tags


# --- What each tag becomes -------------------------------------------------------------------


def _title(tag):
    return " ".join(tag.attributes.get("title", "").split())[:MAX_TITLE_CHARS]


def _required(tag, attribute, expected):
    value = tag.attributes.get(attribute, "").strip()
    if not value:
        return None, (
            f"balise {tag.shown} sans « {attribute} » : rien n'est affiché. "
            f'Ajoutez {attribute}="…" ({expected}).'
        )
    return value, None


def _invalid(tag, attribute, value, expected):
    return (
        f"balise {tag.shown} : « {attribute} » invalide (« {value[:80]} ») : rien n'est "
        f"affiché. Attendu : {expected}."
    )


def build_embed(tag):
    """(Embed, None) for a valid player tag, else (None, the problem in French)."""
    name, title = EMBED_TAGS[tag.key], _title(tag)
    if name == "youtubePlayer":
        expected = "l'identifiant de la vidéo, 11 caractères, comme dans youtube.com/watch?v=…"
        value, problem = _required(tag, "id", expected)
        if problem:
            return None, problem
        if not embeds.YOUTUBE_ID_RE.match(value):
            found = YOUTUBE_URL_RE.search(value)  # a whole address: its id will do
            if found is None:
                return None, _invalid(tag, "id", value, expected)
            value = found.group(1)
        return embeds.youtube(value, title), None
    if name == "aushaPlayer":
        expected = "l'identifiant de l'épisode Ausha, 12 lettres ou chiffres"
        value, problem = _required(tag, "podcastId", expected)
        if problem:
            return None, problem
        if not embeds.AUSHA_ID_RE.match(value):
            return None, _invalid(tag, "podcastId", value, expected)
        show = tag.attributes.get("showId", "").strip()
        if show and not SHOW_ID_RE.match(show):
            return None, _invalid(tag, "showId", show, "l'identifiant de l'émission Ausha")
        return embeds.podcast(value, show, title), None
    if name == "tweet":
        expected = "l'adresse de la publication, https://x.com/compte/status/123…"
        value, problem = _required(tag, "url", expected)
        if problem:
            return None, problem
        if not embeds.TWEET_URL_RE.match(value):
            return None, _invalid(tag, "url", value, expected)
        return embeds.tweet(value, title), None
    expected = "l'identifiant du formulaire HubSpot, 8-4-4-4-12 chiffres hexadécimaux"
    value, problem = _required(tag, "formId", expected)
    if problem:
        return None, problem
    if not embeds.HUBSPOT_FORM_ID_RE.match(value):
        return None, _invalid(tag, "formId", value, expected)
    return embeds.form(value, title), None


def resolve(text, tags):
    """(items at the top of the text, problems as (offset, message)): which tags are drawn,
    which lose their markup, and why. One pass, one stack: linear in the number of tags."""
    problems = []
    pairs = {}  # open tag index -> close tag index
    closed_by = {}  # close tag index -> open tag index
    stack, open_count = [], {}
    for number, tag in enumerate(tags):
        if tag.kind == STRAY:
            problems.append(
                (
                    tag.start,
                    "« {% » jamais fermé par « %} » : retiré du texte. Fermez la balise par "
                    "« %} », ou écrivez ce texte entre accents graves (`…`).",
                )
            )
        elif tag.kind == BAD:
            snippet = " ".join(text[tag.start : tag.end].split())
            snippet = snippet if len(snippet) <= 80 else snippet[:77] + "…"
            problems.append(
                (
                    tag.start,
                    f"balise « {snippet} » illisible : retirée, son texte est affiché. "
                    'Écrivez {% nom attribut="valeur" %}, guillemets droits fermés.',
                )
            )
        elif tag.kind == OPEN and tag.key not in EMBED_TAGS:
            stack.append(number)
            open_count[tag.key] = open_count.get(tag.key, 0) + 1
        elif tag.kind == CLOSE and tag.key in EMBED_TAGS:
            pass  # `{% youtubePlayer … %}{% /youtubePlayer %}`: the player is drawn at its opening
        elif tag.kind == CLOSE:
            if not open_count.get(tag.key):
                problems.append(
                    (
                        tag.start,
                        f"balise fermante {tag.shown} sans ouverture : retirée. Supprimez-la, "
                        f"ou ajoutez {{% {tag.name} %}} au début de son contenu.",
                    )
                )
                continue
            while True:
                opened = stack.pop()
                open_count[tags[opened].key] -= 1
                if tags[opened].key == tag.key:
                    pairs[opened], closed_by[number] = number, opened
                    break
                _unclosed(tags[opened], problems)
    for opened in stack:
        _unclosed(tags[opened], problems)

    root = _Item(0, len(text))
    parents = [root]
    dropped = set()  # closing tags of pairs whose markup is dropped
    for number, tag in enumerate(tags):
        while len(parents) > 1 and parents[-1].end <= tag.start:
            parents.pop()
        parent = parents[-1]
        if number in closed_by and number not in dropped:
            continue  # the end of a drawn pair, placed with its opening
        if tag.kind == CLOSE:  # of a dropped pair, of a player, or alone (said above)
            parent.children.append(_Item(tag.start, tag.end))
            continue
        if tag.kind in (STRAY, BAD) or (tag.key not in BLOCK_TAGS and tag.key not in EMBED_TAGS):
            if tag.kind in (OPEN, SELF):
                problems.append(
                    (
                        tag.start,
                        f"balise {tag.shown} inconnue : retirée, son texte est affiché tel "
                        "quel. Remplacez-la par du Markdown ou supprimez-la.",
                    )
                )
            parent.children.append(_Item(tag.start, tag.end))
            if number in pairs:
                dropped.add(pairs[number])
            continue
        if tag.key in EMBED_TAGS:
            embed, problem = build_embed(tag)
            if problem:
                problems.append((tag.start, problem))
                parent.children.append(_Item(tag.start, tag.end))
            else:
                source = text[tag.start : tag.end]
                component = Component("embed", embed.title, embed=embed, source=source)
                parent.children.append(_Item(tag.start, tag.end, component))
            continue
        # A callout or a statement.
        if tag.kind == OPEN and number not in pairs:
            parent.children.append(_Item(tag.start, tag.end))  # unclosed: said above
            continue
        close = tags[pairs[number]] if tag.kind == OPEN else tag
        body = text[tag.end : close.start] if close is not tag else ""
        title = _title(tag) if tag.key == CALLOUT else ""
        problem = None
        if len(parents) > MAX_DEPTH:  # the text itself is the first level
            problem = (
                f"balise {tag.shown} : plus de {MAX_DEPTH} encadrés les uns dans les autres : "
                "retirée, son texte est affiché sans encadré. Sortez-la de l'encadré qui la "
                "contient."
            )
        elif not body.strip() and not title:
            problem = (
                f"balise {tag.shown} vide : rien n'est affiché. Écrivez son texte entre "
                f"{{% {tag.name} %}} et {{% /{tag.name} %}}."
            )
        if problem:
            problems.append((tag.start, problem))
            parent.children.append(_Item(tag.start, tag.end))
            if close is not tag:
                dropped.add(pairs[number])
            continue
        source = text[tag.start : close.end]
        item = _Item(tag.start, close.end, Component(tag.key, title, source=source), (tag, close))
        parent.children.append(item)
        if close is not tag:
            parents.append(item)
    problems.sort(key=lambda problem: problem[0])
    return root, problems


def _unclosed(tag, problems):
    if tag.key in BLOCK_TAGS:
        problems.append(
            (
                tag.start,
                f"balise {tag.shown} jamais fermée : retirée, son texte est affiché sans "
                f"encadré. Ajoutez {{% /{tag.name} %}} à la fin de son contenu.",
            )
        )


# --- Problems, for editors --------------------------------------------------------------------


def markdoc_problems(text):
    """What readers will not see as written, as [(line, message in French)], lines counted from
    1 in `text`. Empty for a text without `{%`, and for one with more than `MAX_TAGS`, which
    rendering refuses whole, saying why (this is called on files before they are checked)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if text.count("{%") > MAX_TAGS:
        return []
    tags = scan(text, fences=True)
    if not tags:
        return []
    _, problems = resolve(text, tags)
    starts = [m.end() for m in re.finditer("\n", text)]
    return [(bisect_right(starts, offset) + 1, message) for offset, message in problems]
