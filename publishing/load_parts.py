"""What loading articles and their parts both needs: image assets, tags, links to the old site."""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.text import slugify

from articles.images import cleaned_upload
from articles.markdown import IMAGE_REF_RE, image_ids
from articles.models import ImageAsset, Tag
from publishing.batches import note_created
from publishing.errors import ContentError


def legacy_bases(site_urls=()):
    """The original site's article address bases: `LEGACY_BLOG_URLS`, and the sites given to
    this import (`--site-url https://www.example.com` → `https://www.example.com/blog/`)."""
    bases = [*settings.LEGACY_BLOG_URLS]
    for url in site_urls:
        url = url.rstrip("/")
        bases.append(f"{url}/" if url.endswith("/blog") else f"{url}/blog/")
    return tuple(dict.fromkeys(bases))


def localise_links(text, known_slugs, bases, made=None):
    """Links to the original site's articles become local links when the article exists here;
    each one made local is added to `made` as (old URL, local path), when given."""
    if not text:
        return text
    for base in bases:
        pattern = re.compile(re.escape(base.rstrip("/")) + r"/([A-Za-z0-9_-]+)/?(?=[)\s\"'#?]|$)")

        def replace(match):
            slug = match.group(1).lower()
            if slug in known_slugs:
                local = reverse("articles:detail", kwargs={"slug": slug})
                if made is not None:
                    made.append((match.group(0), local))
                return local
            return match.group(0)

        text = pattern.sub(replace, text)
    return text


def get_tag(name):
    """The tag of this slug, created (named `name`) when there is none."""
    slug = slugify(name)
    if not slug:
        raise ContentError("tags", f"tag vide ou sans lettre : « {name} ».")
    tag = Tag.objects.filter(slug=slug).first()
    return tag or Tag.objects.create(name=name, slug=slug)


def find_tag(name):
    """The tag a front matter means by `name`: the one of its slug, else one whose name or
    label folds to it (« Revenus » for a tag so renamed in the admin, whose slug stayed
    revenue-ops; « L'Ops » for the tag labelled so), as the admin's tag input picks it; else
    a new tag."""
    slug = slugify(name)
    if slug and not Tag.objects.filter(slug=slug).exists():
        # Tags are few (tens, maybe hundreds): read once per new slug of a run.
        for tag in Tag.objects.only("pk", "name", "slug", "label").order_by("pk"):
            if slug in (slugify(tag.name), slugify(tag.label)):
                return Tag.objects.get(pk=tag.pk)
    return get_tag(name)


def name_site_tag(tag, human):
    """A tag that tags.yml made from its slug takes the name its articles list it by (`Planning
    & organisation`, as an export writes a tag first written so): the next export lists it by
    that name again, not by its slug."""
    if tag.name != tag.slug or human == tag.slug or slugify(human) != tag.slug:
        return
    if Tag.objects.filter(name=human).exclude(pk=tag.pk).exists():
        return
    tag.name = human
    if tag.label == human:
        tag.label = ""  # the name says it: the tag is as it was before its export
    tag.save(update_fields=["name", "label"])


def set_tags(obj, tags, existed):
    """taggit's set() costs a savepoint per tag; a new object just gets its rows inserted."""
    if existed:
        obj.tags.set(tags)
    elif tags:
        through = obj.tags.through
        note_created(
            through.objects.bulk_create([through(content_object=obj, tag=tag) for tag in tags])
        )


def register_images(document, text, declared=None, files=None, stored=None):
    """Every `![alt](<uuid>)` gets an ImageAsset row (a placeholder until its file arrives)."""
    declared, files = declared or {}, files or {}
    alts = {}
    for match in IMAGE_REF_RE.finditer(text or ""):
        alt = match.group(0)[2 : match.group(0).index("](")]
        alts.setdefault(match.group(1).lower(), alt)
    for asset_id in image_ids(text):
        ensure_asset(
            document,
            asset_id,
            alts.get(asset_id, ""),
            declared.get(asset_id),
            files.get(asset_id),
            stored,
        )


class StoredFiles:
    """The files an import wrote to storage (images and their renditions).

    Storage is not transactional: when the rows that name these files are rolled back (a dry
    run, a refused file, a failed run), the files are deleted here, so that nothing is left
    under MEDIA_ROOT or in the bucket that no image refers to.
    """

    def __init__(self):
        self.files = []  # (storage, name)

    def add(self, storage, names):
        self.files += [(storage, name) for name in names]

    def mark(self):
        return len(self.files)

    def undo(self, mark=0):
        """Delete the files written since `mark`."""
        for storage, name in self.files[mark:]:
            storage.delete(name)
        del self.files[mark:]


def ensure_asset(document, asset_id, alt="", values=None, file_path=None, stored=None):
    values = values or {}
    try:
        pk = uuid.UUID(str(asset_id))
    except ValueError:
        document.error(f"identifiant d'image invalide : « {asset_id} ».", "images")
    asset = ImageAsset.objects.filter(pk=pk).first() or ImageAsset(id=pk)
    changed = asset._state.adding
    wrote = False
    for name in ("alt", "caption", "credit"):
        new = values.get(name) or (alt if name == "alt" and not asset.alt else None)
        if new and getattr(asset, name) != str(new):
            setattr(asset, name, str(new))
            changed = True
    if file_path is not None and not asset.file:
        with open(file_path, "rb") as handle:
            try:
                cleaned = cleaned_upload(File(handle))
            except ValidationError as exc:
                raise ContentError(file_path, f"image refusée : {' '.join(exc.messages)}") from exc
        store_file(asset, cleaned, stored)
        changed = wrote = True
    if changed:
        asset.save()
        if wrote and stored is not None:  # renditions, made by the save (articles.lifecycle)
            stored.add(default_storage, [item["name"] for item in asset.renditions or []])
    return asset


def store_file(asset, cleaned, stored=None):
    """Store an imported image's file under its own name (`images/<id>.<ext>`). A file already
    there that no row names was left by a run killed before it committed (storage is not
    transactional: the rows went, the files stayed). It is this image's: kept when its bytes
    are these, replaced when not; never a second copy beside it under a suffixed name."""
    storage = asset.file.storage
    name = asset.file.field.generate_filename(asset, cleaned.name)
    if storage.exists(name) and not ImageAsset.objects.filter(file=name).exists():
        if asset._state.adding:  # the killed run's renditions too: the save makes them anew
            folder = f"renditions/{asset.pk}"
            try:
                _, names = storage.listdir(folder)
            except FileNotFoundError:
                names = []
            for file in names:
                storage.delete(f"{folder}/{file}")
        with storage.open(name, "rb") as handle:
            same = handle.read() == cleaned.read()
        cleaned.seek(0)
        if same:
            asset.file = name  # not this run's to delete on a rollback: it was there before
            return
        storage.delete(name)
    asset.file.save(cleaned.name, cleaned, save=False)
    if stored is not None:
        stored.add(storage, [asset.file.name])
