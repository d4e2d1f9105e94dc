"""Write articles back out as bundles in the canonical format (DESIGN.md).

The front matter is built by walking the schema in order: a plain key is its field's value, a
key with a kind is what that kind's writer below returns (None: the key is left out).
"""

from pathlib import Path
from types import SimpleNamespace

import frontmatter
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from articles import registry, schema
from articles.markdown import image_ids
from articles.models import Article, Author, ImageAsset, Redirect, Tag
from publishing.front_matter import FrontMatterHandler
from publishing.keys import run_kinds

HANDLER = FrontMatterHandler()


def _dump(meta, body):
    post = frontmatter.Post(body)
    post.metadata = meta  # not Post(body, **meta): keys may be named `content` or `handler`
    return frontmatter.dumps(post, handler=HANDLER)


def schema_meta(keys, obj, writers, context=None):
    """The front matter of `obj`, key by key in the schema's order."""
    meta = {}
    for key in keys:
        if not key.written:
            continue
        if key.kind is not None:
            value = writers[key.kind](obj, context)
        elif key.type == schema.FLAG:
            value = True if getattr(obj, key.field) else None
        else:
            value = getattr(obj, key.field)
            value = value if value or key.required else None
        if value is not None:
            meta[key.name] = value
    return meta


def _date(value):
    local = timezone.localtime(value)
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        return local.date().isoformat()
    return local.replace(microsecond=0).isoformat()


def asset_entry(asset, path=None):
    """An image as a bundle's `images` list gives it: its id, its texts, its file (at
    `path(asset)`, the article bundle's images folder unless told)."""
    entry = {"id": str(asset.pk)}
    for name in ("alt", "caption", "credit"):
        if getattr(asset, name):
            entry[name] = getattr(asset, name)
    if asset.file:
        entry["file"] = (path or image_path)(asset)
    return entry


def article_files(article):
    """The bundle of an article as {relative path: text}; also its change fingerprint."""
    return _article_bundle(article)[0]


def _article_bundle(article):
    """(the article's Markdown files, the image assets they refer to)."""
    parts = [kind.bundle.files(article, WRITE_TOOLS) for kind in bundled_parts()]
    referenced = image_ids(article.body)
    for _, part_images in parts:
        referenced.extend(part_images)
    if article.hero_image_id:
        referenced.insert(0, str(article.hero_image_id))
    assets = {str(a.pk): a for a in ImageAsset.objects.filter(pk__in=referenced)}
    ordered = list(dict.fromkeys(r for r in referenced if r in assets))

    meta = schema_meta(
        schema.ARTICLE_KEYS, article, ARTICLE_WRITERS, [asset_entry(assets[i]) for i in ordered]
    )
    for kind in run_kinds():  # the keys a kind adds to an article's file
        meta.update(kind.import_run.front_matter(article))
    # Sorted: PostgreSQL's jsonb does not keep key order, and exports must not depend on it.
    for key, value in sorted((article.front_matter_extra or {}).items()):
        meta.setdefault(key, _sorted(value))

    files = {"index.md": _dump(meta, article.body)}
    for part_files, _ in parts:  # each part's files, in its kind's order: `roles/01-….md`
        for relative, part_meta, body in part_files:
            files[relative] = _dump(part_meta, body)
    return files, [assets[i] for i in ordered]


def bundled_parts():
    """The kinds of parts an article's bundle carries (`Kind.bundle`)."""
    return registry.kind_of(Article).bundled_parts()


def _sorted(value):
    """Mappings inside an extra key sorted too (`seo: {canonical, noindex}`), at any depth."""
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted(item) for item in value]
    return value


def _hero_image(article, _):
    if article.hero_image_id:
        return str(article.hero_image_id)
    return article.hero_image_url or None


def tag_text(tag):
    """How front matter names a tag: its name (« Planning & organisation », as it was first
    written), or its slug when the name no longer folds to it (renamed in the admin), so that
    an import finds this very tag again."""
    return tag.name if slugify(tag.name) == tag.slug else tag.slug


def _tags(obj, _):
    return sorted(tag_text(t) for t in obj.tags.all()) or None


