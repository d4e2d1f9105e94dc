"""Load the role documents of an article: plain keys through the schema, then the kinds."""

import re

from django.utils.text import slugify

from articles import schema
from articles.links import article_slug_of
from articles.markdown import MarkdownTooComplex, check_complexity
from articles.models import Article
from publishing.batches import note_created
from publishing.keys import assign_plain
from publishing.load_parts import ensure_asset, register_images, set_tags
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role

# The kinds of ROLE_KEYS this module reads (a test keeps it equal to the schema's).
LOADED_KINDS = {
    schema.SLUG, schema.ROLE_IMAGE, schema.ROLE_IMAGE_ALT, schema.MISSIONS, schema.BACKGROUND,
    schema.ALTERNATIVE_TITLES, schema.DEDICATED, schema.TAGS,
}  # fmt: skip

# The front-matter key each kind of role item comes from.
ITEM_KEYS = {
    Mission: "missions",
    BackgroundItem: "background",
    AlternativeTitle: "alternative_titles",
}

# A dedicated article named by its bare slug.
SLUG_RE = re.compile(r"[a-z0-9-]+")


def load_role(article, document, position, files, context, current):
    title = document.text("title", required=True)
    slug = slugify(document.text("slug") or title)
    role = current.get(slug) or Role(article=article, slug=slug)
    role.skip_history_when_saving = True  # recorded in bulk by write_article
    adding = role._state.adding
    role.order = position
    assign_plain(role, document, schema.ROLE_KEYS, Role)
    image = document.text("image").strip("<>").lower()
    role.image = (
        ensure_asset(
            document,
            image,
            document.text("image_alt") or title,
            file_path=files.get(image),
            stored=context.stored,
        )
        if image
        else None
    )
    role.intro = context.localise(document.body, document, role=slug)
    try:
        check_complexity(role.intro)
    except MarkdownTooComplex as exc:
        document.error(f"texte du rôle refusé : {exc}")
    register_images(document, document.body, files=files, stored=context.stored)
    set_dedicated(role, document, context)
    items = role_items(role, document, context)
    try:
        role.save()  # indexed with its items once the import commits
    except MarkdownTooComplex as exc:  # within the limits, but too deep for the parser
        document.error(f"texte du rôle refusé : {exc}")
    set_tags(role, context.tag_list(document.list("tags")), not adding)
    return role, items


def role_items(role, document, context):
    """The missions, background items and alternative titles of a role, unsaved."""

    def localise(text, key):
        return context.localise(str(text).strip(), document, key, role=role.slug)

    items = [
        Mission(role=role, position=n, text=localise(text, "missions"))
        for n, text in enumerate(document.list("missions"), start=1)
    ]
    background = document.meta.get("background") or {}
    if not isinstance(background, dict):
        document.error(
            "« background » doit contenir les listes experience et certifications.", "background"
        )
    for kind, key in (
        (BackgroundItem.Kind.EXPERIENCE, "experience"),
        (BackgroundItem.Kind.CERTIFICATION, "certifications"),
    ):
        for n, text in enumerate(document.list(key, background), start=1):
            items.append(
                BackgroundItem(
                    role=role,
                    kind=kind,
                    position=n,
                    text=localise(text, "background"),
                )  # fmt: skip
            )
    alternatives = document.meta.get("alternative_titles") or []
    if not isinstance(alternatives, list):
        document.error("« alternative_titles » doit être une liste.", "alternative_titles")
    for n, item in enumerate(alternatives, start=1):
        item = {"title": item} if isinstance(item, str) else item
        if not isinstance(item, dict) or not item.get("title"):
            document.error(
                "chaque élément de « alternative_titles » demande un « title ».",
                "alternative_titles",
            )
        note = localise(item.get("note") or "", "alternative_titles")
        separator = str(item.get("separator") or "").strip()
        items.append(
            AlternativeTitle(
                role=role,
                position=n,
                title=str(item["title"]).strip(),
                note=note,
                separator=separator,
            )
        )
    for item in items:  # refused here, with the file and line, rather than when saved
        if error := item.source_error():
            key = ITEM_KEYS[type(item)]
            document.error(f"« {key} » refusé : {error}", key)
    return items


def save_role_items(roles, items):
    """Replace the items of these roles: one delete and one insert per kind, for all of them
    (each rendered as its own save would, since bulk inserts skip it)."""
    for item in items:
        item.render()
    existing = [role.pk for role in roles if role.pk]
    for model in (Mission, BackgroundItem, AlternativeTitle):
        if existing:
            model.objects.filter(role__in=existing).delete()
        note_created(model.objects.bulk_create([item for item in items if type(item) is model]))


def set_dedicated(role, document, context):
    value = document.text("dedicated")
    role.dedicated_article = None
    role.dedicated_url = ""
    if not value:
        return
    local = context.localise(value)
    target_slug = article_slug_of(local) or (local if SLUG_RE.fullmatch(local) else None)
    if target_slug:
        target_slug = target_slug.lower()
        target = Article.objects.filter(slug=target_slug).first()
        if target is None and target_slug in context.known_slugs:
            context.pending.append((role, target_slug, document))  # loaded later in this run
            return
        if target is None:
            document.error(
                f"article dédié « {value} » introuvable : importez-le ou donnez une adresse "
                "http(s).",
                "dedicated",
            )
        role.dedicated_article = target
        return
    if not value.startswith(("http://", "https://")):
        document.error(
            f"« dedicated » doit être un slug d'article ou une adresse http(s) : « {value} ».",
            "dedicated",
        )
    role.dedicated_url = value
