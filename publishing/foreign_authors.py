"""Another blog's authors: `author: id` or `authors: [id, …]`, resolved from its data files.

Hugo's `data/authors/<id>.yaml|yml|json|toml`, Jekyll's `_data/authors.yml`, Astro's
`src/content/authors/<id>.(json|yaml|yml|md)` and Docusaurus' `authors.yml` beside the posts
give each id a name, a bio and an avatar; they become our authors (the avatar's file imported
as their photo), written in the run's first batch like `authors.yml`, so that the batches'
journal undoes them with the rest. An id no file describes is an author named after it.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.text import slugify

from articles.images import cleaned_upload
from articles.models import Author
from publishing.errors import ContentError
from publishing.foreign_site import read_config
from publishing.read import read_document
from publishing.site_files import AUTHOR_LIMITS

NAME_KEYS = ("name", "display_name", "fullname")
BIO_KEYS = ("bio", "description", "summary", "about", "title")  # Docusaurus: `title`
AVATAR_KEYS = ("avatar", "image", "image_url", "photo", "picture")


@dataclass
class AuthorData:
    slug: str
    name: str
    bio: str = ""
    avatar: Path | None = None
    path: str = ""


@dataclass
class ForeignAuthors:
    """The authors a blog's data files describe, loaded before its posts."""

    authors: dict = field(default_factory=dict)  # slug -> AuthorData

    def load(self, stored):
        for data in self.authors.values():
            author, _ = Author.objects.update_or_create(
                slug=data.slug, defaults={"name": data.name, "bio": data.bio}
            )
            if data.avatar is not None and not author.avatar:
                with open(data.avatar, "rb") as handle:
                    try:
                        cleaned = cleaned_upload(File(handle))
                    except ValidationError as exc:
                        raise ContentError(
                            data.avatar, f"photo refusée : {' '.join(exc.messages)}"
                        ) from exc
                author.avatar.save(f"{data.slug}-{cleaned.name}", cleaned, save=True)
                stored.add(author.avatar.storage, [author.avatar.name])


def read_data(path):
    """One data file as a mapping (YAML, JSON, TOML, or Markdown's front matter + body)."""
    if path.suffix in {".md", ".markdown"}:
        document = read_document(path)
        return {**document.meta, "bio": document.meta.get("bio") or document.body.strip()}
    return read_config(path, unreadable="fichier d'auteurs illisible")


def describe(key, values, path, site):
    """An AuthorData from one author's values, its texts within our columns."""
    if not isinstance(values, dict):
        values = {"name": values}
    name = next((str(values[k]) for k in NAME_KEYS if values.get(k)), str(key)).strip()
    bio = next((str(values[k]) for k in BIO_KEYS if values.get(k)), "").strip()
    for label, text in (("name", name), ("bio", bio)):
        if len(text) > AUTHOR_LIMITS[label]:
            raise ContentError(
                path,
                f"auteur « {key} » : {label} trop long ({len(text)} caractères, maximum "
                f"{AUTHOR_LIMITS[label]}) ; raccourcissez-le.",
            )
    avatar = next((str(values[k]) for k in AVATAR_KEYS if isinstance(values.get(k), str)), "")
    return AuthorData(slugify(str(key)), name, bio, find_avatar(avatar, path, site), str(path))


def find_avatar(value, path, site):
    """The avatar's local file, when it is one (an address is not fetched)."""
    if not value or "://" in value or value.startswith("//"):
        return None
    folders = list(site.static_dirs) if value.startswith("/") else [path.parent]
    if site.root is not None and value.startswith("/"):
        folders.append(site.root)
    for folder in folders:
        candidate = (folder / value.lstrip("/")).resolve()
        if site.root is not None and not candidate.is_relative_to(site.root):
            continue
        if candidate.is_file():
            return candidate
    return None


def read_authors(site, folders=()):
    """Every author the blog's data files describe, by our slug."""
    files = []
    if site.root is not None:
        root = site.root
        for folder in (root / "data" / "authors", root / "src" / "content" / "authors"):
            if folder.is_dir():
                files += [(p, p.stem) for p in sorted(folder.iterdir()) if p.is_file()]
        for name in ("_data/authors.yml", "_data/authors.yaml", "data/authors.yaml"):
            if (root / name).is_file():
                files.append((root / name, None))
    if site.tool == "docusaurus":
        beside = (
            [site.root / "blog", *map(Path, folders)] if site.root else list(map(Path, folders))
        )
        for folder in dict.fromkeys(p.resolve() for p in beside):
            if (folder / "authors.yml").is_file():
                files.append((folder / "authors.yml", None))
    found = ForeignAuthors()
    for path, key in files:
        if path.suffix not in {".yaml", ".yml", ".json", ".toml", ".md", ".markdown"}:
            continue
        data = read_data(path)
        entries = [(key, data)] if key is not None else list(data.items())
        for author_key, values in entries:
            data_item = describe(author_key, values, path, site)
            if data_item.slug:
                found.authors[data_item.slug] = data_item
    return found


def map_authors(document):
    """`authors: [id, …]` (and `author: {name: …}`) as our `author`; the mappings made."""
    mapped = []
    value = document.meta.get("author")
    if isinstance(value, dict) and value.get("name"):
        document.meta["author"] = slugify(str(value.get("id") or value["name"]))
        mapped.append(("author.name", "author"))
    authors = document.meta.get("authors")
    if "author" not in document.meta and authors:
        ids = authors if isinstance(authors, list) else [authors]
        first = ids[0]
        first = first.get("id") or first.get("name") if isinstance(first, dict) else first
        document.meta["author"] = slugify(str(first))
        document.lines.setdefault("author", document.lines.get("authors"))
        mapped.append(("authors", "author"))
        if len(ids) == 1:
            document.meta.pop("authors")
        else:
            document.warn(
                f"{len(ids)} auteurs : le premier, « {first} », devient l'auteur de l'article ; "
                "la liste reste dans la clé « authors ».",
                "authors",
            )
    return mapped