ARTICLE_WRITERS = {
    schema.SLUG: lambda article, _: article.slug,
    schema.AUTHOR: lambda article, _: article.author.slug if article.author_id else None,
    # `date: ''`: no date at all (a draft whose date was cleared), not « now » on import.
    schema.DATE: lambda article, _: _date(article.published_at) if article.published_at else "",
    schema.STATUS: lambda article, _: article.status,
    schema.UNPUBLISH: lambda article, _: (
        _date(article.unpublish_at) if article.unpublish_at else None
    ),
    schema.MINUTES: lambda article, _: (
        f"{article.declared_reading_time} min" if article.declared_reading_time else None
    ),
    schema.HERO_IMAGE: _hero_image,
    schema.TAGS: _tags,
    schema.IMAGES: lambda article, images: images or None,
}
# What a part's bundle writes its files with (`Kind.bundle.files(article, WRITE_TOOLS)`).
WRITE_TOOLS = SimpleNamespace(
    schema_meta=schema_meta, tags=_tags, dump=_dump, date=_date, asset_entry=asset_entry
)


def site_files(articles, everything=True):
    """`authors.yml`, `tags.yml` (the tags of the articles and of their parts) and, when there
    are any, `redirects.yml`: every redirect for a whole export, else those that lead to the
    exported articles' pages."""
    authored = Q(articles__in=articles)
    if everything:  # and the authors other kinds name (a case study's team)
        for kind in registry.bundled_kinds():
            authored |= kind.bundle.authored()
    authors = {
        a.slug: {"name": a.name, **({"bio": a.bio} if a.bio else {})}
        for a in Author.objects.filter(authored).distinct().order_by("slug")
    }
    tagged = Q(tagged_articles__content_object__in=articles)
    for kind in bundled_parts():
        tagged |= kind.bundle.tagged_with(articles)
    tags = {t.slug: t.display for t in Tag.objects.filter(tagged).distinct().order_by("slug")}
    files = {"authors.yml": HANDLER.export(authors), "tags.yml": HANDLER.export(tags)}
    for kind in run_kinds():  # a kind's own files beside them
        files.update(kind.import_run.site_files(articles, everything))
    redirects = Redirect.objects.order_by("old_path")
    if not everything:
        addresses = Q(pk__in=[])
        for article in articles:
            addresses |= Q(new_path__startswith=article.get_absolute_url())
        redirects = redirects.filter(addresses)
    redirects = dict(redirects.values_list("old_path", "new_path"))
    if redirects:
        files["redirects.yml"] = HANDLER.export(redirects)
    return files


def bundle_files(slugs=None):
    """Every file of an export as (relative path, bytes): site files, then each bundle."""
    articles = Article.objects.select_related("author", "hero_image").order_by("slug")
    if slugs:
        articles = articles.filter(slug__in=slugs)
    for relative, content in site_files(articles, everything=not slugs).items():
        # A kind's own files may be images (a series' image): bytes as they are.
        yield relative, content if isinstance(content, bytes) else content.encode("utf-8")
    for article in articles:
        files, assets = _article_bundle(article)
        for relative, content in files.items():
            yield f"{article.slug}/{relative}", content.encode("utf-8")
        for asset in assets:
            if asset.file:
                with asset.file.open("rb") as handle:
                    yield f"{article.slug}/{image_path(asset)}", handle.read()
    if not slugs:
        yield from other_files()


def other_files():
    """The files of the other kinds (`articles.registry.bundled_kinds`: case studies), each
    under `<its kind's folder>/<slug>/`, beside the articles' bundles."""
    for kind in registry.bundled_kinds():
        for obj in kind.bundle.exported():
            files, assets = kind.bundle.files(obj, WRITE_TOOLS)
            base = f"{kind.bundle.folder}/{obj.slug}"
            for relative, content in files.items():
                yield f"{base}/{relative}", content.encode("utf-8")
            for asset in assets:
                if asset.file:
                    with asset.file.open("rb") as handle:
                        yield f"{base}/{image_path(asset)}", handle.read()


def image_path(asset):
    return f"images/{asset.pk}{Path(asset.file.name).suffix.lower()}"


def export_articles(outdir, slugs=None):
    """Write bundles under `outdir`; return the paths written. Nothing is written outside it."""
    outdir = Path(outdir).resolve()
    return [_write(outdir, relative, data) for relative, data in bundle_files(slugs)]


def _write(outdir, relative, data):
    target = (outdir / relative).resolve()
    if not target.is_relative_to(outdir):
        raise ValueError(f"refus d'écrire hors du dossier d'export : {target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target
