"""Images another blog keeps beside its posts, brought home as library images.

`![alt](vms.png)`, `./x.png`, `../shared/x.png` are read from the post's folder, `/images/x.png`
from the static folders (`--static-dir`, the tool's `static/` or `public/`, the site's root), in
bodies and in the hero keys other tools use (`image`, `cover`, `feature_image`,
`featured_image`, `thumbnail`, `hero`, `heroImage`, Hugo themes' `cover: {image: …}`). Each
file becomes an image named by the id of its bytes (`load_media.MediaMap.asset_id`: one image
per content), made by the loader as a bundle's own images are, renditions included; the body
then names it by that id, as our format does, its alt text the Markdown's. An SVG, a missing
file or one that is not an image is a warning naming the file and the line: its alt text stays
in place, the import goes on. Only files inside the folders being imported are read.
"""

import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from articles.fences import code_line_mask
from articles.models import ImageAsset
from publishing.load_media import HomeImage, MediaMap
from publishing.read import IMAGE_SUFFIXES

IMAGE_RE = re.compile(
    r"!\[(?P<alt>[^\]\n]*)\]\(\s*(?:<(?P<angled>[^>\n]+)>|(?P<plain>[^\s)]+))(?P<rest>[^)\n]*)\)"
)
HERO_KEYS = (
    "image", "cover", "feature_image", "featured_image", "featuredImage", "coverImage",
    "cover_image", "thumbnail", "hero", "heroImage", "banner",
)  # fmt: skip
# `<img src="vms.png" alt="…">` written as HTML in a body: an image like the Markdown ones.
HTML_IMAGE_RE = re.compile(r"<img\b[^<>]{0,2000}?>", re.IGNORECASE)
HTML_ATTRIBUTE_RE = re.compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
ALT_KEYS = ("image_alt", "heroImageAlt", "feature_image_alt", "cover_alt", "imageAlt")
MISSING = "image introuvable : "
EXTERNAL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


@dataclass
class Found:
    url: str
    asset_id: str


class LocalImages:
    """The run's image files: where relative images are looked for, and ids by content."""

    def __init__(self, allowed, static_dirs=()):
        self.allowed = [Path(p).resolve() for p in allowed]
        self.static_dirs = [Path(p).resolve() for p in static_dirs]
        self.ids = MediaMap()  # its content ids and image verdicts, shared by the whole run

    def locate(self, document, target):
        """(file, problem) for an image target of a document; (None, None) when the target is
        not a local file (an address, one of our ids)."""
        target = unquote(target.split("#", 1)[0].split("?", 1)[0]).strip()
        if not target or EXTERNAL_RE.match(target) or is_uuid(target):
            return None, None
        suffix = Path(target).suffix.lower()
        if suffix == ".svg":
            return (
                None,
                f"image SVG refusée : {target} (seuls JPEG, PNG, GIF, WebP et AVIF sont acceptés)",
            )
        if suffix not in IMAGE_SUFFIXES:
            return None, None
        if target.startswith("/"):
            candidates = [d / target.lstrip("/") for d in self.static_dirs]
        else:
            candidates = [document.path.parent / target]
        for candidate in candidates:
            path = candidate.resolve()
            if not any(path.is_relative_to(root) for root in self.allowed):
                return None, f"image refusée : {target} sort des dossiers importés"
            if path.is_file():
                refusal = self.ids.refusal(self.ids.asset_id(path), path)
                if refusal:
                    return None, f"image refusée : {target} ({refusal})"
                return path, None
        where = ", ".join(str(c) for c in candidates) or "aucun dossier statique (--static-dir)"
        return None, f"{MISSING}{target} (fichier attendu : {where})"


def is_uuid(text):
    try:
        uuid.UUID(text.strip("<>"))
    except ValueError:
        return False
    return True


def bring_local_images(source, images, captions=None, tool=""):
    """Point the source's local images (body and hero) at image ids; return the (url, id)
    found, the files added to `source.image_files`. Outside a tool's site, a body image whose
    file is not there is left as written: `publishing.relative_links` tells it, or makes it an
    image of the old site (`--site-url`)."""
    document = source.document
    found = []
    hero = hero_image(document, images, source, found)
    document.body = body_images(document, images, source, found, captions or {}, bool(tool))
    if hero:
        document.meta["image"] = hero
    return found


