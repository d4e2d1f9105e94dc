"""The content types the site knows, each declared once.

A content app declares its types from its `AppConfig.ready()` (`register(Kind(...))`), as
Wagtail's hooks or djangocms-blog's extensions do. Every place of `articles` (and of
`publishing`) that must act on every content type loops over `kinds()` and reads what a kind
declares: image usage, alt-text checks, the refresh on upload, reindex, the checklist, the link
check, search results, sitemaps, reserved slugs, the preview of unsaved changes, history and
restore of parts, export. None of them names a type.

A kind is a top-level content type (an article: its own address, listed, in feeds) or a *part*
of another (`part_of`: a role is part of an article, a mission part of a role). What a part adds
to its whole (words, images shown, addresses, copies on duplicate, the preview, history) is read
from its declaration and from the methods its model offers (see `Kind`).
"""

from dataclasses import dataclass, field

from django.apps import apps

_registry = {}


@dataclass(frozen=True)
class Kind:
    """One content type. `model` is an app label and model name ("roles.Role"), resolved once
    the apps are ready (`Kind.model_class`)."""

    model: str
    # --- What it is made of ---------------------------------------------------------------
    # The Markdown it renders on save, each with its stored HTML: ("intro", "intro_html").
    sources: tuple = ()
    # Its foreign keys to `ImageAsset` that the page shows (hero, image).
    image_fields: tuple = ()
    # A part: the model it belongs to ("articles.Article") and the foreign key naming it.
    part_of: str = ""
    whole_field: str = ""
    # A rendered, searchable type (a `RenderedContent`): reindexed, its words counted.
    rendered: bool = False
    # --- Import and export (publishing) ---------------------------------------------------
    # A part a bundle carries: how its files are read from a bundle's folder, checked, loaded,
    # written out, and split out of a long article (an object with the methods
    # `roles.bundle.RoleBundle` describes: folder, keys, split, check, load, record, files…).
    bundle: object | None = field(default=None, compare=False, hash=False)
    # --- Where readers find it ------------------------------------------------------------
    # Its reader page's URL name ("articles:detail"), if it has one.
    url_name: str = ""
    searchable: bool = False
    # The sitemap class of its pages (`django.contrib.sitemaps.Sitemap`), if in the sitemap.
    sitemap: type | None = None
    feeds: bool = False
    # --- Extra declarations (each concern reads its own keys) -----------------------------
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def model_class(self):
        return apps.get_model(self.model)

    @property
    def label(self):
        """The model's label in lower case ("roles.role"), as content types name it."""
        return self.model.lower()

    def parts(self):
        """The kinds that are parts of this one (a role of an article), in registration
        order."""
        return [kind for kind in kinds() if kind.part_of.lower() == self.label]

    def bundled_parts(self):
        """Its parts that bundles carry (their own files beside the whole's), in order."""
        return [kind for kind in self.parts() if kind.bundle is not None]


def register(kind):
    """Declare a content type (from `AppConfig.ready()`); declaring one twice replaces it."""
    _registry[kind.label] = kind
    return kind


def kinds():
    """Every declared kind, in registration order (an app's parts after their whole)."""
    return list(_registry.values())


def kind_of(model):
    """The declared kind of a model class, an instance or a label; `LookupError` if none."""
    label = model.lower() if isinstance(model, str) else model._meta.label_lower
    try:
        return _registry[label]
    except KeyError:
        raise LookupError(f"{label} is not a declared content type") from None


def content_models():
    """The rendered, searchable models (`RenderedContent`), parts before their wholes (a
    whole's reading time counts its parts' words)."""
    return [kind.model_class for kind in _parts_first() if kind.rendered]


def source_models():
    """Every model that renders Markdown on save (content and the lists of its parts), parts
    before their wholes."""
    return [kind.model_class for kind in _parts_first() if kind.sources]


def _parts_first():
    ordered, seen = [], set()

    def visit(kind):
        if kind.label in seen:
            return
        seen.add(kind.label)
        for part in kind.parts():
            visit(part)
        ordered.append(kind)

    for kind in kinds():
        if not kind.part_of:
            visit(kind)
    for kind in kinds():
        visit(kind)
    return ordered
