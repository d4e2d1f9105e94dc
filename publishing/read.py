"""Read Markdown files with YAML front matter into documents, validating as we go.

A bundle is `<slug>/index.md`, `<slug>/roles/<NN>-<role>.md` and `<slug>/images/<uuid>.<ext>`
(see DESIGN.md). Site-wide `authors.yml` and `tags.yml` sit at the root of a content tree.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml
from django.utils import timezone
from django.utils.text import slugify

from publishing.errors import ContentError, Message

READ_RE = re.compile(r"^\s*(\d{1,3})\s*(?:min(?:utes?)?)?\.?\s*$", re.IGNORECASE)
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}


@dataclass
class RoleDocument:
    path: Path
    meta: dict
    body: str


@dataclass
class ArticleDocument:
    path: Path
    meta: dict
    body: str
    roles: list = field(default_factory=list)
    image_files: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)

    @property
    def slug(self):
        return self.meta["slug"]


def read_text(path):
    """The file's text, decoded as UTF-8 (BOM and CRLF accepted)."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            path, "le fichier n'est pas encodé en UTF-8 ; réenregistrez-le en UTF-8.", line
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_front_matter(path, text):
    """Split front matter from body; a YAML error names its line and column."""
    if not text.startswith("---\n"):
        return {}, text
    try:
        meta, body = frontmatter.parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        column = f", colonne {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(path, f"front matter YAML invalide{column} : {problem}", line) from exc
    if not isinstance(meta, dict):
        raise ContentError(path, "le front matter doit être une liste de clés « clé: valeur ».")
    return dict(meta), body.strip("\n") + "\n" if body.strip() else ""


def read_markdown(path):
    text = read_text(path)
    return parse_front_matter(path, text)


def as_text(value, key, path, required=False):
    if value is None or value == "":
        if required:
            raise ContentError(path, f"la clé « {key} » est obligatoire.")
        return ""
    if isinstance(value, (dict, list)):
        raise ContentError(path, f"la clé « {key} » doit être un texte, pas une liste.")
    return str(value).strip()


def as_list(value, key, path):
    """A list of texts, from a YAML list or a comma-separated string."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return [str(item).strip() for item in value if str(item).strip()]
    raise ContentError(path, f"la clé « {key} » doit être une liste de textes.")


def as_datetime(value, key, path):
    """A date or datetime; a date alone means midnight in the site's time zone."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime.combine(value, dt.time())
    else:
        try:
            parsed = dt.datetime.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise ContentError(
                path, f"la clé « {key} » n'est pas une date (AAAA-MM-JJ) : « {value} »."
            ) from exc
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def as_minutes(value, key, path):
    if value is None or value == "":
        return None
    match = READ_RE.match(str(value))
    if not match:
        raise ContentError(path, f"la clé « {key} » doit être un nombre de minutes : « {value} ».")
    return int(match.group(1))


def read_bundle(directory):
    """Read `<slug>/index.md`, its roles and its image files."""
    directory = Path(directory)
    index = directory / "index.md"
    meta, body = read_markdown(index)
    meta.setdefault("slug", directory.name)
    meta["slug"] = slugify(str(meta["slug"]))
    document = ArticleDocument(path=index, meta=meta, body=body)
    roles_dir = directory / "roles"
    if roles_dir.is_dir():
        for role_path in sorted(roles_dir.glob("*.md")):
            role_meta, role_body = read_markdown(role_path)
            document.roles.append(RoleDocument(role_path, role_meta, role_body))
    images_dir = directory / "images"
    if images_dir.is_dir():
        for image_path in sorted(images_dir.iterdir()):
            if image_path.suffix.lower() in IMAGE_EXTENSIONS:
                document.image_files[image_path.stem.lower()] = image_path
    return document


def read_site_file(path):
    """`authors.yml` or `tags.yml`: a mapping keyed by slug."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(read_text(path)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(path, f"YAML invalide : {exc}", mark.line + 1 if mark else None) from exc
    if not isinstance(data, dict):
        raise ContentError(path, "le fichier doit associer chaque identifiant à ses valeurs.")
    return data


def find_bundles(paths):
    """Every bundle directory under the given paths, and the site files found at their roots."""
    bundles, roots = [], []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise ContentError(path, "chemin introuvable.")
        if path.is_file():
            if path.name == "index.md":
                bundles.append(path.parent)
                continue
            raise ContentError(
                path, "seuls les dossiers d'articles (<slug>/index.md) sont lus pour l'instant."
            )
        roots.append(path)
        if (path / "index.md").exists():
            bundles.append(path)
            continue
        bundles.extend(sorted(index.parent for index in path.rglob("index.md")))
    return bundles, roots


def warn(document, text, line=None):
    document.warnings.append(Message(str(document.path), text, line))
