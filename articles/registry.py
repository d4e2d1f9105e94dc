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
    # A top-level kind other than the article may declare one too: its own files, recognised
    # by their shape (see `bundled_kinds` below).
    bundle: object | None = field(default=None, compare=False, hash=False)
    # --- Where readers find it ------------------------------------------------------------
    # Its reader page's URL name ("articles:detail"), if it has one.
    url_name: str = ""
    searchable: bool = False
    # The sitemap class of its pages (`django.contrib.sitemaps.Sitemap`), if in the sitemap.
    sitemap: type | None = None
    feeds: bool = False
    # --- Reader side: the pages, search, links and navigation ----------------------------
    # Its own URLconf ("roles.urls"), included under /blog/; the first segment of each of its
    # pages is reserved (no article takes it as its slug).
    urls: str = ""
    # Its page's URL keyword naming its whole ("article_slug"; the part's own is "slug").
    whole_url_kwarg: str = ""
    # The page under a whole's share link (URL name taking `token` and `slug`).
    shared_preview_url_name: str = ""
    # Pages of its own listed in the site's navigation and in the sitemap's index section:
    # (label, URL name), ("Les rôles", "roles:index").
    index_pages: tuple = ()
    # The link check's reason when a link names one that does not exist (« rôle inconnu »).
    unknown_link: str = ""
    # A part shown on its whole's page: the name the page's template receives them under
    # ("roles"), the rows as the page shows them (a callable taking the part's queryset:
    # ordering, select_related), the template drawing them (in the body's slot, or after the
    # body) and the one drawing its entry of the table of contents. Each receives the page's
    # context and `part_heading`: the body's own heading the section stands under (the TOC
    # entry of a heading whose slug is `section_heading_slug`, closing the body before the
    # slot), or None.
    context_name: str = ""
    page_rows: object = None
    article_include: str = ""
    toc_include: str = ""
    section_heading_slug: str = ""
    # The ids its templates give their elements, and the prefixes of those they build
    # (`role-<slug>`): no heading of a text takes them.
    page_ids: frozenset = frozenset()
    page_id_prefixes: tuple = ()
    # Search (a `searchable` kind): a callable (published articles, already narrowed by the
    # search's tags; query; the tags' slugs) returning the rows found in the order shown, and
    # the template showing them (it receives `results`). A part is narrowed by its whole's
    # tags; a kind tagged like articles (a case study) by its own, with the same slugs.
    search_results: object = None
    result_template: str = ""
    # What the search page calls them when only they were found (« des rôles »).
    search_noun: str = ""
    # A kind tagged like articles: `(query, tag slugs) -> {tag id: how many of its results
    # carry it}`, counted in the search's tag navigation beside the articles found.
    search_tag_counts: object = None
    # --- Extra declarations (each concern reads its own keys) -----------------------------
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    # --- Core: the whole's body and the editor's preview ----------------------------------
    # A part shown in its whole's body: a line `[[slot]]` of the whole's Markdown marks where
    # (`articles.markdown.slot_html`); without it, the parts follow the text.
    slot: str = ""
    # What the editor's preview shows in that slot, in French.
    slot_preview: str = ""
    # `html -> html`: the editor's preview of this kind's own text, its markers drawn for
    # editors (the markers of the fields it draws in its text), if it has any.
    preview_markers: object = None
    # --- The admin (articles.admin.parts) ------------------------------------------------
    # A part's folded columns that its whole's admin list searches too ("search_title"; the
    # whole reads them through the part's foreign key).
    admin_search_fields: tuple = ()
    # --- Series import and export (publishing): what a kind adds to every run -------------
    # An object taking part in every import run and every export of articles (the methods
    # `series.bundle.SeriesRun` describes): `keys`, the front-matter keys it adds to an
    # article's file (`articles.schema.Key`, known to the schema, never « clé inconnue »);
    # `add_arguments(parser)`, the import command's options of its own; `read(roots, options)`,
    # its site files read before anything is written; `after_import(loaded, state, report,
    # stored)`, once every file of a run is in, given the loaded (article, document) pairs
    # and the run's stored files (`publishing.load_parts.StoredFiles`, undone on rollback);
    # `front_matter(article)`, the keys it adds to an article's file on export; and
    # `site_files(articles, everything)`, its files at the export's root (text, or bytes: an
    # image).
    import_run: object | None = field(default=None, compare=False, hash=False)
    # --- Series: a part that is a place in another whole, top-level kinds' own pages -----
    # The path a top-level kind's `urls` are included under ("series/"; "blog/" if empty).
    url_prefix: str = ""
    # A part shown on its whole's page through a one-to-one key (one row at most): the
    # relations its row shows, joined to the whole's own query (("series",)), so a page
    # without one costs no query (`page_rows` is for parts with many rows).
    page_related: tuple = ()
    # A part shown on its whole's page: `row -> dict` of what it adds to the whole's JSON-LD
    # (`isPartOf` a series), merged into the page's `BlogPosting`.
    json_ld: object = None
    # Filters the blog's list offers in one click (chips): objects with `param` (the value of
    # `?type=`), `label` (French) and `apply(articles) -> articles`.
    list_filters: tuple = ()

    # --- Reader side: scheduled publication (case-study pages) ----------------------------
    # A top-level kind published on a schedule (`status`, `published_at`, `unpublish_at`, as
    # an article's): the page cache keeps no page past its next publication or unpublication.
    scheduled: bool = False

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


# --- Core: parts of parts --------------------------------------------------------------------


def parts_within(kind):
    """Every kind inside `kind`, its parts and theirs (the lists of a part), each with the
    lookup from one of its rows to the whole (`"<whole_field>__<its whole's whole_field>"`):
    [(part kind, lookup)], a part before its own parts."""
    found = []
    for part in kind.parts():
        found.append((part, part.whole_field))
        found.extend(
            (inner, f"{lookup}__{part.whole_field}") for inner, lookup in parts_within(part)
        )
    return found


def slot_kinds(kind):
    """The parts of `kind` shown in a slot of its body, in registration order."""
    return [part for part in kind.parts() if part.slot]


# --- Series: a part that is a place in another whole -----------------------------------------


def list_filters():
    """Every filter of the blog's list the kinds declare, {param: filter}, in order."""
    return {f.param: f for kind in kinds() for f in kind.list_filters}


# --- Import and export of top-level kinds ---------------------------------------------------


def bundled_kinds():
    """The top-level kinds besides the article that import and export files of their own
    (`Kind.bundle`: an object with the methods `clients.bundle.CaseStudyBundle` describes:
    name, word, plural, folder, recognises, slug, check, load, files, exported…), in
    registration order. The article's own bundle is publishing's."""
    return [
        kind
        for kind in kinds()
        if not kind.part_of and kind.bundle is not None and kind.label != "articles.article"
    ]
