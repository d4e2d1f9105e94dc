"""What the admin page of every `Publishable` (the article, a case study) shares: its state
in the list, its checklist and share link on the form, the banner when a page online has
points to fix, the submit row's « Publier », « Programmer… » and « Dépublier »
(`templates/admin/articles/_publication_buttons.html`, the rules: `articles.workflow`) and
what the page says after them, and the list's « Révoquer les liens d'aperçu ».

The admin says what it needs of its content type: `checks(obj)` (its checklist) and
`share_url(obj)` (its signed preview link). Sentences agree with the model's noun
(`articles.admin_french`): « l'étude de cas est enregistrée et publiée »."""

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import F
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles.admin.forms import PUBLISH, SCHEDULE, intent_of
from articles.admin.publication import publication_buttons, publication_parts, state_label
from articles.admin_french import VOWELS, agreement, feminine
from articles.checklist import ERROR, OK, WARNING, errors
from articles.models.publication import State

SYMBOLS = {ERROR: "✗", WARNING: "⚠", OK: "✓"}


def demonstrative(noun):
    """« cet article », « cette étude de cas », « ce rôle »."""
    noun = str(noun)
    if feminine(noun):
        return f"cette {noun}"
    return f"{'cet' if noun.startswith(VOWELS) else 'ce'} {noun}"


class PublishableAdminMixin:
    """For the ModelAdmin of a `Publishable`; readonly fields `publication`, `checklist`,
    `share_link`, and the action `revoke_preview_links`."""

    def checks(self, obj):
        raise NotImplementedError  # the content type's checklist

    def share_url(self, obj):
        raise NotImplementedError  # the content type's signed preview link

    @property
    def noun(self):
        return self.model._meta.verbose_name

    # --- The list and the form's read-only fields --------------------------------------------

    @admin.display(description="état", ordering="published_at")
    def publication(self, obj):
        """« Programmé pour le 3 janvier 2027 à 09:00 »: the state marked, its date after."""
        if not obj.pk:
            return f"Brouillon (pas encore enregistré{agreement(self.noun)})"
        state, detail = publication_parts(obj)
        return format_html(
            '<span class="publication publication--{}">{}</span> {}',
            state,
            state_label(state, self.noun),
            detail,
        )

    @admin.display(description="liste de contrôle avant publication")
    def checklist(self, obj):
        if not obj.pk:
            return "Enregistrez une première fois pour voir la liste de contrôle."
        return format_html(
            '<ul class="checklist-admin">{}</ul>',
            format_html_join(
                "",
                '<li class="checklist-admin__{}"><span aria-hidden="true">{}</span> {}</li>',
                ((c.level, SYMBOLS[c.level], c.text) for c in self.checks(obj)),
            ),
        )

    @admin.display(description="lien d'aperçu à partager")
    def share_link(self, obj):
        if not obj.pk:
            return "—"
        days = settings.PREVIEW_LINK_MAX_AGE // 86400
        return format_html(
            '<input type="text" readonly value="{}" size="70" aria-label="Lien d\'aperçu">'
            '<div class="help">Lecture seule, pour {}, valable {} jours. '
            "L'action « Révoquer les liens d'aperçu » les invalide tous.</div>",
            self.share_url(obj),
            demonstrative(self.noun),
            days,
        )

    @admin.action(description="Révoquer les liens d'aperçu", permissions=["change"])
    def revoke_preview_links(self, request, queryset):
        # Not a change of the page: no revision, no new version for its open forms.
        count = queryset.update(preview_version=F("preview_version") + 1)
        opts = self.model._meta
        noun = opts.verbose_name if count == 1 else opts.verbose_name_plural
        self.message_user(
            request,
            f"Liens d'aperçu révoqués pour {count} {noun} : ils ne s'ouvrent plus.",
            messages.SUCCESS,
        )

    # --- The form: the checklist's banner, the publication buttons --------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            obj = self.get_object(request, object_id)
            if obj is not None:
                self.warn_about_checklist(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def warn_about_checklist(self, request, obj):
        """A page already published is saved whatever its checklist says: the banner says
        what to fix (a draft is refused before, see `PublicationFormMixin`)."""
        if obj.status != obj.Status.PUBLISHED:
            return
        problems = errors(self.checks(obj))
        if problems:
            count = len(problems)
            self.message_user(
                request,
                f"« {obj} » est publié{agreement(self.noun)} avec {count} "
                f"point{'s' if count > 1 else ''} à revoir (l'enregistrement reste possible) : "
                + " ; ".join(p.text for p in problems)
                + " Corrigez dès que possible.",
                messages.WARNING,
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["publication_buttons"] = publication_buttons(obj, self.noun)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if intent_of(request.POST):
            return self.published_response(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if intent_of(request.POST):
            return self.published_response(request, obj)
        return super().response_change(request, obj)

    def published_response(self, request, obj):
        """After « Publier », « Programmer… » or « Dépublier »: the page's form again,
        saying where it stands now."""
        state, detail = publication_parts(obj)
        e = agreement(self.noun)
        if state == State.DRAFT:  # « Annuler la programmation »
            pronoun = "elle" if e else "il"
            text = (
                f"« {obj} » est enregistré{e} et repassé{e} en brouillon : "
                f"{pronoun} ne paraîtra pas."
            )
        else:
            done = {PUBLISH: "publié", SCHEDULE: "programmé"}.get(intent_of(request.POST))
            text = f"« {obj} » est enregistré{e} et {done or 'retiré'}{e} : "
            text += f"{state_label(state, self.noun).lower()} {detail}".rstrip() + "."
        self.message_user(request, text, messages.SUCCESS)
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        return HttpResponseRedirect(url)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "_continue" not in request.POST:  # the change page it returns to says it itself
            self.warn_about_checklist(request, form.instance)
