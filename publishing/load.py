"""Load documents into the database: update_or_create on stable keys, so loads are idempotent."""

import uuid
from dataclasses import dataclass, field

from django.core.files import File
from django.db import transaction
from django.utils.text import slugify

from articles.markdown import IMAGE_REF_RE, image_ids
from articles.models import Article, Author, ImageAsset, Tag
from publishing.errors import ContentError
from publishing.read import (
    as_datetime,
    as_list,
    as_minutes,
    as_text,
    find_bundles,
    read_bundle,
    read_site_file,
)
from publishing.write import article_files
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role

# Front-matter keys the model knows, with their synonyms from other tools' schemas.
ARTICLE_KEYS = {
    "title", "slug", "author", "description", "excerpt", "date", "status", "draft", "read",
    "force_read", "image", "image_alt", "image_credit", "tags", "images",
}  # fmt: skip
SYNONYMS = {"exerpt": "excerpt", "summary": "excerpt", "publishDate": "date", "categories": "tags"}


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def summary(self):
        return (
            f"{len(self.created)} créé(s), {len(self.updated)} mis à jour, "
            f"{len(self.unchanged)} inchangé(s), {len(self.warnings)} avertissement(s)"
        )


def import_paths(paths, *, dry_run=False, status=None):
    """Import every bundle under `paths` in one transaction; a dry run rolls it back."""
    bundles, roots = find_bundles(paths)
    documents = [read_bundle(bundle) for bundle in bundles]
    report = Report()
    with transaction.atomic():
        for root in roots:
            load_authors(read_site_file(root / "authors.yml"), root / "authors.yml")
            load_tags(read_site_file(root / "tags.yml"), root / "tags.yml")
        for document in documents:
            load_article(document, report, status=status)
            report.warnings.extend(document.warnings)
        if dry_run:
            transaction.set_rollback(True)
    return report


def load_authors(data, path):
    for slug, values in data.items():
        values = values if isinstance(values, dict) else {"name": values}
        name = as_text(values.get("name"), f"{slug}.name", path) or str(slug)
        Author.objects.update_or_create(
            slug=slugify(str(slug)),
            defaults={"name": name, "bio": as_text(values.get("bio"), f"{slug}.bio", path)},
        )


def load_tags(data, path):
    for slug, label in data.items():
        tag = get_tag(str(slug))
        label = as_text(label, str(slug), path)
        if tag.label != label:
            tag.label = label
            tag.save(update_fields=["label"])


def get_tag(name):
    slug = slugify(name)
    tag = Tag.objects.filter(slug=slug).first()
    return tag or Tag.objects.create(name=name, slug=slug)


def get_author(value, path):
    slug = slugify(as_text(value, "author", path))
    if not slug:
        return None
    author, _ = Author.objects.get_or_create(
        slug=slug, defaults={"name": slug.replace("-", " ").title()}
    )
    return author


def normalise_meta(meta):
    """Map synonyms to the keys the model knows; keep unknown keys aside."""
    known, extra = {}, {}
    for key, value in meta.items():
        key = SYNONYMS.get(key, key)
        if key in ARTICLE_KEYS:
            known.setdefault(key, value)
        else:
            extra[key] = value
    return known, extra


def register_images(text, declared=None, files=None):
    """Make sure every `![alt](<uuid>)` has an ImageAsset row (a placeholder if need be)."""
    declared = declared or {}
    files = files or {}
    alts = {}
    for match in IMAGE_REF_RE.finditer(text or ""):
        alt = match.group(0)[2 : match.group(0).index("](")]
        alts.setdefault(match.group(1).lower(), alt)
    for asset_id in image_ids(text):
        ensure_asset(asset_id, alts.get(asset_id, ""), declared.get(asset_id), files.get(asset_id))


def ensure_asset(asset_id, alt="", values=None, file_path=None):
    values = values or {}
    asset = ImageAsset.objects.filter(pk=asset_id).first()
    if asset is None:
        asset = ImageAsset(id=uuid.UUID(asset_id))
    changed = asset._state.adding
    for name in ("alt", "caption", "credit"):
        new = values.get(name) or (alt if name == "alt" and not asset.alt else None)
        if new and getattr(asset, name) != new:
            setattr(asset, name, new)
            changed = True
    if file_path is not None and not asset.file:
        with open(file_path, "rb") as handle:
            asset.file.save(file_path.name, File(handle), save=False)
        changed = True
    if changed:
        asset.save()
    return asset


def load_article(document, report, status=None):
    """Create or update one article; when its bundle would not change, leave every row untouched."""
    existing = Article.objects.filter(slug=document.slug).first()
    before = article_files(existing) if existing else None
    savepoint = transaction.savepoint()
    article = _write_article(document, existing, status)
    after = article_files(Article.objects.get(pk=article.pk))
    label = f"{document.slug} ({len(document.roles)} rôle(s))"
    if before is None:
        report.created.append(label)
    elif before != after:
        report.updated.append(label)
    else:
        # Same content: undo the rewrite so ids, timestamps and rows stay exactly as they were.
        transaction.savepoint_rollback(savepoint)
        report.unchanged.append(label)
        return existing
    transaction.savepoint_commit(savepoint)
    return article


