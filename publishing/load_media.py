"""Another blog's images, brought home (`import_markdown --media-url-map PREFIX=DIR`).

Blog repositories refer to their images by absolute URL on a storage service
(`https://storage.example.com/content/posts/x/hero.png`) and keep the files beside the posts
(`assets/posts/x/hero.png`). A URL under a mapped prefix is read from its folder and becomes an
ImageAsset; the Markdown then names the image by its id, as it names the editors' own images.

An image's id is derived from its bytes (uuid5 of their sha256): a file used by several posts,
or two copies of the same bytes, are one image, and an import run again finds the image it made
the first time (no migration needed to keep a hash: the id is the hash). A mapped file that is
missing, unreadable or outside its folder is a warning naming the file and the line, and the
URL stays as written: an external image.
"""

import errno
import hashlib
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from django.core.exceptions import ValidationError

from articles.images import check_image
from articles.models import ImageAsset
from publishing.errors import ContentError

# Fixed for ever: the same bytes get the same id on every database and in every run.
CONTENT_NAMESPACE = uuid.UUID("8abe834d-fafc-40da-a2c2-5b7a6c8e3360")


@dataclass
class HomeImage:
    """One image URL of a post, brought home."""

    url: str
    asset_id: str
    new: bool  # its file came in with this import (else: already here, from another post or run)


@dataclass
class Reference:
    """Where a document names a mapped image: in its front matter (`image`) or its body."""

    document: object
    url: str
    line: int | None
    key: str | None = None  # the front-matter key; None for the body
    # A part's document whose `image` must be one of ours: what it becomes without its file
    # (`Kind.bundle.without_image`: « le rôle reste sans image »).
    without_image: str = ""


class MediaMap:
    """`PREFIX=DIR` pairs, and what this run learnt about their files (ids, verdicts)."""

    def __init__(self, entries=()):
        self.roots = []
        for entry in entries:
            prefix, equals, directory = str(entry).partition("=")
            prefix, directory = prefix.strip(), directory.strip()
            if not equals or not prefix or not directory:
                raise ContentError(
                    "--media-url-map",
                    f"« {entry} » : attendu PRÉFIXE=DOSSIER, par exemple "
                    "https://stockage.exemple.fr/content/posts=assets/posts.",
                )
            folder = Path(directory).expanduser()
            if not folder.is_dir():
                raise ContentError("--media-url-map", f"dossier introuvable : {directory}.")
            # `…/posts` maps `…/posts/x.png`, never `…/posts-old/x.png`.
            self.roots.append((prefix.rstrip("/") + "/", folder.resolve()))
        self.roots.sort(key=lambda root: len(root[0]), reverse=True)  # the most precise first
        self.ids = {}  # file path -> asset id
        self.refusals = {}  # asset id -> why the file is refused ("" when it is a good image)
        self.pattern = (
            re.compile(
                r"\]\(\s*(?:<(?P<angled>(?:{0})[^>\n]*)>|(?P<url>(?:{0})[^\s)]*))".format(
                    "|".join(re.escape(prefix) for prefix, _ in self.roots)
                )
            )
            if self.roots
            else None
        )

    def __bool__(self):
        return bool(self.roots)

    def local_file(self, url):
        """(path, problem) for a mapped URL: the file, or why there is none; None when no prefix
        maps the URL."""
        root = next((root for root in self.roots if url.startswith(root[0])), None)
        if root is None:
            return None
        prefix, folder = root
        rest = unquote(url[len(prefix) :].split("#", 1)[0].split("?", 1)[0])
        if "\x00" in rest:  # no file name holds one (`%00`)
            return None, f"chemin refusé : {url} contient un caractère nul (%00)"
        path = (folder / rest).resolve()
        if not path.is_relative_to(folder):
            return None, f"chemin refusé : {url} sort du dossier {folder}"
        try:
            found = path.is_file()
        except OSError as exc:  # a name too long for the file system, say
            why = (
                "nom trop long pour un fichier" if exc.errno == errno.ENAMETOOLONG else "illisible"
            )
            return None, f"chemin refusé : {url} ({why})"
        if not found:
            return None, f"image introuvable : {url} (fichier attendu : {path})"
        return path, ""

    def asset_id(self, path):
        """The id of the image these bytes make: one id per content, whatever the name."""
        if path not in self.ids:
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            self.ids[path] = str(uuid.uuid5(CONTENT_NAMESPACE, digest.hexdigest()))
        return self.ids[path]

    def refusal(self, asset_id, path):
        """Why this file cannot be an image ("" when it can), checked once per content."""
        if asset_id not in self.refusals:
            try:
                with open(path, "rb") as handle:
                    check_image(handle)
                self.refusals[asset_id] = ""
            except ValidationError as exc:
                self.refusals[asset_id] = " ".join(exc.messages)
        return self.refusals[asset_id]

    def references(self, document, without_image=""):
        """The mapped image URLs a document names (front-matter `image`, body images), with
        their lines."""
        found = []
        value = document.meta.get("image")
        if isinstance(value, str) and self.local_file(value.strip()) is not None:
            line = document.lines.get("image")
            found.append(Reference(document, value.strip(), line, "image", without_image))
        text = document.body or ""
        for match in self.pattern.finditer(text):
            if image_start(text, match.start()) is None:
                continue  # a link to the file, not an image
            url = match.group("angled") or match.group("url")
            line = document.body_line + text.count("\n", 0, match.start())
            found.append(Reference(document, url, line, without_image=without_image))
        return found


