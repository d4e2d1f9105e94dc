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


# Keys of a client case study (a story: name, speaker, quotes…), a kind of file blog
# repositories keep beside their posts; none of them is an article key.
CASE_STUDY_KEYS = {"quotes", "deliverables", "scopes", "speaker", "subtitle", "duration", "tools"}


def check_kind(document):
    """Refuse a file of another kind (a case study) before anything is written, saying so."""
    keys = set(document.meta)
    found = sorted(keys & CASE_STUDY_KEYS)
    if "title" not in keys and "name" in keys and found:
        document.error(
            "ce fichier n'est pas un article mais une fiche de cas client (clés name, "
            f"{', '.join(found)} ; ni title ni author). Importez le dossier des articles seul "
            "(par exemple blog/fr), ou donnez-lui un « title » pour l'importer comme article.",
            line=1,
        )
    return document


def read_bundle(directory):
    """A bundle: `index.md`, each part kind's `<folder>/NN-<part>.md` in file-name order
    (`roles/01-coach.md`), `images/<uuid>.<ext>`."""
    directory = Path(directory)
    source = Source(check_kind(read_document(directory / "index.md")))
    for kind in bundled_parts():
        folder = directory / kind.bundle.folder
        if folder.is_dir():
            source.parts[kind.label] = [read_document(p) for p in sorted(folder.glob("*.md"))]
    images_dir = directory / "images"
    if images_dir.is_dir():
        source.image_files = image_files(images_dir)
    return source


def read_single(path):
    """A single long file; a seed-shaped one is split into its article and its parts (its
    roles: `Kind.bundle.split`)."""
    source = Source(check_kind(read_document(path)))
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
