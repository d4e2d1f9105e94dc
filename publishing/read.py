"""Read Markdown files with YAML front matter into documents: lenient, repairing, honest.

What is unambiguous is repaired with a warning (double-encoded text, an unquoted ` : ` in a
front-matter value, a date whose day and month are swapped); anything else is a `ContentError`
that names the file, the line and what to do. Nothing here touches the database.
"""

import datetime as dt
import hashlib
import re
from pathlib import Path

import frontmatter
import ftfy
import yaml
from django.utils import timezone
from django.utils.text import slugify

from articles.markdoc import markdoc_problems
from publishing.errors import ContentError, Message
from publishing.front_matter import (
    MAX_FRONT_MATTER_BYTES,
    FrontMatterHandler,
    SafeLoader,
    construct,
    refuse_unsafe_yaml,
    refuse_unstorable,
)
from publishing.front_matter_toml import TomlFrontMatter, is_toml

MARKDOWN_SUFFIXES = {".md", ".markdown"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}
READ_RE = re.compile(r"^\s*(\d{1,3})\s*(?:min(?:ute)?s?)?\.?\s*$", re.IGNORECASE)
DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T ])(.*)$")
MOJIBAKE_HINT_RE = re.compile("[ÃÂ√Å]|â€")
# A file stem that was a public address on the old site (`se-faire-un-nom-sellsy.md`): words
# joined by hyphens. Other stems (`000_2a4a688bbf2452db`, `a`) say nothing of an address.
STEM_SLUG_RE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+")


class Document:
    """One Markdown file: its python-frontmatter Post (front matter and body) and what reading
    it took."""

    def __init__(
        self, path, meta=None, body="", lines=None, body_line=1, warnings=None, digest="", post=None
    ):
        self.path = path
        if post is None:
            post = frontmatter.Post(body)
            post.metadata = {} if meta is None else meta
        self.post = post
        self.lines = {} if lines is None else lines  # front-matter key -> line number in the file
        self.body_line = body_line
        self.warnings = [] if warnings is None else warnings
        self.digest = digest  # of the file's bytes, to recognise an unchanged file
        self.mapped = []  # (what another tool wrote, what it became): `publishing.foreign`
        self.old_paths = []  # the addresses another site served it at

    def __repr__(self):
        return f"<Document {self.path}>"

    @property
    def meta(self):
        return self.post.metadata

    @meta.setter
    def meta(self, value):
        self.post.metadata = value

    @property
    def body(self):
        return self.post.content

    @body.setter
    def body(self, value):
        self.post.content = value

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
    if "\x00" in text:  # no database column keeps it: a binary file, or a damaged one
        raise ContentError(
            path,
            "caractère nul (octet 0) dans le fichier : ce n'est pas un texte Markdown, ou il "
            "est endommagé. Retirez ce caractère puis relancez l'import.",
            text.count("\n", 0, text.index("\x00")) + 1,
        )
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


def read_document(path, data=None):
    """Read one Markdown file (bytes given or read from disk) into a Document."""
    path = Path(path)
    if data is None:
        data = path.read_bytes()
    text, warnings = decode(path, data)
    handler = TomlFrontMatter(path) if is_toml(text) else FrontMatterHandler(path)
    post = handler.read(text)
    # Read before a long file is split into parts: line numbers are the file's own.
    markdoc = [
        Message(str(path), problem, handler.body_line + line - 1)
        for line, problem in markdoc_problems(post.content)
    ]
    return Document(
        path,
        lines=handler.lines,
        body_line=handler.body_line,
        warnings=[*warnings, *handler.warnings, *markdoc],
        digest=hashlib.sha256(data).hexdigest(),
        post=post,
    )


def read_site_file(path):
    """`authors.yml` or `tags.yml`: (mapping keyed by slug, slug -> line number), read like front
    matter: 64 Kio at most, no anchors, aliases or foreign tags."""
    path = Path(path)
    if not path.exists():
        return {}, {}
    with path.open("rb") as handle:
        data = handle.read(MAX_FRONT_MATTER_BYTES + 1)
    if len(data) > MAX_FRONT_MATTER_BYTES:
        raise ContentError(
            path,
            f"fichier trop long (plus de {MAX_FRONT_MATTER_BYTES // 1024} Kio) : gardez-y "
            "seulement les identifiants et leurs valeurs.",
        )
    text, _ = decode(path, data)
    try:
        refuse_unsafe_yaml(text, path)
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(path, f"YAML invalide : {exc}", mark.line + 1 if mark else None) from exc
    if node is None:
        return {}, {}
    if not isinstance(node, yaml.MappingNode):
        raise ContentError(path, "le fichier doit associer chaque identifiant à ses valeurs.", 1)
    loader = yaml.SafeLoader("")
    values, lines = {}, {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        lines[key] = key_node.start_mark.line + 1
        values[key] = construct(loader, value_node, path)
        refuse_unstorable(key, values[key], path, lines[key])
    return values, lines


def document_slug(document):
    """The article's slug: `slug:`, else the bundle's folder, else the file's stem when it was
    an address (lower-cased: see `old_address`), else the title."""
    explicit = document.text("slug")
    if explicit:
        return slugify(explicit)
    if document.path.name == "index.md":
        return slugify(document.path.parent.name)
    if STEM_SLUG_RE.fullmatch(document.path.stem):
        return document.path.stem.lower()
    slug = slugify(document.text("title", required=True))
    if len(slug) > 80:  # cut at a word boundary
        slug = slug[:81].rsplit("-", 1)[0]
    return slug


def old_address(document):
    """The slug the old site served this file at, when it differs from ours only by its
    capitals (`comprendre-equipe-RevOps.md`): its old address must lead to the new one."""
    if document.text("slug"):
        return None
    name = document.path.parent.name if document.path.name == "index.md" else document.path.stem
    if STEM_SLUG_RE.fullmatch(name) and name != name.lower():
        return name
    return None
