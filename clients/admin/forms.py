"""The case study's admin form: its quotes and deliverables nested in it (`items`), no silent
overwrite between editors (its `version`, its lists compared too), the article's publication
buttons and date rules (`articles.admin.forms.PublicationFormMixin`), no draft published with
the checklist's errors (`clients.checklist`)."""

import copy

from articles.admin.conflicts import VersionedFormMixin
from articles.admin.forms import PublicationFormMixin
from articles.admin.helpers import tag_autocomplete_form
from articles.checklist import errors
from clients.admin.items import CaseStudyItemsMixin
from clients.checklist import check_case_study
from clients.models import CaseStudy

CONFLICT_FIELDS = [
    "name", "slug", "title", "subtitle", "description", "speaker", "speaker_role", "duration",
    "hero_image", "youtube_id", "body", "status", "published_at", "unpublish_at",
]  # fmt: skip
CHECKED_FIELDS = ["description"]


class CaseStudyAdminForm(
    CaseStudyItemsMixin,
    PublicationFormMixin,
    VersionedFormMixin,
    tag_autocomplete_form(CaseStudy),
):
    conflict_subject = "cette étude de cas"
    conflict_subject_feminine = True
    conflict_fields = CONFLICT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:  # the model's help text holds « <slug> », read as markup here
            self.fields["slug"].help_text = (
                "La fin de l'adresse : /clients/acme/ pour « acme ». Minuscules, chiffres et "
                "tirets."
            )
        for name, rows in (("subtitle", 2), ("description", 3)):
            if name in self.fields:
                self.fields[name].widget.attrs["rows"] = rows
        if "status" in self.fields:  # « Publié » with a future date means scheduled: say so
            self.fields["status"].choices = [
                (CaseStudy.Status.DRAFT, "Brouillon"),
                (CaseStudy.Status.PUBLISHED, "Publiée (en ligne à sa date de publication)"),
            ]

    def publishing_problems(self, cleaned):
        candidate = copy.copy(self.instance)
        for name in CHECKED_FIELDS:
            setattr(candidate, name, cleaned.get(name) or "")
        return errors(
            check_case_study(
                candidate, body=cleaned.get("body", ""), hero_image=cleaned.get("hero_image")
            )
        )
