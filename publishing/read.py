"""Read Markdown files with YAML front matter into documents: lenient, repairing, honest.

What is unambiguous is repaired with a warning (double-encoded text, an unquoted ` : ` in a
front-matter value, a date whose day and month are swapped); anything else is a `ContentError`
that names the file, the line and what to do. Nothing here touches the database.
"""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import ftfy
import yaml
from django.utils import timezone
from django.utils.text import slugify

from publishing.errors import ContentError, Message

MAX_FRONT_MATTER_BYTES = 64 * 1024
MARKDOWN_SUFFIXES = {".md", ".markdown"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}
READ_RE = re.compile(r"^\s*(\d{1,3})\s*(?:min(?:ute)?s?)?\.?\s*$", re.IGNORECASE)
DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T ])(.*)$")
SIMPLE_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$")
FLOW_INDICATORS = set("[]{}&*!|>%@`")
MOJIBAKE_HINT_RE = re.compile("[ÃÂ√Å]|â€")
LIST_ITEM_RE = re.compile(r"^\s+-\s+(.*)$|^-\s+(.*)$")
# Keys whose value is text even when YAML would read a number or a boolean (`title: 2024`).
TEXT_KEYS = {
    "title", "slug", "author", "description", "excerpt", "exerpt", "summary", "image",
    "image_alt", "image_credit", "nickname", "dedicated", "dedicated_label", "status", "read",
    "date", "publishDate",
}  # fmt: skip


class SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loading (libyaml when PyYAML has it) without YAML's own timestamps: dates are
    ours to read and repair."""


SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Document:
    """One Markdown file: its front matter, its body and what reading it took."""

    path: Path
    meta: dict
    body: str
    lines: dict = field(default_factory=dict)  # front-matter key -> line number in the file
    body_line: int = 1
    warnings: list = field(default_factory=list)
    digest: str = ""  # of the file's bytes, to recognise an unchanged file

    def warn(self, text, key=None, line=None):
        self.warnings.append(Message(str(self.path), text, line or self.lines.get(key)))

    def error(self, text, key=None, line=None):
        raise ContentError(self.path, text, line or self.lines.get(key))

    # Typed access to front-matter values, with errors that name the key and its line.

    def text(self, key, required=False):
        value = self.meta.get(key)
        if value is None or value == "":
            if required:
                self.error(f"la clé « {key} » est obligatoire.", key)
            return ""
        if isinstance(value, (dict, list)):
            self.error(f"la clé « {key} » doit être un texte, pas une liste.", key)
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value).strip()

    def list(self, key, data=None):
        """A list of texts, from a YAML list or a comma-separated string."""
        value = (self.meta if data is None else data).get(key)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
            return [str(item).strip() for item in value if item is not None and str(item).strip()]
        self.error(f"la clé « {key} » doit être une liste de textes.", key)

    def date(self, key):
        """An ISO date or datetime; a day and month swapped unambiguously are put back."""
        raw = self.text(key)
        if not raw:
            return None
        value = raw
        match = DATE_RE.match(raw)
        if match:
            year, month, day, rest = match.groups()
            if int(month) > 12 and 1 <= int(day) <= 12 and int(month) <= 31:
                value = f"{year}-{int(day):02d}-{int(month):02d}{rest}"
                self.warn(
                    f"date impossible « {raw} » (mois {int(month)}) : lue comme le "
                    f"{int(month)}/{int(day)}/{year} (jour et mois inversés).",
                    key,
                )
            else:
                value = f"{year}-{int(month):02d}-{int(day):02d}{rest}"
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            self.error(
                f"la clé « {key} » n'est pas une date : « {raw} ». Attendu : AAAA-MM-JJ "
                "ou AAAA-MM-JJTHH:MM.",
                key,
            )
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

    def minutes(self, key):
        raw = self.text(key)
        if not raw:
            return None
        match = READ_RE.match(raw)
        if not match:
            self.error(
                f"la clé « {key} » doit être un nombre de minutes (« 7 min ») : « {raw} ».", key
            )
        return int(match.group(1))

    def flag(self, key):
        value = self.meta.get(key)
        if value is None or isinstance(value, bool):
            return bool(value)
        text = str(value).strip().lower()
        if text in {"true", "yes", "oui", "1"}:
            return True
        if text in {"false", "no", "non", "0", ""}:
            return False
        self.error(f"la clé « {key} » doit valoir true ou false : « {value} ».", key)


def decode(path, data):
    """UTF-8 text (BOM and CRLF accepted), with double encoding repaired and reported."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            path,
            f"octets invalides en UTF-8 (position {exc.start}) : le fichier n'est pas en UTF-8. "
            "Réenregistrez-le en UTF-8 puis relancez l'import.",
            line,
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # ftfy only when a telltale of double encoding is there (é read as Windows-1252 is « Ã© »,
    # as Mac Roman « √© », ’ is « â€™ »): clean French text does not pay for the analysis.
    repaired = ftfy.fix_encoding(text) if MOJIBAKE_HINT_RE.search(text) else text
    warnings = []
    if repaired != text:
        before, after = text.split("\n"), repaired.split("\n")
        line = next(
            (n for n, (a, b) in enumerate(zip(before, after, strict=False), 1) if a != b), None
        )
        sample = _first_difference(before[line - 1], after[line - 1]) if line else ""
        warnings.append(
            Message(
                str(path),
                f"texte doublement encodé (mojibake) réparé{sample} ; vérifiez les accents.",
                line,
            )
        )
    return repaired, warnings


