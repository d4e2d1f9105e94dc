"""A case study's front matter, key by key: checked (file:line errors in French), loaded into
the model, and written back in the same order (`clients.bundle`).

    name, date, status, title, subtitle, description, speaker, role, duration, scopes, tags,
    tools, quotes, deliverables, youtubeId, team, image, images

`date` is the publication date (published unless `status: draft`), `role` the quoted person's
function, `scopes` and `tools` labels of their small taxonomies, `tags` free labels (repeated
ones count once), `team` the firm's consultants (authors, by name or slug), `image` the hero
(an image id), `images` the texts of the images it shows. Any other key is kept as it is
(`front_matter_extra`) and written back after these.
"""

import re
import uuid

from django.utils.text import slugify

from articles.markdown import image_ids
from articles.models import Author, ImageAsset
from articles.schema import Key
from clients.models import CaseStudy, Deliverable, Quote, Scope, Tool

# (front-matter key, field) of the texts copied as they are.
TEXTS = (
    ("name", "name"),
    ("title", "title"),
    ("subtitle", "subtitle"),
    ("description", "description"),
    ("speaker", "speaker"),
    ("role", "speaker_role"),
    ("duration", "duration"),
    ("youtubeId", "youtube_id"),
)
# Read as written text (`duration: 12` stays « 12 »), as every schema's text keys are.
TEXT_KEYS = tuple(Key(key, name) for key, name in TEXTS)
LABELS = (("scopes", Scope), ("tools", Tool))
ITEMS = (("quotes", Quote), ("deliverables", Deliverable))
KEYS = {
    *(key for key, _ in TEXTS), *(key for key, _ in LABELS), *(key for key, _ in ITEMS),
    "date", "status", "tags", "team", "image", "images",
}  # fmt: skip
YOUTUBE_ID_RE = re.compile(r"[A-Za-z0-9_-]{11}")


def limit(model, name):
    return model._meta.get_field(name).max_length


def items(document, key):
    """A list of long texts: a YAML list, or one text (commas and all) for a single item."""
    value = document.meta.get(key)
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    return document.list(key)


# --- Checked before anything is written ----------------------------------------------------


def check(document, slug, tools):
    if not slug:
        document.error("nom de fichier sans lettre ni chiffre : il donne l'adresse de la page.")
    if len(slug) > limit(CaseStudy, "slug"):
        document.error(
            f"adresse de {len(slug)} caractères (le nom du fichier), "
            f"{limit(CaseStudy, 'slug')} au plus : raccourcissez le nom du fichier.",
            line=1,
        )
    document.text("name", required=True)
    for key, name in TEXTS:
        value = document.text(key)
        longest = limit(CaseStudy, name)
        if longest and len(value) > longest:
            document.error(
                f"« {key} » de {len(value)} caractères, {longest} au plus : raccourcissez-le.", key
            )
    youtube = document.text("youtubeId")
    if youtube and not YOUTUBE_ID_RE.fullmatch(youtube):
        document.error(
            f"« youtubeId » doit être les 11 caractères après « v= » : « {youtube} ».", "youtubeId"
        )
    document.date("date")
    tools.file_status(document)
    for key, model in LABELS:
        for label in document.list(key):
            if not slugify(label):
                document.error(f"« {key} » : libellé vide ou sans lettre : « {label} ».", key)
            if max(len(label), len(slugify(label))) > limit(model, "name"):
                document.error(
                    f"« {key} » : « {label[:40]}… » de {len(label)} caractères, "
                    f"{limit(model, 'name')} au plus.",
                    key,
                )
    for member in document.list("team"):
        if not slugify(member) or len(slugify(member)) > limit(Author, "slug"):
            document.error(f"« team » : nom de consultant refusé : « {member[:40]} ».", "team")
    for key, _ in ITEMS:
        items(document, key)
    tools.check_tags(document)
    image = document.text("image")
    if image and not is_image_id(image):
        document.error(f"« image » doit être l'identifiant d'une image : « {image} ».", "image")
    declared = document.meta.get("images") or []
    if not isinstance(declared, list) or not all(isinstance(i, dict) for i in declared):
        document.error("« images » doit être une liste d'images (id, alt…).", "images")


def is_image_id(text):
    try:
        uuid.UUID(text.strip("<>"))
    except ValueError:
        return False
    return True


# --- Loaded ---------------------------------------------------------------------------------