def hero_image(document, images, source, found):
    """The hero another tool named (a relative file becomes an image id), under `image`."""
    for key in HERO_KEYS:
        value = document.meta.get(key)
        alt = ""
        if isinstance(value, dict):  # Hugo themes: cover: {image: …, alt: …, caption: …}
            alt = str(value.get("alt") or value.get("caption") or "")
            value = value.get("image") or value.get("src") or value.get("url")
        if not isinstance(value, str) or not value.strip():
            continue
        value = value.strip()
        document.meta.pop(key)
        line = document.lines.get(key)
        if key != "image":
            document.mapped.append((key, "image"))
            document.lines.setdefault("image", line)
        for alt_key in ALT_KEYS:
            if alt_key != "image_alt" and document.meta.get(alt_key):
                alt = str(document.meta.pop(alt_key))
                document.mapped.append((alt_key, "image_alt"))
        if alt and not document.meta.get("image_alt"):
            document.meta["image_alt"] = alt
        path, problem = images.locate(document, value)
        if problem:
            document.warn(f"{problem} ; l'article reste sans image principale.", line=line)
            return None
        if path is None:
            return value  # an address or one of our ids, as before
        asset_id = images.ids.asset_id(path)
        source.image_files[asset_id] = path
        found.append(Found(value, asset_id))
        return asset_id
    return None


def body_images(document, images, source, found, captions, foreign=True):
    """The body with its local images named by id; a refused one leaves its alt text."""
    lines, out = (document.body or "").split("\n"), []
    code = code_line_mask(lines, indented=False)  # fenced code as the renderer reads it
    declared = {}
    for number, text in enumerate(lines):
        if code[number]:
            out.append(text)
            continue

        def replace(image, line=document.body_line + number):
            target = image.group("angled") or image.group("plain")
            path, problem = images.locate(document, target)
            if problem and not foreign and problem.startswith(MISSING):
                return image.group(0)
            if problem:
                document.warn(problem + " ; son texte alternatif reste à sa place.", line=line)
                return image.group("alt")
            if path is None:
                return image.group(0)
            asset_id = images.ids.asset_id(path)
            source.image_files[asset_id] = path
            found.append(Found(target, asset_id))
            if target in captions:
                declared[asset_id] = {"id": asset_id, "caption": captions[target]}
            return f"![{image.group('alt')}]({asset_id}{image.group('rest')})"

        def replace_html(tag, line=document.body_line + number):
            values = {
                m.group(1).lower(): m.group(2) or m.group(3) or ""
                for m in HTML_ATTRIBUTE_RE.finditer(tag.group(0))
            }
            target, alt = values.get("src", ""), values.get("alt", "").replace("]", "")
            path, problem = images.locate(document, target) if target else (None, None)
            if problem and not foreign and problem.startswith(MISSING):
                return tag.group(0)
            if problem:
                document.warn(problem + " ; son texte alternatif reste à sa place.", line=line)
                return alt
            if path is None:
                return tag.group(0)
            asset_id = images.ids.asset_id(path)
            source.image_files[asset_id] = path
            found.append(Found(target, asset_id))
            return f"![{alt}]({asset_id})"

        text = IMAGE_RE.sub(replace, text) if "![" in text else text
        out.append(HTML_IMAGE_RE.sub(replace_html, text) if "<img" in text.lower() else text)
    if declared:
        listed = document.meta.setdefault("images", [])
        if isinstance(listed, list):
            listed.extend(declared.values())
    return "\n".join(out)


def home_images(found):
    """What the report says of them, before the loader writes them: new, or already here."""
    present = {
        str(pk)
        for pk in ImageAsset.objects.filter(pk__in={f.asset_id for f in found})
        .exclude(file="")
        .values_list("pk", flat=True)
    }
    images, seen = [], set()
    for item in found:
        if item.url not in seen:
            seen.add(item.url)
            images.append(HomeImage(item.url, item.asset_id, item.asset_id not in present))
            present.add(item.asset_id)
    return images
