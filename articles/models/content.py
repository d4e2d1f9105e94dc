"""The one base of rendered, searchable content (articles, their parts, any later content type).

A content type names its Markdown source and its stored HTML; the base fills the HTML and the
word count on save (requests never run Markdown), and hands the row to the indexing step
(`articles.indexing`), which folds its search title and text and computes its PostgreSQL vector
once the transaction commits.
"""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models

from articles import indexing
from articles.markdown import (
    MarkdownTooComplex,
    plain_text,
    render_inline,
    render_item,
    render_markdown,
)
from articles.models.media import ImageAsset, ShowingQuerySet

# What every facade carries (templates/includes/_embed.html).
EMBED_MARK = "data-embed="


def lf_only(text):
    """Lines ended by LF alone, as files, imports and exports have them: CRLF (a browser's
    textarea) and CR alone (old Mac files) become LF, so that stored text has one form."""
    if not isinstance(text, str) or "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


class ImageUsage:
    """What the media library and `ImageAsset.usages()` ask of each content row showing an
    image (`articles.registry`): each model names its rows in French (`usage_label(image)`,
    `usage_links(ids)`), these are the defaults of the rest."""

    # The order of the media library's links to rows of this model (the editor's order).
    usage_ordering = ()

    @classmethod
    def for_usages(cls, queryset):
        """The rows as their usage labels read them (what they name: `select_related`)."""
        return queryset

    def admin_row(self):
        """The row whose admin page shows this one (itself; a list's item: its owner)."""
        return self

    def shown_among(self, ids):
        """The images among `ids` its rendering placed, in its order."""
        references = {str(pk): pk for pk in ids}
        placed = (self.rendered_meta or {}).get("images", [])
        return [references[ref] for ref in dict.fromkeys(placed) if ref in references]


class RenderedContent(ImageUsage, models.Model):
    """Markdown in `source_field`, its sanitised HTML in `html_field`, searchable."""

    source_field = "body"
    html_field = "body_html"

    # Search: title and text folded (no accents, no case) by the indexing step.
    search_title = models.CharField(max_length=300, editable=False, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    # PostgreSQL only (a GIN index, see the search-vector migrations); unused elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)
    word_count = models.PositiveIntegerField("nombre de mots", default=0, editable=False)
    # What the renderer drew (images, players: `articles.markdown.Rendered.meta`), stored with
    # the HTML: image usage and the structured data read it, never the Markdown.
    rendered_meta = models.JSONField(default=dict, editable=False, blank=True)

    # Fields the history of a content type leaves out: they are computed from the others.
    COMPUTED_FIELDS = (
        "search_title",
        "search_text",
        "search_vector",
        "word_count",
        "rendered_meta",
    )

    objects = ShowingQuerySet.as_manager()

    class Meta:
        abstract = True

    _rendered_source = None  # the source the stored HTML on this instance was rendered from

    def save(self, *args, **kwargs):
        setattr(self, self.source_field, lf_only(getattr(self, self.source_field)))
        if self._rendered_source != getattr(self, self.source_field):
            self.render()  # not again when `clean()` has just rendered this very source
        super().save(*args, **kwargs)
        indexing.schedule(self)

    def clean(self):
        """A source too complex to render is refused like any other limit, on its field.

        The source is rendered (not only checked against the limits): whatever `save()` would
        refuse, a nesting the limits let through included, is refused here with its reason.
        """
        super().clean()
        try:
            self.render()
        except MarkdownTooComplex as exc:
            raise ValidationError({self.source_field: str(exc)}) from exc

    def render(self, *, placeholders=False):
        """Fill the stored HTML and word count from the Markdown source (nothing is saved).

        `placeholders`: missing images drawn for editors (an admin preview); such an instance is
        shown, never saved (`save()` renders again for readers)."""
        source = lf_only(getattr(self, self.source_field))
        setattr(self, self.source_field, source)  # stored with LF only, however it came
        self._rendered_source = None  # until this render has succeeded
        rendered = render_markdown(source, ImageAsset.objects.lookup, placeholders=placeholders)
        setattr(self, self.html_field, rendered.html)
        self.word_count = rendered.word_count
        self.rendered_meta = rendered.meta
        self._rendered_source = None if placeholders else source
        return rendered

    def rendered_fields(self):
        """The stored fields `render()` fills."""
        return [self.html_field, "word_count", "rendered_meta"]

    @property
    def html(self):
        return getattr(self, self.html_field)

    @property
    def has_embeds(self):
        """Whether the page shows a player facade: its script is loaded on such pages only."""
        return EMBED_MARK in (self.html or "")

    # --- What the indexing step reads ------------------------------------------------------

    # The fields `search_parts()` reads, besides the title and the HTML.
    search_source_fields = ()

    @classmethod
    def for_indexing(cls, queryset):
        """The rows as the indexing step needs them: only what search reads."""
        return queryset.only("title", cls.html_field, *cls.search_source_fields)

    @classmethod
    def after_indexing(cls, pks):
        """What else derives from these rows, brought up to date with them (nothing here)."""

    def search_parts(self):
        """The texts search looks through besides the title, in order of importance."""
        return [plain_text(self.html)]


class InlineRendered(ImageUsage, models.Model):
    """A short text with inline Markdown allowed, its HTML stored on save with what the
    renderer drew in it (`rendered_meta`, as for every rendered content)."""

    source_field = "text"  # the field holding the Markdown
    html_field = "html"

    rendered_meta = models.JSONField(default=dict, editable=False, blank=True)

    objects = ShowingQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.render()
        super().save(*args, **kwargs)

    def clean(self):
        """A text too complex to render is refused on its field, like any other limit."""
        super().clean()
        error = self.source_error()
        if error:
            raise ValidationError({self.source_field: error})

    def source_error(self):
        """Why the text cannot be rendered (in French), or None; loaders call it too."""
        try:
            render_inline(getattr(self, self.source_field) or "", ImageAsset.objects.lookup)
        except MarkdownTooComplex as exc:
            return str(exc)
        return None

    def render(self):
        """Fill the stored HTML (also called by loaders that insert in bulk, past `save()`)."""
        source = lf_only(getattr(self, self.source_field) or "")  # a textarea's CRLF
        setattr(self, self.source_field, source)
        rendered = render_item(source, ImageAsset.objects.lookup) if source else None
        setattr(self, self.html_field, rendered.html if rendered else "")
        self.rendered_meta = rendered.meta if rendered else {}
        return rendered

    def rendered_fields(self):
        """The stored fields `render()` fills."""
        return [self.html_field, "rendered_meta"]