def _write_article(document, existing, status):
    path = document.path
    meta, extra = normalise_meta(document.meta)
    slug = document.slug
    declared_images = {}
    for item in meta.get("images") or []:
        if isinstance(item, dict) and item.get("id"):
            declared_images[str(item["id"]).lower()] = item
    for asset_id, values in declared_images.items():
        ensure_asset(asset_id, values=values, file_path=document.image_files.get(asset_id))
    register_images(document.body, declared_images, document.image_files)

    article = existing or Article(slug=slug)
    article.title = as_text(meta.get("title"), "title", path, required=True)
    article.author = get_author(meta.get("author"), path)
    article.description = as_text(meta.get("description"), "description", path)
    article.excerpt = as_text(meta.get("excerpt"), "excerpt", path)
    article.published_at = as_datetime(meta.get("date"), "date", path) or article.published_at
    article.status = status or file_status(meta, path) or article.status or Article.Status.PUBLISHED
    if existing is None and status is None and not file_status(meta, path):
        article.status = Article.Status.PUBLISHED
    article.declared_reading_time = as_minutes(meta.get("read"), "read", path)
    article.force_declared_reading_time = bool(meta.get("force_read", False))
    set_hero(article, meta, path, document)
    article.body = document.body
    article.front_matter_extra = extra
    article.save()
    article.tags.set([get_tag(name) for name in as_list(meta.get("tags"), "tags", path)])

    kept = []
    for position, role_document in enumerate(document.roles, start=1):
        kept.append(load_role(article, role_document, position, document).pk)
    for role in article.roles.exclude(pk__in=kept):
        role.delete()

    article.refresh_reading_time()
    return article


def file_status(meta, path):
    if "draft" in meta:
        return (
            Article.Status.DRAFT
            if meta["draft"] in (True, "true", "yes")
            else (Article.Status.PUBLISHED)
        )
    value = as_text(meta.get("status"), "status", path).lower()
    if not value:
        return None
    if value in {"published", "publié", "publie"}:
        return Article.Status.PUBLISHED
    if value in {"draft", "brouillon"}:
        return Article.Status.DRAFT
    raise ContentError(path, f"statut inconnu « {value} » : utilisez published ou draft.")


def set_hero(article, meta, path, document):
    image = as_text(meta.get("image"), "image", path)
    article.hero_image = None
    article.hero_image_url = ""
    article.hero_image_alt = as_text(meta.get("image_alt"), "image_alt", path)
    article.hero_image_credit = as_text(meta.get("image_credit"), "image_credit", path)
    if not image:
        return
    try:
        asset_id = str(uuid.UUID(image.strip("<>")))
    except ValueError:
        if not image.startswith(("http://", "https://")):
            raise ContentError(
                path,
                f"« image » doit être une adresse http(s) ou l'identifiant d'une image : {image}",
            ) from None
        article.hero_image_url = image
        return
    article.hero_image = ensure_asset(
        asset_id, article.hero_image_alt, file_path=document.image_files.get(asset_id)
    )


def load_role(article, document, position, article_document):
    path = document.path
    meta = document.meta
    title = as_text(meta.get("title"), "title", path, required=True)
    slug = slugify(as_text(meta.get("slug"), "slug", path) or title)
    role = article.roles.filter(slug=slug).first() or Role(article=article, slug=slug)
    role.order = position
    role.title = title
    role.nickname = as_text(meta.get("nickname"), "nickname", path)
    image = as_text(meta.get("image"), "image", path)
    role.image = (
        ensure_asset(
            image.strip("<>").lower(),
            title,
            file_path=article_document.image_files.get(image.strip("<>").lower()),
        )
        if image
        else None
    )
    role.intro = document.body
    register_images(document.body, files=article_document.image_files)
    set_dedicated(role, meta, path)
    role.save()
    role.tags.set([get_tag(name) for name in as_list(meta.get("tags"), "tags", path)])

    role.missions.all().delete()
    for index, text in enumerate(as_list(meta.get("missions"), "missions", path), start=1):
        Mission.objects.create(role=role, position=index, text=text)
    role.background.all().delete()
    background = meta.get("background") or {}
    if not isinstance(background, dict):
        raise ContentError(path, "« background » doit contenir experience et certifications.")
    for kind, key in (
        (BackgroundItem.Kind.EXPERIENCE, "experience"),
        (BackgroundItem.Kind.CERTIFICATION, "certifications"),
    ):
        for index, text in enumerate(as_list(background.get(key), key, path), start=1):
            BackgroundItem.objects.create(role=role, kind=kind, position=index, text=text)
    role.alternative_titles.all().delete()
    for index, item in enumerate(meta.get("alternative_titles") or [], start=1):
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, dict) or not item.get("title"):
            raise ContentError(path, "chaque « alternative_titles » demande un « title ».")
        AlternativeTitle.objects.create(
            role=role,
            position=index,
            title=as_text(item["title"], "title", path),
            note=as_text(item.get("note"), "note", path),
        )
    return role


def set_dedicated(role, meta, path):
    value = as_text(meta.get("dedicated"), "dedicated", path)
    role.dedicated_article = None
    role.dedicated_url = ""
    role.dedicated_label = as_text(meta.get("dedicated_label"), "dedicated_label", path)
    if not value:
        return
    if value.startswith(("http://", "https://")):
        role.dedicated_url = value
        return
    target = Article.objects.filter(slug=slugify(value)).first()
    if target is None:
        raise ContentError(path, f"article dédié introuvable : « {value} ».")
    role.dedicated_article = target