def _first_difference(old, new):
    for a, b in zip(old.split(), new.split(), strict=False):
        if a != b:
            return f" : « {a} » devient « {b} »"
    return ""


def split_front_matter(path, text):
    """(front matter text or None, its first line number, body, the body's first line number)."""
    if not text.startswith("---\n") and text.strip() != "---":
        return None, 0, text, 1
    lines = text.split("\n")
    for number in range(1, len(lines)):
        if lines[number].rstrip() in {"---", "..."}:
            front = "\n".join(lines[1:number])
            body = "\n".join(lines[number + 1 :])
            return front, 2, body, number + 2
    raise ContentError(
        path, "front matter non fermé : ajoutez une ligne « --- » après les clés.", 1
    )


def parse_yaml(path, front, first_line, warnings):
    """Front matter as (dict, {key: line}); lenient line-by-line reading when YAML refuses it."""
    if len(front.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise ContentError(
            path,
            f"front matter trop long ({len(front.encode('utf-8')) // 1024} Kio, maximum 64 Kio).",
            first_line,
        )
    try:
        for event in yaml.parse(front, Loader=SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ContentError(
                    path,
                    "les ancres et alias YAML (&, *) ne sont pas acceptés ; écrivez les valeurs.",
                    first_line + event.start_mark.line,
                )
        node = yaml.compose(front, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        simple = lenient_front_matter(front, first_line)
        if simple is not None:
            meta, lines = simple
            mark = getattr(exc, "problem_mark", None)
            line = first_line + mark.line if mark else None
            warnings.append(
                Message(
                    str(path),
                    f"front matter YAML invalide ({getattr(exc, 'problem', exc)}) : lu ligne à "
                    "ligne, chaque valeur comme un texte. Mettez entre guillemets les valeurs "
                    "qui contiennent « : ».",
                    line,
                )
            )
            return meta, lines
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(
            path,
            f"front matter YAML invalide, colonne {mark.column + 1 if mark else '?'} : "
            f"{getattr(exc, 'problem', None) or exc}.",
            first_line + mark.line if mark else first_line,
        ) from exc
    if node is None:
        return {}, {}
    if not isinstance(node, yaml.MappingNode):
        raise ContentError(
            path, "le front matter doit être une suite de « clé: valeur ».", first_line
        )
    loader = yaml.SafeLoader("")  # constructs the nodes libyaml composed (tags already resolved)
    meta, lines = {}, {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        lines[key] = first_line + key_node.start_mark.line
        if key in TEXT_KEYS and isinstance(value_node, yaml.ScalarNode):
            meta[key] = value_node.value  # as written: `title: 2024` stays "2024"
        else:
            meta[key] = loader.construct_object(value_node, deep=True)
    return meta, lines


def lenient_front_matter(front, first_line):
    """Read `key: value` and `- item` lines as text; None if any line is anything else."""
    meta, lines, current = {}, {}, None
    for offset, line in enumerate(front.split("\n")):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = LIST_ITEM_RE.match(line)
        if (
            item
            and current is not None
            and (meta[current] == "" or isinstance(meta[current], list))
        ):
            meta[current] = [*meta[current], _unquote(item.group(1) or item.group(2))]
            continue
        match = SIMPLE_KEY_RE.match(line)
        if not match:
            return None
        value = (match.group(2) or "").strip()
        if value and (
            value[0] in FLOW_INDICATORS or value[0] in "\"'" and _unquote(value) == value
        ):
            return None  # YAML syntax, not plain text: reading it as text would be a guess
        current = match.group(1)
        meta[current] = _unquote(value)
        lines[current] = first_line + offset
    return meta, lines


def _unquote(value):
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def read_document(path, data=None):
    """Read one Markdown file (bytes given or read from disk) into a Document."""
    path = Path(path)
    if data is None:
        data = path.read_bytes()
    text, warnings = decode(path, data)
    front, first_line, body, body_line = split_front_matter(path, text)
    meta, lines = ({}, {}) if front is None else parse_yaml(path, front, first_line, warnings)
    body = body.strip("\n")
    body = body + "\n" if body else ""
    return Document(path, meta, body, lines, body_line, warnings, hashlib.sha256(data).hexdigest())


def read_site_file(path):
    """`authors.yml` or `tags.yml`: a mapping keyed by slug."""
    path = Path(path)
    if not path.exists():
        return {}
    text, _ = decode(path, path.read_bytes())
    try:
        data = yaml.load(text, Loader=SafeLoader) or {}  # noqa: S506 (SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(path, f"YAML invalide : {exc}", mark.line + 1 if mark else None) from exc
    if not isinstance(data, dict):
        raise ContentError(path, "le fichier doit associer chaque identifiant à ses valeurs.")
    return data


def document_slug(document):
    """The article's slug: `slug:`, else the bundle's folder, else the title."""
    explicit = document.text("slug")
    if explicit:
        return slugify(explicit)
    if document.path.name == "index.md":
        return slugify(document.path.parent.name)
    slug = slugify(document.text("title", required=True))
    if len(slug) > 80:  # cut at a word boundary
        slug = slug[:81].rsplit("-", 1)[0]
    return slug
