"""What loading an article reads from its front matter into fields of its own: its status,
author and hero, the redirect from its old capitals, and how its parts changed."""

import re
import uuid

from django.urls import reverse
from django.utils.text import slugify

from articles.models import Article, Author, Redirect
from publishing.batches import note_rows
from publishing.load_parts import ensure_asset
from publishing.read import old_address
from publishing.report import CREATED, REMOVED, UNCHANGED, UPDATED


def keep_old_address(document, article):
    """`/blog/Comprendre-RevOps` (the old site's address, capitals included) leads to the
    article, with or without its final slash. Returns the redirects it created."""
    old = old_address(document)
    if old is None:
        return []
    path, new_path = reverse("articles:detail", kwargs={"slug": old}), article.get_absolute_url()
    created = []
    for old_path in (path, path.rstrip("/")):
        if not Redirect.objects.filter(old_path=old_path, new_path=new_path).exists():
            note_rows(Redirect.objects.filter(new_path=old_path))  # chains it collapses
            Redirect.record_move(old_path, new_path)
            created.append((old_path, new_path))
    return created


def part_changes(before, after, folders):
    """[(slug, status)] of the parts whose files are under `folders` (`roles/01-coach.md`), from
    the article's files before and after its import."""
    pattern = re.compile(rf"^(?:{'|'.join(map(re.escape, folders))})/\d+-|\.md$")

    def parts(files):
        return {
            pattern.sub("", name): text
            for name, text in (files or {}).items()
            if name.startswith(tuple(f"{folder}/" for folder in folders))
        }

    old, new = parts(before), parts(after)
    changes = []
    for slug, text in new.items():
        if slug not in old:
            changes.append((slug, CREATED))
        else:
            changes.append((slug, UNCHANGED if old[slug] == text else UPDATED))
    changes.extend((slug, REMOVED) for slug in old if slug not in new)
    return changes


def file_status(document):
    if "draft" in document.meta:
        return Article.Status.DRAFT if document.flag("draft") else Article.Status.PUBLISHED
    value = document.text("status").lower()
    if not value:
        return None
    if value in {"published", "publié", "publie", "publish"}:
        return Article.Status.PUBLISHED
    if value in {"draft", "brouillon"}:
        return Article.Status.DRAFT
    document.error(f"statut inconnu « {value} » : utilisez published ou draft.", "status")


def get_author(document, cache):
    slug = slugify(document.text("author"))
    if not slug:
        return None
    if slug not in cache:
        cache[slug], _ = Author.objects.get_or_create(
            slug=slug, defaults={"name": slug.replace("-", " ").title()}
        )
    return cache[slug]


def set_hero(article, document, files, stored=None):
    image = document.text("image")
    article.hero_image = None
    article.hero_image_url = ""
    if not image:
        return
    try:
        asset_id = str(uuid.UUID(image.strip("<>")))
    except ValueError:
        if not image.startswith(("http://", "https://")):
            document.error(
                "« image » doit être une adresse http(s) ou l'identifiant d'une image : "
                f"« {image} ».",
                "image",
            )
        article.hero_image_url = image
        return
    article.hero_image = ensure_asset(
        document, asset_id, article.hero_image_alt, file_path=files.get(asset_id), stored=stored
    )
