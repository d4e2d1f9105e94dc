"""Find what to import: bundles (`<slug>/index.md`, each part kind's folder of files, images) and
single long files (split into their parts by each part kind)."""

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from articles import registry
from articles.models import Article
from publishing.errors import ContentError
from publishing.read import IMAGE_SUFFIXES, MARKDOWN_SUFFIXES, read_document


@dataclass
class Source:
    """One article to load: its document, its parts' documents and the image files beside it."""

    document: object
    parts: dict = field(default_factory=dict)  # a part kind's label -> its documents, in order
    image_files: dict = field(default_factory=dict)
    foreign_images: list = field(default_factory=list)  # publishing.foreign_images.Found
    # Another top-level kind's file (a case study: `articles.registry.bundled_kinds`); None for
    # an article.
    kind: object = None

    @property
    def path(self):
        return self.document.path

    @property
    def part_documents(self):
        """Every part's document, kind after kind."""
        return [document for documents in self.parts.values() for document in documents]

    def part_kinds(self):
        """[(part kind, its documents)] of the parts this source holds, kind after kind."""
        return [(registry.kind_of(label), documents) for label, documents in self.parts.items()]


def bundled_parts():
    """The kinds of parts an article's bundle carries (`Kind.bundle`)."""
    return registry.kind_of(Article).bundled_parts()


def bundle_folders():
    """A bundle's folders beside its `index.md`, for help texts: each part kind's (`roles/`),
    then `images/`."""
    return [*(f"{kind.bundle.folder}/" for kind in bundled_parts()), "images/"]


def find_paths(paths):
    """(bundle directories, single files, content roots) under the given paths."""
    bundles, singles, roots = [], [], []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise ContentError(path, "chemin introuvable.")
        if path.is_file():
            if path.name == "index.md":
                bundles.append(path.parent)
            else:
                singles.append(path)  # named explicitly: read whatever its extension
            continue
        roots.append(path)
        if (path / "index.md").is_file():
            bundles.append(path)
            continue
        found = sorted(p.parent for p in path.rglob("index.md"))
        bundles.extend(found)
        inside_bundle = set(found)
        for candidate in sorted(path.rglob("*")):
            if (
                candidate.suffix.lower() in MARKDOWN_SUFFIXES
                and candidate.name != "index.md"
                and inside_bundle.isdisjoint(candidate.parents)
                and candidate.is_file()
            ):
                singles.append(candidate)
    return list(dict.fromkeys(bundles)), list(dict.fromkeys(singles)), roots


def recognised_kind(document, forced=None):
    """The top-level kind of another type whose bundle recognises this file by its shape (a
    case study: `Kind.bundle.recognises`), or the one `forced` names (`--kind`); None: an
    article."""
    for kind in registry.bundled_kinds():
        if forced == kind.bundle.name or (forced is None and kind.bundle.recognises(document)):
            return kind
    return None


def read_bundle(directory, forced=None):
    """A bundle: `index.md`, each part kind's `<folder>/NN-<part>.md` in file-name order
    (`roles/01-coach.md`), `images/<uuid>.<ext>`; a file of another kind (a case study) is
    that kind's, its images beside it (`forced`: the kind `--kind` names)."""
    directory = Path(directory)
    document = read_document(directory / "index.md")
    kind = recognised_kind(document, forced)
    if kind is not None:
        images_dir = directory / "images"
        images = image_files(images_dir) if images_dir.is_dir() else {}
        return Source(document, image_files=images, kind=kind)
    source = Source(document)
    for kind in bundled_parts():
        folder = directory / kind.bundle.folder
        if folder.is_dir():
            source.parts[kind.label] = [read_document(p) for p in sorted(folder.glob("*.md"))]
    images_dir = directory / "images"
    if images_dir.is_dir():
        source.image_files = image_files(images_dir)
    return source


def read_single(path, forced=None):
    """A single long file; a seed-shaped one is split into its article and its parts (its
    roles: `Kind.bundle.split`); a file of another kind (a case study) is that kind's."""
    document = read_document(path)
    kind = recognised_kind(document, forced)
    if kind is not None:
        return Source(document, kind=kind)
    source = Source(document)
    for kind in bundled_parts():
        body, parts = kind.bundle.split(source.document)
        if parts:
            source.document.body = body
            source.parts[kind.label] = parts
    return source


def image_files(directory):
    """Image files named `<uuid>.<ext>` in a directory, keyed by lower-case uuid."""
    found = {}
    for path in sorted(Path(directory).iterdir()):
        if not path.is_file() or path.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        try:
            found[str(uuid.UUID(path.stem)).lower()] = path
        except ValueError:
            continue
    return found
