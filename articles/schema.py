"""The front matter of articles, declared once (a part's keys are declared by its app, on its
kind's `bundle`: roles/schema.py).

Each key says which model field it fills, how YAML must read it, its synonyms from other tools
and whether it is required; the order of the tuples is the order of an export. Reading, loading,
writing and the admin's checks all walk these tuples, so a plain key (no `kind`) mapped to a
model field needs nothing but its line here. A key that needs code of its own names a `kind`:
publishing holds that code (a part's app, for the kinds of its keys).

Nothing here imports a model: articles is the lower app and publishing builds on it. Limits are
read from the model the caller passes, through the key's field, so that a column's size is
declared once, on the column, and cannot drift from what the database enforces.
"""

from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError

# How YAML must read the value. TEXT is kept as written (`title: 2024` is "2024", an all-digit
# id is not an int); FLAG is a boolean; LIST a list of texts; DATA a structure its kind reads.
TEXT, FLAG, LIST, DATA = "text", "flag", "list", "data"

# Kinds: keys read, loaded or written by code of their own in publishing.
SLUG = "slug"
AUTHOR = "author"
DATE = "date"
UNPUBLISH = "unpublish"
STATUS = "status"
DRAFT = "draft"
MINUTES = "minutes"
HERO_IMAGE = "hero_image"
TAGS = "tags"
IMAGES = "images"


@dataclass(frozen=True)
class Key:
    """One front-matter key."""

    name: str  # as written in files and on export
    field: str | None = None  # the model field it fills
    type: str = TEXT
    kind: str | None = None  # None: copied as is between the file and the field
    synonyms: tuple[str, ...] = ()  # other tools' names for it, read as this key
    required: bool = False
    written: bool = True  # False: read on import, never exported

    @property
    def plain(self):
        return self.kind is None and self.field is not None


ARTICLE_KEYS = (
    Key("title", "title", required=True),
    Key("slug", "slug", kind=SLUG),
    Key("author", "author", kind=AUTHOR),
    Key("description", "description"),
    Key("excerpt", "excerpt", synonyms=("exerpt", "summary")),
    Key("date", "published_at", kind=DATE, synonyms=("publishDate",)),
    Key("status", "status", kind=STATUS),
    # When « Dépublier » took the article down (or it is to go down): Hugo's `expiryDate`.
    Key("unpublish", "unpublish_at", kind=UNPUBLISH, synonyms=("expiryDate",)),
    # `draft: true` from other tools: a status, but a boolean one, and `status` is what we write.
    Key("draft", "status", FLAG, kind=DRAFT, written=False),
    Key("read", "declared_reading_time", kind=MINUTES),
    Key("force_read", "force_declared_reading_time", FLAG),
    Key("image", "hero_image", kind=HERO_IMAGE),
    Key("image_alt", "hero_image_alt"),
    Key("image_credit", "hero_image_credit"),
    Key("youtubeId", "youtube_id"),
    Key("podcastId", "podcast_id"),
    Key("podcastShowId", "podcast_show_id"),
    Key("tags", "tags", LIST, kind=TAGS, synonyms=("categories",)),
    Key("images", None, DATA, kind=IMAGES),
)

# The helpers take the keys they work on, so that they follow the tuples as they are when called.


@cache
def by_name(keys):
    """{name: Key}."""
    return {key.name: key for key in keys}


@cache
def synonyms(keys):
    """{synonym: the key's name}."""
    return {synonym: key.name for key in keys for synonym in key.synonyms}


def lookup(name, keys):
    """The key called `name`, directly or through a synonym; None for a key we do not know."""
    return by_name(keys).get(synonyms(keys).get(name, name))


@cache
def text_keys(*key_sets):
    """Names (and synonyms) whose YAML value is kept as written text."""
    return frozenset(
        name
        for keys in key_sets
        for key in keys
        if key.type == TEXT
        for name in (key.name, *key.synonyms)
    )


def plain_keys(keys):
    return [key for key in keys if key.plain]


def model_field(key, model):
    return model._meta.get_field(key.field) if key.field else None


def max_length(key, model):
    """The key's limit: its model field's `max_length` (None when unlimited)."""
    return getattr(model_field(key, model), "max_length", None)


def field_label(key, model):
    """The field's name as editors see it in the admin."""
    return str(getattr(model_field(key, model), "verbose_name", None) or key.field or key.name)


def check_value(key, value, model):
    """A French message when a text value breaks the key's limits or its field's validators
    (an identifier's shape, say), else None: the importer gives it with the key's line."""
    if not isinstance(value, str):
        return None
    limit = max_length(key, model)
    if limit is not None and len(value) > limit:
        return (
            f"la clé « {key.name} » fait {len(value)} caractères, {limit} au plus : "
            "raccourcissez-la."
        )
    field = model_field(key, model)
    try:
        if field is not None:
            field.run_validators(value)
    except ValidationError as exc:
        reasons = " ".join(message.rstrip(".") for message in exc.messages)
        return f"« {value} » n'est pas une valeur possible pour la clé « {key.name} » ({reasons})."
    return None


def check_extra_front_matter(extra, model, keys=None):
    """French messages for the free-form `front_matter_extra` of `model` (empty when fine):
    a key the schema knows belongs in its field, not among the extra keys, where an export
    would write it and the next import would read it as the field."""
    if not isinstance(extra, dict):
        return ['Le front matter supplémentaire doit être un objet JSON : { "clé": valeur }.']
    problems = []
    for name in extra:
        key = lookup(name, keys or ARTICLE_KEYS)
        if key is None:
            continue
        named = f"« {name} »" if name == key.name else f"« {name} » (synonyme de « {key.name} »)"
        if key.field is None:
            problems.append(
                f"La clé {named} est lue par l'import : retirez-la du front matter supplémentaire."
            )
        else:
            problems.append(
                f"La clé {named} correspond au champ « {field_label(key, model)} » : "
                "remplissez ce champ plutôt que le front matter supplémentaire."
            )
    return problems
