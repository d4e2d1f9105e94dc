"""The article list's actions: publish now, take down, duplicate as a draft (revoking preview
links is every publishable page's: `articles.admin.publishable`). Publishing and taking down
follow `articles.workflow`, as the form's buttons do."""

from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles import workflow
from articles.admin.conflicts import locked
from articles.admin_french import agreement
from articles.checklist import blocks_publishing, errors


class PublicationActionsMixin:
    """« Publier maintenant » and « Dépublier » on the list of any publishable page (the
    article, a case study), by `articles.workflow`, a draft with checklist errors refused
    (`checks(obj)`, `PublishableAdminMixin`). `count_noun`: « article(s) »."""

    count_noun = "article(s)"

    def said(self, count, participle):
        """« 2 article(s) publié(s) », « 1 étude(s) de cas publiée(s) »."""
        e = agreement(self.model._meta.verbose_name)
        return f"{count} {self.count_noun} {participle}{e}(s)"

    @admin.action(description="Publier maintenant", permissions=["change"])
    @transaction.atomic  # each row locked from its read to its write: no editor's save lost
    def publish_now(self, request, queryset):
        """Online now; a taken-down page comes back with its first date (a draft carrying
        an old date is published now: the form's « Publier » asks, a list cannot)."""
        published = 0
        now = timezone.now()
        e = agreement(self.model._meta.verbose_name)
        for page in locked(self.model.objects.filter(pk__in=queryset.values("pk"))):
            problems = errors(self.checks(page))
            if problems and blocks_publishing(page.status, page.Status.PUBLISHED):
                self.message_user(
                    request,
                    f"« {page} » n'est pas publié{e} : " + " ; ".join(p.text for p in problems),
                    messages.ERROR,
                )
                continue
            if page.publication_state() == page.State.ONLINE:
                continue
            workflow.publish(page, keep_date=workflow.keeps_date_when_listed(page), now=now)
            page.save()
            published += 1
        if published:
            self.message_user(request, f"{self.said(published, 'publié')}.", messages.SUCCESS)

    @admin.action(description="Dépublier", permissions=["change"])
    @transaction.atomic
    def unpublish(self, request, queryset):
        """A page online is taken down now (the list then says « Dépublié le … », and
        « Publier maintenant » brings it back); a scheduled one goes back to draft, since it
        was never online."""
        now = timezone.now()
        done = {workflow.TAKEN_DOWN: 0, workflow.UNSCHEDULED: 0}
        for page in locked(self.model.objects.filter(pk__in=queryset.values("pk"))).filter(
            status=self.model.Status.PUBLISHED
        ):
            outcome = workflow.take_down(page, now=now)
            if outcome is None:
                continue  # already offline
            page.save()
            done[outcome] += 1
        if done[workflow.TAKEN_DOWN]:
            self.message_user(
                request,
                f"{self.said(done[workflow.TAKEN_DOWN], 'dépublié')} : hors ligne dès maintenant.",
                messages.SUCCESS,
            )
        if done[workflow.UNSCHEDULED]:
            count, e = done[workflow.UNSCHEDULED], agreement(self.model._meta.verbose_name)
            self.message_user(
                request,
                f"{self.said(count, 'programmé')} repassé{e}(s) en brouillon.",
                messages.SUCCESS,
            )


class ArticleActionsMixin(PublicationActionsMixin):
    """The actions of the article list (see `ArticleAdmin.actions`)."""

    @admin.action(description="Dupliquer en brouillon", permissions=["add"])
    def duplicate_as_draft(self, request, queryset):
        for article in queryset:
            copy_ = workflow.duplicate(article)
            self.message_user(
                request,
                format_html(
                    'Copie créée en brouillon : <a href="{}">{}</a>.',
                    reverse("admin:articles_article_change", args=[copy_.pk]),
                    copy_.title,
                ),
                messages.SUCCESS,
            )
