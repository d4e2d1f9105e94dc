"""What every source must be before anything is written, beyond reading it.

Each front-matter key of the type the schema says (a list where a list is expected, a mapping
where a mapping is), every value within the column it fills, each part's files as its kind
checks them (`Kind.bundle`: one role per slug inside an article), and one file per article in a
run. Each problem is a ContentError (or a report entry)
that names the file and the line: `--skip-invalid` leaves that file out and imports the
others, and nothing reaches the database that it would refuse (PostgreSQL checks lengths,
SQLite does not).
"""

import uuid
from types import SimpleNamespace

from django.utils.text import slugify

from articles.models import Article, Author, ImageAsset, Tag
from publishing.errors import ContentError, Message
from publishing.keys import article_keys, check_keys, normalise_meta
from publishing.read import Document, document_slug

IMAGE_TEXTS = ("alt", "caption", "credit")  # an `images:` item's texts, on ImageAsset
IMAGE_KEYS = {"id", "file", *IMAGE_TEXTS}


def limit(model, name):
    return model._meta.get_field(name).max_length


def is_empty(value):
    return value is None or value == "" or value == [] or value == {}


def is_text(value):
    """A YAML scalar read as text (`alt: 2024` is the text « 2024 »)."""
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def check_source(source):
    """The source, once its article and its parts are checked; a ContentError naming the file,
    the line and what to do at the first problem."""
    document = source.document
    known, _ = normalise_meta(document)
    # The article's keys under their own names (synonyms mapped), its warnings its own.
    article = Document(document.path, meta=known, lines=document.lines, warnings=document.warnings)
    check_keys(article, article_keys(), Article)
    slug = document_slug(document)
    if len(slug) > limit(Article, "slug"):
        article.error(
            f"adresse (slug) de {len(slug)} caractères, {limit(Article, 'slug')} au plus : "
            "donnez un « slug » plus court.",
            "slug",
        )
    author = slugify(article.text("author"))
    if len(author) > limit(Author, "slug"):
        article.error(
            f"« author » de {len(author)} caractères, {limit(Author, 'slug')} au plus : "
            "donnez l'identifiant de l'auteur.",
            "author",
        )
    check_tags(article)
    check_images(article)
    for kind, documents in source.part_kinds():
        kind.bundle.check(documents, CHECK_TOOLS)
    return source


def check_tags(document):
    for name in document.list("tags"):
        slug = slugify(name)
        if not slug:
            document.error(f"tag vide ou sans lettre : « {name} ».", "tags")
        longest = min(limit(Tag, "name"), limit(Tag, "label"), limit(Tag, "slug"))
        if max(len(name), len(slug)) > longest:
            document.error(
                f"tag « {name[:40]}… » de {len(name)} caractères, {longest} au plus : "
                "raccourcissez-le.",
                "tags",
            )


def check_images(document):
    """`images:`: a list of images, each an `id` and texts within their columns."""
    value = document.meta.get("images")
    if is_empty(value):
        return
    if not isinstance(value, list):
        document.error(
            "« images » doit être une liste d'images (chacune : id, et alt, caption ou credit).",
            "images",
        )
    for item in value:
        if not isinstance(item, dict) or not is_text(item.get("id")):
            document.error(
                "chaque élément de « images » doit être une image avec son « id » (et alt, "
                f"caption ou credit) : « {str(item)[:60]} ».",
                "images",
            )
        try:
            uuid.UUID(str(item["id"]))
        except ValueError:
            document.error(f"identifiant d'image invalide : « {item['id']} ».", "images")
        for name in IMAGE_TEXTS:
            text = item.get(name)
            if text is None:
                continue
            if not is_text(text):
                document.error(f"image {item['id']} : « {name} » doit être un texte.", "images")
            if len(str(text)) > limit(ImageAsset, name):
                document.error(
                    f"image {item['id']} : « {name} » de {len(str(text))} caractères, "
                    f"{limit(ImageAsset, name)} au plus : raccourcissez-le.",
                    "images",
                )
        for name in sorted(set(item) - IMAGE_KEYS):
            document.warn(f"image {item['id']} : clé « {name} » inconnue, ignorée.", "images")


def refuse_shared_slugs(sources, report):
    """The sources left once those that would fill one article together are left out, each
    named in the report with the others: loading them all would keep only the last, and every
    run would write it again. The same file given twice is read once."""
    groups = {}  # slug -> {file: source}
    for source in sources:
        group = groups.setdefault(document_slug(source.document), {})
        group.setdefault(source.path.resolve(), source)
    for slug, group in groups.items():
        for source in group.values() if len(group) > 1 else ():
            others = ", ".join(f"« {o.path} »" for o in group.values() if o is not source)
            report.skip(
                source.path,
                Message(
                    str(source.path),
                    f"même article (slug « {slug} ») que {others} : un seul fichier par article. "
                    "Changez le « slug » (ou le titre) de l'un d'eux, ou retirez l'un d'eux de "
                    "l'import.",
                    source.document.lines.get("slug"),
                ),
            )
    kept = {id(s) for group in groups.values() if len(group) == 1 for s in group.values()}
    return [source for source in sources if id(source) in kept]


# What a part's bundle checks its files with (`Kind.bundle.check(documents, CHECK_TOOLS)`).
CHECK_TOOLS = SimpleNamespace(
    check_keys=check_keys,
    check_tags=check_tags,
    is_empty=is_empty,
    is_text=is_text,
    limit=limit,
    ContentError=ContentError,
)