def image_start(text, bracket):
    """Where the `![` of the image whose `](` stands at `bracket` starts; None for a plain link.
    Looked for backwards on the same line only, so that the scan stays linear."""
    line_start = text.rfind("\n", 0, bracket) + 1
    start = text.rfind("![", line_start, bracket)
    if start < 0 or "]" in text[start + 2 : bracket]:
        return None
    return start


@dataclass
class Brought:
    """What bringing home a source's images gave: files by asset id, and the images."""

    files: dict = field(default_factory=dict)  # asset id -> local file
    images: list = field(default_factory=list)  # HomeImage, one per URL


def bring_home(source, media_map):
    """Point the mapped image URLs of a source (hero, part images, bodies) at image ids, and
    return the files those images are made from. Nothing is written here: the loader creates
    the images from `files` as it does for a bundle's `images/` folder."""
    brought = Brought()
    if not media_map:
        return brought
    references = media_map.references(source.document)
    for kind, documents in source.part_kinds():
        for part in documents:
            references += media_map.references(part, kind.bundle.without_image)
    ids = {}  # url -> asset id, for the URLs whose file can be an image
    for reference in references:
        if reference.url in ids:
            continue
        path, _ = media_map.local_file(reference.url)
        if path is not None:
            ids[reference.url] = media_map.asset_id(path)
            brought.files[ids[reference.url]] = path
    present = {
        str(pk)
        for pk in ImageAsset.objects.filter(pk__in=set(ids.values()))
        .exclude(file="")
        .values_list("pk", flat=True)
    }
    for url, asset_id in list(ids.items()):
        if asset_id not in present and media_map.refusal(asset_id, brought.files[asset_id]):
            del ids[url]
    brought.files = {asset_id: brought.files[asset_id] for asset_id in set(ids.values())}
    warned = set()
    for reference in references:
        if reference.url in ids:
            continue
        where = (reference.document, reference.line, reference.url)
        if where not in warned:
            warned.add(where)
            warn_unbrought(reference, media_map)
    for document in (source.document, *source.part_documents):
        point_at_images(document, media_map, ids)
    seen = set()
    for reference in references:
        if reference.url in ids and reference.url not in seen:
            seen.add(reference.url)
            asset_id = ids[reference.url]
            new = asset_id not in present  # and not already counted under another URL
            brought.images.append(HomeImage(reference.url, asset_id, new))
            present.add(asset_id)
    return brought


def warn_unbrought(reference, media_map):
    document = reference.document
    path, problem = media_map.local_file(reference.url)
    if path is not None:
        problem = f"image refusée : {reference.url} ({media_map.refusals[media_map.ids[path]]})"
    if reference.key is not None and reference.without_image:
        # A part's image must be one of ours: without its file, the part shows none.
        document.meta.pop(reference.key)
        document.warn(f"{problem} ; {reference.without_image}.", line=reference.line)
        return
    document.warn(f"{problem} ; elle reste une image externe.", line=reference.line)


def point_at_images(document, media_map, ids):
    """The document's mapped URLs that became images, replaced by the images' ids."""
    value = document.meta.get("image")
    if isinstance(value, str) and value.strip() in ids:
        document.meta["image"] = ids[value.strip()]
    text = document.body or ""
    pieces, last = [], 0
    for match in media_map.pattern.finditer(text):
        url = match.group("angled") or match.group("url")
        if url not in ids or image_start(text, match.start()) is None:
            continue
        pieces += [text[last : match.start()], "](", ids[url]]
        last = match.end()
    if pieces:
        document.body = "".join([*pieces, text[last:]])
