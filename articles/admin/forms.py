"""The article's admin form: no silent overwrite between editors, no publishing with errors,
no front-matter key hiding a real field."""

import copy

from django import forms
from django.utils.html import format_html, format_html_join

from articles import schema
from articles.admin.helpers import tag_autocomplete_form
from articles.checklist import check_article, errors
from articles.models import Article

CHECKED_FIELDS = ["title", "slug", "description", "hero_image_url", "hero_image_alt"]


class ArticleAdminForm(tag_autocomplete_form(Article)):
    """The article form: no silent overwrite between editors, no publishing with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
            self.fields["version"].required = bool(self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        self.check_conflict(cleaned)
        if cleaned.get("status") == Article.Status.PUBLISHED:
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

    def clean_front_matter_extra(self):
        """The extra front matter keeps what the schema does not know, never a real field."""
        extra = self.cleaned_data.get("front_matter_extra")
        problems = schema.check_extra_front_matter(extra, Article)
        if problems:
            raise forms.ValidationError(problems)
        return extra

    def check_conflict(self, cleaned):
        """Someone saved this article since this form was opened: show both, write nothing."""
        if not self.instance.pk or cleaned.get("version") is None:
            return
        current = Article.objects.filter(pk=self.instance.pk).first()
        if current is None or current.version == cleaned["version"]:
            return
        theirs = {name: getattr(current, name) for name in CONFLICT_FIELDS}
        mine = {name: cleaned.get(name) for name in CONFLICT_FIELDS}
        rows = [
            format_html(
                "<tr><th>{}</th><td><pre>{}</pre></td><td><pre>{}</pre></td></tr>",
                Article._meta.get_field(name).verbose_name,
                theirs[name],
                mine[name],
            )
            for name in CONFLICT_FIELDS
            if str(theirs[name] or "") != str(mine[name] or "")
        ]
        # Submitting again, after reading this, replaces their version with yours.
        data = self.data.copy()
        data["version"] = current.version
        self.data = data
        raise forms.ValidationError(
            format_html(
                "Conflit : cet article a été modifié par un autre rédacteur depuis que vous "
                "l'avez ouvert (version {} enregistrée, vous partiez de la version {}). Rien "
                "n'a été enregistré. Comparez ci-dessous, reportez ce qui manque, puis "
                "enregistrez à nouveau pour garder votre version."
                '<table class="conflict"><thead><tr><th>Champ</th><th>Leur version</th>'
                "<th>Votre version</th></tr></thead><tbody>{}</tbody></table>",
                current.version,
                cleaned["version"],
                format_html_join("", "{}", ((row,) for row in rows)),
            )
        )


CONFLICT_FIELDS = [
    "title", "slug", "status", "published_at", "excerpt", "description", "body",
    "hero_image_url", "hero_image_alt", "hero_image_credit",
]  # fmt: skip
