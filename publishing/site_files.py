"""The site files beside the articles: `authors.yml`, `tags.yml` and `redirects.yml`, read and
checked against the models' limits before anything is written, then loaded."""

from django.utils.text import slugify

from articles.models import Author, Tag
from publishing.errors import ContentError
from publishing.load_parts import get_tag
from publishing.read import read_site_file
from publishing.site_redirects import load_redirects, read_redirects


def read_site_files(root):
    """`authors.yml`, `tags.yml` and `redirects.yml` read and checked against the models'
    limits, before anything is written: [(slug, name, bio)], [(slug, label)], [SiteRedirect]."""
    path = root / "authors.yml"
    data, lines = read_site_file(path)
    authors = []
    for key, values in data.items():
        values = values if isinstance(values, dict) else {"name": values}
        slug = site_slug(path, key, lines, Author._meta.get_field("slug").max_length)
        name = site_text(path, key, lines, "name", values.get("name") or key, AUTHOR_LIMITS)
        bio = site_text(path, key, lines, "bio", values.get("bio") or "", AUTHOR_LIMITS)
        authors.append((slug, name, bio))
    path = root / "tags.yml"
    data, lines = read_site_file(path)
    tags = []
    limits = {"label": Tag._meta.get_field("label").max_length}
    for key, label in data.items():
        slug = site_slug(path, key, lines, Tag._meta.get_field("slug").max_length)
        tags.append((str(key), site_text(path, key, lines, "label", label, limits)))
    return authors, tags, read_redirects(root)


AUTHOR_LIMITS = {
    "name": Author._meta.get_field("name").max_length,
    "bio": Author.BIO_MAX_LENGTH,
}


def site_slug(path, key, lines, limit):
    slug = slugify(str(key))
    if not slug or len(str(key)) > limit:
        raise ContentError(
            path,
            f"identifiant « {str(key)[:40]} » invalide : il faut des lettres ou des chiffres, "
            f"{limit} caractères au plus.",
            lines.get(key),
        )
    return slug


def site_text(path, key, lines, name, value, limits):
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ContentError(
            path, f"« {key} » : {name} doit être un texte, pas une liste.", lines.get(key)
        )
    text = str(value).strip()
    if len(text) > limits[name]:
        raise ContentError(
            path,
            f"« {key} » : {name} trop long ({len(text)} caractères, maximum {limits[name]}) ; "
            "raccourcissez-le.",
            lines.get(key),
        )
    return text


def load_site_files(authors, tags, redirects=()):
    """Write what the site files say; return the slugs of the tags this created."""
    for slug, name, bio in authors:
        Author.objects.update_or_create(slug=slug, defaults={"name": name, "bio": bio})
    known = set(
        Tag.objects.filter(slug__in=[slugify(s) for s, _ in tags]).values_list("slug", flat=True)
    )
    for slug, label in tags:
        tag = get_tag(slug)
        label = "" if label == tag.name else label  # `ops: ops`: the name says it already
        if tag.label != label:
            tag.label = label
            tag.save(update_fields=["label"])
    load_redirects(redirects)
    return {slugify(slug) for slug, _ in tags} - known
