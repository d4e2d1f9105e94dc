"""Tags as editors know them: by their French label (« L'Ops », not `ops`), searched without
regard to accents or case, and created from a label while writing.

The tag input is Django's own admin autocomplete (select2, shipped with the admin) with
select2's tag mode turned on by `js/admin-tags.js`: a label typed and confirmed becomes the
value `nouveau:<label>`, which the form turns into a tag when the article is saved (never
before: a refused form creates nothing). A label whose slug is that of an existing tag, or of
its name or label, picks that tag instead of making a second one.
"""

from django import forms
from django.contrib.admin import RelatedFieldListFilter
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.urls import reverse
from django.utils.text import slugify

from articles.admin.search import folded_terms, folded_text_matches
from articles.models import Tag
from articles.search import fold

NEW_TAG_PREFIX = "nouveau:"
LABEL_MAX_LENGTH = Tag._meta.get_field("label").max_length
SLUG_MAX_LENGTH = Tag._meta.get_field("slug").max_length


def new_tag_label(value):
    """The label of a tag to create (`nouveau:<label>`), or None for an existing tag's id."""
    if isinstance(value, str) and value.startswith(NEW_TAG_PREFIX):
        return " ".join(value[len(NEW_TAG_PREFIX) :].split())
    return None


def tags_for_labels(labels):
    """A tag for each label: the existing one it folds to, or a new, unsaved one.

    Raises ValidationError naming the labels no tag can be made from."""
    problems = []
    for label in labels:
        if not slugify(label):
            problems.append(f"« {label} » : un tag a besoin d'au moins une lettre ou un chiffre.")
        elif len(label) > LABEL_MAX_LENGTH or len(slugify(label)) > SLUG_MAX_LENGTH:
            problems.append(f"« {label[:40]}… » : {LABEL_MAX_LENGTH} caractères au plus.")
    if problems:
        raise forms.ValidationError(problems)
    if not labels:
        return []
    # Tags are few (a blog has tens, maybe hundreds): read once, matched here, only when a
    # label is created.
    known = {}
    for tag in Tag.objects.only("pk", "name", "slug", "label").order_by("pk"):
        for key in (tag.slug, slugify(tag.name), slugify(tag.label)):
            if key:
                known.setdefault(key, tag)
    tags = []
    for label in labels:
        slug = slugify(label)
        tag = known.get(slug)
        if tag is None:
            # `name` is what front matter lists: the slug, as the demo content writes it.
            tag = Tag(name=slug, slug=slug, label="" if label == slug else label)
            known[slug] = tag
        tags.append(tag)
    return tags


def save_new_tags(tags):
    """The tags of a saved form, those typed as labels created now (once, even if two editors
    create the same label together)."""
    saved = []
    for tag in tags:
        if tag.pk is None:
            tag, _ = Tag.objects.get_or_create(
                slug=tag.slug, defaults={"name": tag.name, "label": tag.label}
            )
        saved.append(tag)
    return saved


class TagAutocomplete(AutocompleteSelectMultiple):
    """Django's autocomplete, answered with labels, in tag mode (see `js/admin-tags.js`)."""

    def get_url(self):
        return reverse(f"{self.admin_site.name}:articles_tag_autocomplete")

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        # Our script sets this select up, not the admin's (which would leave tag mode off).
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "admin-tag-autocomplete")
        attrs["data-new-tag-prefix"] = NEW_TAG_PREFIX
        attrs["data-new-tag-text"] = "Créer le tag « %s »"
        attrs["data-new-tag-mark"] = "(nouveau)"
        attrs["data-allow-clear"] = "false"  # each tag has its own ×; see js/admin-tags.js
        return attrs

    def optgroups(self, name, value, attr=None):
        """Tags being created stay selected when the form comes back with an error."""
        existing = [v for v in value if new_tag_label(v) is None]
        groups = super().optgroups(name, existing, attr)
        options = groups[0][1]
        for item in value:
            label = new_tag_label(item)
            if label:
                option = self.create_option(name, item, f"{label} (nouveau)", True, len(options))
                options.append(option)
        return groups

    @property
    def media(self):
        # Listed after jquery.init.js so that the merged media keep it after `django.jQuery`;
        # the stylesheet gives the input its width (the admin's sizes `.admin-autocomplete`).
        return super().media + forms.Media(
            js=["admin/js/jquery.init.js", "js/admin-tags.js"],
            css={"all": ["css/admin-editor.css"]},
        )


class TagChoiceField(forms.ModelMultipleChoiceField):
    """Existing tags by id, new ones by label (`nouveau:<label>`): cleans to a list of tags,
    the new ones unsaved until `save_new_tags`."""

    def label_from_instance(self, obj):
        return obj.display

    def clean(self, value):
        if not isinstance(value, list | tuple):
            return super().clean(value)
        labels = list(dict.fromkeys(filter(None, (new_tag_label(v) for v in value))))
        ids = [v for v in value if new_tag_label(v) is None]
        if self.required and not ids and not labels:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        tags = list(super().clean(ids)) if ids else []
        for tag in tags_for_labels(labels):
            if tag.pk is None or all(tag.pk != t.pk for t in tags):
                tags.append(tag)
        return tags

    def has_changed(self, initial, data):
        if any(new_tag_label(v) for v in data or []):
            return True
        return super().has_changed(initial, data)


class TagAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete answer, with each tag's French label."""

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": obj.display}


def matching_tag_ids(search_term):
    """Tags whose name, label or slug holds every word of the search, accents and case aside
    (read in Python: the tag table is small, and this works alike on every database)."""
    terms = folded_terms(search_term)
    tags = Tag.objects.values_list("pk", "name", "label", "slug")
    return [
        pk
        for pk, *texts in tags
        if all(folded_text_matches(term, " ".join(texts)) for term in terms)
    ]


class TagLabelFilter(RelatedFieldListFilter):
    """The list's tag filter, by label, offering only tags some article has."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = "Sans tag"

    def field_choices(self, field, request, model_admin):
        tags = Tag.objects.filter(tagged_articles__isnull=False).distinct()
        return sorted(((t.pk, t.display) for t in tags), key=lambda choice: fold(choice[1]))
