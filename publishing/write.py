"""Write articles back out as bundles in the canonical format (DESIGN.md)."""

from pathlib import Path

import yaml
from django.utils import timezone

from articles.markdown import image_ids
from articles.models import Article, Author, ImageAsset, Tag

# libyaml's emitter when PyYAML has it (much faster; safe, like safe_dump).
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(meta, body):
    text = yaml.dump(
        meta,
        Dumper=DUMPER,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
    )
    body = body.replace("\r\n", "\n").strip("\n")
    return f"---\n{text}---\n{body}\n" if body else f"---\n{text}---\n"


def _date(value):
    local = timezone.localtime(value)
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        return local.date().isoformat()
    return local.replace(microsecond=0).isoformat()


def _asset_entry(asset):
    entry = {"id": str(asset.pk)}
    for name in ("alt", "caption", "credit"):
        if getattr(asset, name):
            entry[name] = getattr(asset, name)
    if asset.file:
        entry["file"] = image_path(asset)
    return entry


def article_files(article):
    """The bundle of an article as {relative path: text}; also its change fingerprint."""
    return _article_bundle(article)[0]


def _article_bundle(article):
    """(the article's Markdown files, the image assets they refer to)."""
    roles = list(
        article.roles.order_by("order", "pk")
        .prefetch_related("missions", "background", "alternative_titles", "tags")
        .select_related("image", "dedicated_article")
    )
    referenced = image_ids(article.body)
    for role in roles:
        if role.image_id:
            referenced.append(str(role.image_id))
        referenced.extend(image_ids(role.intro))
    if article.hero_image_id:
        referenced.insert(0, str(article.hero_image_id))
    assets = {str(a.pk): a for a in ImageAsset.objects.filter(pk__in=referenced)}
    ordered = list(dict.fromkeys(r for r in referenced if r in assets))

    meta = {"title": article.title, "slug": article.slug}
    if article.author_id:
        meta["author"] = article.author.slug
    for key, value in (("description", article.description), ("excerpt", article.excerpt)):
        if value:
            meta[key] = value
    if article.published_at:
        meta["date"] = _date(article.published_at)
    meta["status"] = article.status
    if article.declared_reading_time:
        meta["read"] = f"{article.declared_reading_time} min"
    if article.force_declared_reading_time:
        meta["force_read"] = True
    if article.hero_image_id:
        meta["image"] = str(article.hero_image_id)
    elif article.hero_image_url:
        meta["image"] = article.hero_image_url
    if article.hero_image_alt:
        meta["image_alt"] = article.hero_image_alt
    if article.hero_image_credit:
        meta["image_credit"] = article.hero_image_credit
    tags = sorted(t.name for t in article.tags.all())
    if tags:
        meta["tags"] = tags
    if ordered:
        meta["images"] = [_asset_entry(assets[i]) for i in ordered]
    # Sorted: PostgreSQL's jsonb does not keep key order, and exports must not depend on it.
    for key, value in sorted((article.front_matter_extra or {}).items()):
        meta.setdefault(key, value)

    files = {"index.md": _dump(meta, article.body)}
    for number, role in enumerate(roles, start=1):
        files[f"roles/{number:02d}-{role.slug}.md"] = _dump(role_meta(role), role.intro)
    return files, [assets[i] for i in ordered]


def role_meta(role):
    meta = {"title": role.title, "slug": role.slug}
    if role.nickname:
        meta["nickname"] = role.nickname
    if role.image_id:
        meta["image"] = str(role.image_id)
    missions = [m.text for m in role.missions.all()]
    if missions:
        meta["missions"] = missions
    background = {}
    items = list(role.background.all())
    for kind, key in (("experience", "experience"), ("certification", "certifications")):
        values = [b.text for b in items if b.kind == kind]
        if values:
            background[key] = values
    if background:
        meta["background"] = background
    titles = []
    for alternative in role.alternative_titles.all():
        entry = {"title": alternative.title}
        if alternative.note:
            entry["note"] = alternative.note
        titles.append(entry)
    if titles:
        meta["alternative_titles"] = titles
    if role.dedicated_article_id:
        meta["dedicated"] = role.dedicated_article.slug
    elif role.dedicated_url:
        meta["dedicated"] = role.dedicated_url
    if role.dedicated_label:
        meta["dedicated_label"] = role.dedicated_label
    tags = sorted(t.name for t in role.tags.all())
    if tags:
        meta["tags"] = tags
    return meta


def site_files(articles):
    authors = {
        a.slug: {"name": a.name, **({"bio": a.bio} if a.bio else {})}
        for a in Author.objects.filter(articles__in=articles).distinct().order_by("slug")
    }
    tags = {
        t.slug: t.display
        for t in Tag.objects.filter(tagged_articles__content_object__in=articles)
        .distinct()
        .order_by("slug")
    }
    dump = lambda data: yaml.dump(  # noqa: E731
        data,
        Dumper=DUMPER,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
    )
    return {"authors.yml": dump(authors), "tags.yml": dump(tags)}


def bundle_files(slugs=None):
    """Every file of an export as (relative path, bytes): site files, then each bundle."""
    articles = Article.objects.select_related("author", "hero_image").order_by("slug")
    if slugs:
        articles = articles.filter(slug__in=slugs)
    for relative, content in site_files(articles).items():
        yield relative, content.encode("utf-8")
    for article in articles:
        files, assets = _article_bundle(article)
        for relative, content in files.items():
            yield f"{article.slug}/{relative}", content.encode("utf-8")
        for asset in assets:
            if asset.file:
                with asset.file.open("rb") as handle:
                    yield f"{article.slug}/{image_path(asset)}", handle.read()


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
