"""The article's admin form: no silent overwrite between editors, no publishing a draft with
errors (an article already published stays savable: see `articles.checklist`), no front-matter
key hiding a real field."""

import copy

from django import forms

from articles import schema
from articles.admin.conflicts import VersionedFormMixin
from articles.admin.helpers import tag_autocomplete_form
from articles.checklist import blocks_publishing, check_article, errors
from articles.models import Article

CHECKED_FIELDS = ["title", "slug", "description", "hero_image_url", "hero_image_alt"]


class ArticleAdminForm(VersionedFormMixin, tag_autocomplete_form(Article)):
    """The article form: no silent overwrite between editors, no publishing a draft with errors."""

    conflict_subject = "cet article"
    conflict_fields = [
        "title", "slug", "status", "published_at", "excerpt", "description", "body",
        "hero_image_url", "hero_image_alt", "hero_image_credit",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:  # « Publié » with a future date means scheduled: say so
            self.fields["status"].choices = [
                (Article.Status.DRAFT, "Brouillon"),
                (Article.Status.PUBLISHED, "Publié (en ligne à sa date de publication)"),
            ]

    def clean(self):
        cleaned = super().clean()  # a conflict stops here, before the publishing checks
        self.check_dates(cleaned)
        # Until `_post_clean`, the instance holds the stored values: its status is the saved one.
        stored = self.instance.status if self.instance.pk else None
        if blocks_publishing(stored, cleaned.get("status")):
            candidate = copy.copy(self.instance)
            for name in CHECKED_FIELDS:
                setattr(candidate, name, cleaned.get(name) or "")
            problems = errors(
                check_article(
                    candidate,
                    body=cleaned.get("body", ""),
                    hero_image=cleaned.get("hero_image"),
                    tags=cleaned.get("tags"),
                    roles=False,  # the roles inline checks the roles as submitted
                )
            )
            if problems:
                raise forms.ValidationError(
                    "Publication impossible : "
                    + " ; ".join(p.text for p in problems)
                    + " Corrigez, ou enregistrez en brouillon."
                )
        return cleaned

    def check_dates(self, cleaned):
        """A published article needs its date, and an unpublish date after it: otherwise it
        would never be seen, whatever its status says."""
        published_at, unpublish_at = cleaned.get("published_at"), cleaned.get("unpublish_at")
        if cleaned.get("status") == Article.Status.PUBLISHED and published_at is None:
            self.add_error(
                "published_at",
                "Indiquez la date de publication (maintenant, ou une date future pour "
                "programmer), ou enregistrez en brouillon.",
            )
        if published_at and unpublish_at and unpublish_at <= published_at:
            self.add_error(
                "unpublish_at",
                "La date de dépublication doit suivre la date de publication ; sinon "
                "l'article ne paraîtrait jamais.",
            )

    def clean_front_matter_extra(self):
        """The extra front matter keeps what the schema does not know, never a real field."""
        extra = self.cleaned_data.get("front_matter_extra")
        problems = schema.check_extra_front_matter(extra, Article)
        if problems:
            raise forms.ValidationError(problems)
        return extra
