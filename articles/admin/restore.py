"""Restoring a revision of an article, as Wagtail does: History → « Restaurer… » opens the
article's form filled with that version's content (title, text, fields; its parts and theirs
come back on saving, from their history: `articles.admin.parts`), keeping the publication state
of today (status, dates) unless the editor ticks « Rétablir aussi l'état de publication de
cette version ». The page says what will change (state, date, address, parts); nothing is
written until « Restaurer cette version », which goes through the form's checks (conflicts,
checklist) like any save."""

from django.contrib import messages
from django.contrib.admin import helpers as admin_helpers
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from articles.admin.display import french_datetime
from articles.admin.parts import accessor, has_history, part_kinds, restore_parts, versions_then
from articles.admin.publication import publication_parts, state_label
from articles.admin_french import definite, feminine

STATE_FIELDS = ("status", "published_at", "unpublish_at")
RESTORE_STATE = "etat"  # the query parameter (and hidden input) of the checkbox


def state_text(article):
    state, detail = publication_parts(article)
    return f"{state_label(state, article._meta.verbose_name)} {detail}".strip()


def shown_as_it_was(model):
    """« l'article tel qu'il était », « l'étude de cas telle qu'elle était »."""
    noun = model._meta.verbose_name
    it = "telle qu'elle" if feminine(noun) else "tel qu'il"
    return f"{definite(noun)} {it} était".replace("’", "'")


def restored_instance(record, live, with_state):
    """The article as the form shows it: the version's content, today's state unless asked,
    and today's version number (a deliberate restore is no conflict)."""
    article = record.instance
    article._state.adding = False
    if not with_state:
        for name in STATE_FIELDS:
            setattr(article, name, getattr(live, name))
    article.version = live.version
    return article


def what_changes(live, restored, version, with_state, moment):
    """The lines the review page shows: what saving this version changes, in French."""
    lines = []
    now_state, then_state = state_text(live), state_text(version)
    if with_state and now_state != then_state:
        lines.append(f"L'état de publication changera : {now_state} → {then_state}.")
    elif with_state:
        lines.append(f"L'état de publication reste le même : {now_state}.")
    else:
        line = f"L'état de publication reste celui d'aujourd'hui : {now_state}."
        if now_state != then_state:
            line += f" (Cette version était : {then_state}.)"
        lines.append(line)
    if restored.slug != live.slug:
        lines.append(
            f"L'adresse changera : {live.get_absolute_url()} → {restored.get_absolute_url()}."
        )
    if restored.title != live.title:
        lines.append(f"Le titre changera : « {live.title} » → « {restored.title} ».")
    for kind in filter(has_history, part_kinds(live)):
        then = [str(version.instance) for version in versions_then(kind, [live.pk], moment)]
        now = [str(part) for part in getattr(live, accessor(kind)).all()]
        if then != now:
            shown = ", ".join(f"« {name} »" for name in then) or "aucun"
            plural = kind.model_class._meta.verbose_name_plural
            agreed = (
                "telles qu'elles"
                if feminine(kind.model_class._meta.verbose_name)
                else "tels qu'ils"
            )
            lines.append(f"Les {plural} reviendront {agreed} étaient : {shown}.")
    return lines


class ArticleRestoreMixin:
    """The restore page (`history/<id>/`) of a publishable page's admin (the article, a case
    study), in place of simple-history's."""

    restore_template = "admin/articles/restore_form.html"

    def url_of(self, page, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args)

    @transaction.atomic  # the version check locks the row until the restore is written whole
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        pk = self.object_pk(object_id)
        live = self.get_object(request, object_id)
        if live is None:  # a deleted article: simple-history's page brings it back
            return super().history_form_view(request, object_id, version_id, extra_context)
        try:
            version_id = int(version_id)
        except ValueError:
            version_id = -1
        record = get_object_or_404(self.model.history.model, id=pk, history_id=version_id)
        if not self.may_restore(request, live):
            raise PermissionDenied
        with_state = (request.POST if request.method == "POST" else request.GET).get(
            RESTORE_STATE
        ) == "1"
        following = record.next_record
        moment = following.history_date if following is not None else timezone.now()
        form_class = self.get_form(request, live, change=True)
        if request.method == "POST":
            form = form_class(request.POST, request.FILES, instance=live)
            if form.is_valid():
                article = self.save_form(request, form, change=True)
                self.save_model(request, article, form, change=True)
                form.save_m2m()
                restore_parts(article, moment)
                self.log_change(request, article, "Version restaurée.")
                self.message_user(
                    request,
                    f"La version du {french_datetime(record.history_date)} est restaurée. "
                    f"État de publication : {state_text(article)}.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self.url_of("change", article.pk))
            live.refresh_from_db()
        restored = restored_instance(record, live, with_state)
        if request.method != "POST":
            form = form_class(instance=restored)
        return self.restore_response(request, form, live, restored, record, with_state, moment)

    def restore_response(self, request, form, live, restored, record, with_state, moment):
        admin_form = self.admin_form(request, form, live)
        when = french_datetime(record.history_date)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Restaurer la version du {when}",
            "subtitle": str(live),
            "adminform": admin_form,
            "object_id": live.pk,
            "original": live,
            "is_popup": False,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            "errors": self.error_list(form),
            "preserved_filters": self.get_preserved_filters(request),
            "restore": {
                "when": when,
                "with_state": with_state,
                "parameter": RESTORE_STATE,
                "changes": what_changes(live, restored, record.instance, with_state, moment),
                "history_url": self.url_of("history", live.pk),
                "change_url": self.url_of("change", live.pk),
                "changelist_url": self.url_of("changelist"),
                "preview_url": self.url_of("preview", live.pk),
                "base_template": self.change_form_template
                or "admin/articles/article/change_form.html",
                "shown": shown_as_it_was(self.model),
            },
        }
        response = self.render_change_form(
            request, context, change=True, obj=live, form_url=request.get_full_path()
        )
        response.template_name = [self.restore_template]
        return response

    def admin_form(self, request, form, obj):
        return admin_helpers.AdminForm(
            form,
            list(self.get_fieldsets(request, obj)),
            self.get_prepopulated_fields(request, obj),
            self.get_readonly_fields(request, obj),
            model_admin=self,
        )

    def error_list(self, form):
        return admin_helpers.AdminErrorList(form, [])