def load(document, slug, existing, files, context, tools):
    case = existing or CaseStudy(slug=slug)
    for key, name in TEXTS:
        setattr(case, name, document.text(key))
    case.status = (
        context.status or tools.file_status(document) or (existing.status if existing else None)
    ) or CaseStudy.Status.PUBLISHED
    tools.set_publication_dates(case, document)
    declared = {
        str(item["id"]).lower(): item
        for item in document.meta.get("images") or []
        if item.get("id") and is_image_id(str(item["id"]))
    }
    for asset_id, values in declared.items():
        tools.ensure_asset(
            document, asset_id, values=values, file_path=files.get(asset_id), stored=context.stored
        )
    image = document.text("image").strip("<>")
    case.hero_image = (
        tools.ensure_asset(
            document, image.lower(), file_path=files.get(image.lower()), stored=context.stored
        )
        if image
        else None
    )
    case.body = context.localise(document.body)
    tools.register_images(document, case.body, declared, files, context.stored)
    case.front_matter_extra = {k: v for k, v in document.meta.items() if k not in KEYS}
    case.save()
    for key, model in LABELS:
        labels = {slugify(label): label for label in reversed(document.list(key))}
        found = [
            model.objects.get_or_create(slug=s, defaults={"name": n})[0] for s, n in labels.items()
        ]
        set_related(case, key, found, tools)
    team = [team_member(name, context.authors) for name in document.list("team")]
    set_related(case, "team", team, tools)
    tools.set_tags(case, context.tag_list(document.list("tags")), existing is not None)
    for key, model in ITEMS:
        getattr(case, key).all().delete()
        for position, text in enumerate(items(document, key)):
            model.objects.create(case_study=case, position=position, text=text)
    return case


def set_related(case, name, objects, tools):
    """A many-to-many set row by row, each row told to the import's journal (Django sends no
    signal for an automatic through model): an import undone on SQLite (`publishing.batches`)
    puts back every row it wrote or deleted."""
    field = CaseStudy._meta.get_field(name)
    through, own = field.remote_field.through, field.m2m_field_name()
    other = field.m2m_reverse_field_name()
    wanted = {obj.pk: obj for obj in objects}
    rows = through.objects.filter(**{own: case})
    gone = rows.exclude(**{f"{other}__in": list(wanted)})
    tools.note_rows(gone)
    gone.delete()
    present = set(rows.values_list(f"{other}_id", flat=True))
    for pk, obj in wanted.items():
        if pk not in present:
            tools.note_created([through.objects.create(**{own: case, other: obj})])


def team_member(name, cache):
    """The author a team's entry names, by slug as an article's `author` is found; a new one
    is named as the file writes it (« Marie Dupont »)."""
    slug = slugify(name)
    if slug not in cache:
        human = name if slugify(name) != name else slug.replace("-", " ").title()
        cache[slug], _ = Author.objects.get_or_create(slug=slug, defaults={"name": human})
    return cache[slug]


# --- Written back ---------------------------------------------------------------------------


def files(case, tools):
    """({"index.md": its front matter and body}, the images it shows), in the order above."""
    meta = {"name": case.name}
    if case.published_at:
        meta["date"] = tools.date(case.published_at)
    if case.status != CaseStudy.Status.PUBLISHED:
        meta["status"] = case.status
    for key, name in TEXTS[1:-1]:
        if getattr(case, name):
            meta[key] = getattr(case, name)
    # Sorted here, not by the database's collation: the same export on SQLite and PostgreSQL.
    add_list(meta, "scopes", sorted(label.name for label in case.scopes.all()))
    add_list(meta, "tags", tools.tags(case, None))
    add_list(meta, "tools", sorted(label.name for label in case.tools.all()))
    for key, _ in ITEMS:
        add_list(meta, key, [item.text for item in getattr(case, key).all()])
    if "quotes" not in meta and "deliverables" not in meta:
        meta["quotes"] = []  # the shape that tells a case study on import
    if case.youtube_id:
        meta["youtubeId"] = case.youtube_id
    add_list(meta, "team", sorted(author.slug for author in case.team.all()))
    referenced = image_ids(case.body)
    if case.hero_image_id:
        meta["image"] = str(case.hero_image_id)
        referenced.insert(0, str(case.hero_image_id))
    assets = {str(a.pk): a for a in ImageAsset.objects.filter(pk__in=referenced)}
    ordered = [assets[i] for i in dict.fromkeys(referenced) if i in assets]
    add_list(meta, "images", [tools.asset_entry(asset) for asset in ordered])
    for key, value in sorted((case.front_matter_extra or {}).items()):
        meta.setdefault(key, value)
    return {"index.md": tools.dump(meta, case.body)}, ordered


def add_list(meta, key, values):
    if values:
        meta[key] = list(values)
