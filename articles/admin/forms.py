"""The article's admin form: no silent overwrite between editors, no publishing a draft with
errors (an article already published stays savable: see `articles.checklist`), no front-matter
key hiding a real field."""

import copy
import datetime

from django import forms
from django.utils import timezone

from articles import schema, workflow
from articles.admin.conflicts import VersionedFormMixin
from articles.admin.helpers import tag_autocomplete_form
from articles.admin_french import definite
from articles.checklist import blocks_publishing, check_article, errors
from articles.models import Article

CHECKED_FIELDS = ["title", "slug", "description", "hero_image_url", "hero_image_alt"]

# The publication buttons of the article form's submit row (`submit_line.html`).
PUBLISH, SCHEDULE, TAKE_DOWN = "_publish", "_schedule", "_unpublish"
INTENTS = (PUBLISH, SCHEDULE, TAKE_DOWN)


def intent_of(data):
    """Which publication button sent the form (PUBLISH, SCHEDULE, TAKE_DOWN), or None."""
    return next((name for name in INTENTS if name in data), None)


def requested_status(data):
    """The status the submitted article is to have: the button's, else the select's."""
    intent = intent_of(data)
    if intent in (PUBLISH, SCHEDULE):
        return Article.Status.PUBLISHED
    return data.get("status")


def schedule_field():
    """« Programmer… »: when (the browser's date and time input, in the site's time zone)."""
    return forms.DateTimeField(
        label="Paraître le",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def publish_date_field():
    """« Publier » on a draft carrying a past date: that date, or now (the default)."""
    return forms.ChoiceField(
        label="Date de publication",
        required=False,
        choices=[("now", "maintenant"), ("keep", "garder la date de publication")],
        widget=forms.RadioSelect,
    )


class PublicationFormMixin:
    """For the admin form of a `Publishable` (the article, a case study): the submit row's
    « Publier », « Programmer… » and « Dépublier » applied by `articles.workflow`, dates that
    let the page be seen, and no draft put online with its checklist's errors
    (`publishing_problems(cleaned)`, the subclass's checklist of the form as submitted)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schedule_at"] = schedule_field()
        self.fields["publish_date"] = publish_date_field()
        # A draft has no date until it is published or scheduled (unless the address asks
        # for one: `?published_at=…`).
        asked = "published_at" in (kwargs.get("initial") or {})
        if not self.instance.pk and not self.is_bound and "published_at" in self.fields:
            self.initial["published_at"] = self.initial["published_at"] if asked else None

    @property
    def noun(self):
        return self._meta.model._meta.verbose_name

    def publishing_problems(self, cleaned):
        return []

    def clean(self):
        cleaned = super().clean()  # a conflict stops here, before the publishing checks
        self.apply_intent(cleaned)
        self.check_dates(cleaned)
        # Until `_post_clean`, the instance holds the stored values: its status is the saved one.
        stored = self.instance.status if self.instance.pk else None
        if blocks_publishing(stored, cleaned.get("status")):
            problems = self.publishing_problems(cleaned)
            if problems:
                raise forms.ValidationError(
                    "Publication impossible : "
                    + " ; ".join(p.text for p in problems)
                    + " Corrigez, ou enregistrez en brouillon."
                )
        return cleaned

    def apply_intent(self, cleaned):
        """The publication button pressed, applied by `articles.workflow` to the status and
        dates submitted (the checks then see the page as it will be)."""
        if "status" not in self.fields:
            return
        intent = intent_of(self.data)
        page = self._meta.model(
            status=cleaned.get("status") or Article.Status.DRAFT,
            published_at=cleaned.get("published_at"),
            unpublish_at=cleaned.get("unpublish_at"),
        )
        now = timezone.now()
        if intent is None and self.switched_to_published(page, now):
            # « Publié » chosen in the list for a draft with its old date: as « Publier ».
            page.status = Article.Status.DRAFT
            intent = PUBLISH
        if intent is None:
            return
        if intent == PUBLISH:
            keep = cleaned.get("publish_date") == "keep" and workflow.has_past_date(page, now)
            workflow.publish(page, keep_date=keep, now=now)
        elif intent == SCHEDULE:
            try:
                workflow.schedule(page, cleaned.get("schedule_at"), now=now)
            except workflow.ScheduleRefused as exc:
                if "schedule_at" not in self.errors:
                    self.add_error("schedule_at", str(exc))
                return
        else:
            workflow.take_down(page, now=now)
        for name in ("status", "published_at", "unpublish_at"):
            cleaned[name] = getattr(page, name)
        self.intent = intent

    def switched_to_published(self, page, now):
        """A stored draft set to « Publié » with the past date it carried, left as it was
        (to the second: the inputs show no more)."""
        stored = self.instance
        return (
            stored.pk is not None
            and stored.status == Article.Status.DRAFT
            and page.status == Article.Status.PUBLISHED
            and stored.published_at is not None
            and page.published_at is not None
            and abs(page.published_at - stored.published_at) < datetime.timedelta(seconds=1)
            and page.published_at <= now
        )

    def check_dates(self, cleaned):
        """A published page needs its date, and an unpublish date after it: otherwise it
        would never be seen, whatever its status says."""
        published_at, unpublish_at = cleaned.get("published_at"), cleaned.get("unpublish_at")
        if cleaned.get("status") == Article.Status.PUBLISHED and published_at is None:
            self.add_error(
                "published_at",
                "Indiquez la date de publication (maintenant, ou une date future pour "
                "programmer), ou enregistrez en brouillon.",
            )
        if published_at and unpublish_at and unpublish_at <= published_at:
            subject = definite(self.noun).replace("’", "'")
            self.add_error(
                "unpublish_at",
                "La date de dépublication doit suivre la date de publication ; sinon "
                f"{subject} ne paraîtrait jamais.",
            )


class ArticleAdminForm(PublicationFormMixin, VersionedFormMixin, tag_autocomplete_form(Article)):
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

    def publishing_problems(self, cleaned):
        candidate = copy.copy(self.instance)
        for name in CHECKED_FIELDS:
            setattr(candidate, name, cleaned.get(name) or "")
        return errors(
            check_article(
                candidate,
                body=cleaned.get("body", ""),
                hero_image=cleaned.get("hero_image"),
                tags=cleaned.get("tags"),
                parts=False,  # the parts' inlines check the parts as submitted
            )
        )

    def clean_front_matter_extra(self):
        """The extra front matter keeps what the schema does not know, never a real field."""
        extra = self.cleaned_data.get("front_matter_extra")
        problems = schema.check_extra_front_matter(extra, Article)
        if problems:
            raise forms.ValidationError(problems)
        return extra
