"""Load the role documents of an article: plain keys through the schema, then the kinds.

Publishing calls it through the role kind's bundle (`roles.bundle`), inside its run, with the
tools it lends (`publishing.load.LOAD_TOOLS`: image assets, tags, plain keys, the rows it
records to undo a run) and its run's context (`publishing.load_context.LoadContext`).
"""

import re

from django.utils.text import slugify

from articles import schema
from articles.links import article_slug_of
from articles.markdown import MarkdownTooComplex, check_complexity
from articles.models import Article
from roles import schema as role_schema
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role

# The kinds of ROLE_KEYS this module reads (a test keeps it equal to the schema's).
LOADED_KINDS = {
    schema.SLUG, role_schema.ROLE_IMAGE, role_schema.ROLE_IMAGE_ALT, role_schema.MISSIONS,
    role_schema.BACKGROUND, role_schema.ALTERNATIVE_TITLES, role_schema.DEDICATED, schema.TAGS,
}  # fmt: skip

# The front-matter key each kind of role item comes from.
ITEM_KEYS = {
    Mission: "missions",
    BackgroundItem: "background",
    AlternativeTitle: "alternative_titles",
}

# A dedicated article named by its bare slug.
SLUG_RE = re.compile(r"[a-z0-9-]+")


def load_roles(article, documents, files, context, tools, existed):
    """Create or update the roles of `article` from its documents, in their order, with their
    items; returns them (`record_roles` makes their revisions once the article has its own)."""
    current = {role.slug: role for role in article.roles.all()} if existed else {}
    roles, items = [], []
    for position, document in enumerate(documents, start=1):
        role, role_items_list = load_role(
            article, document, position, files, context, current, tools
        )
        roles.append(role)
        items.extend(role_items_list)
    save_role_items(roles, items, tools)
    return roles, current


def record_roles(loaded, existed, tools):
    """One revision for each role, as a save would make, in one insert; the roles the files no
    longer hold are deleted."""
    roles, current = loaded
    if roles:
        tools.note_created(Role.history.bulk_history_create(roles, update=existed))
    kept = {role.pk for role in roles}
    for role in current.values():
        if role.pk not in kept:
            role.delete()


def load_role(article, document, position, files, context, current, tools):
    title = document.text("title", required=True)
    slug = slugify(document.text("slug") or title)
    role = current.get(slug) or Role(article=article, slug=slug)
    role.skip_history_when_saving = True  # recorded in bulk by write_article
    adding = role._state.adding
    role.order = position
    tools.assign_plain(role, document, role_schema.ROLE_KEYS, Role)
    image = document.text("image").strip("<>").lower()
    role.image = (
        tools.ensure_asset(
            document,
            image,
            document.text("image_alt") or title,
            file_path=files.get(image),
            stored=context.stored,
        )
        if image
        else None
    )
    role.intro = context.localise(document.body, document, page=Role.path_for(article.slug, slug))
    try:
        check_complexity(role.intro)
    except MarkdownTooComplex as exc:
        document.error(f"texte du rôle refusé : {exc}")
    tools.register_images(document, document.body, files=files, stored=context.stored)
    set_dedicated(role, document, context, tools)
    items = role_items(role, document, context)
    try:
        role.save()  # indexed with its items once the import commits
    except MarkdownTooComplex as exc:  # within the limits, but too deep for the parser
        document.error(f"texte du rôle refusé : {exc}")
    tools.set_tags(role, context.tag_list(document.list("tags")), not adding)
    return role, items


def role_items(role, document, context):
    """The missions, background items and alternative titles of a role, unsaved."""

    def localise(text, key):
        return context.localise(str(text).strip(), document, key, page=role.get_absolute_url())

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


def save_role_items(roles, items, tools):
    """Replace the items of these roles: one delete and one insert per kind, for all of them
    (each rendered as its own save would, since bulk inserts skip it)."""
    for item in items:
        item.render()
    existing = [role.pk for role in roles if role.pk]
    for model in (Mission, BackgroundItem, AlternativeTitle):
        if existing:
            model.objects.filter(role__in=existing).delete()
        tools.note_created(
            model.objects.bulk_create([item for item in items if type(item) is model])
        )


def set_dedicated(role, document, context, tools):
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
            # Loaded later in this run: the role is pointed at it once every file is in.
            context.pending.append((target_slug, document, "dedicated", attach(role, tools)))
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


def attach(role, tools):
    """What points `role` at its dedicated article once that article is loaded."""

    def attach_to(target):
        rows = Role.objects.filter(pk=role.pk)
        tools.note_rows(rows)
        rows.update(dedicated_article=target)

    return attach_to
