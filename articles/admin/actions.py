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
from articles.checklist import blocks_publishing, check_article, errors
from articles.models import Article


class ArticleActionsMixin:
    """The actions of the article list (see `ArticleAdmin.actions`)."""

    @admin.action(description="Publier maintenant", permissions=["change"])
    @transaction.atomic  # each row locked from its read to its write: no editor's save lost
    def publish_now(self, request, queryset):
        """Online now; a taken-down article comes back with its first date (a draft carrying
        an old date is published now: the form's « Publier » asks, a list cannot)."""
        published = 0
        now = timezone.now()
        for article in locked(Article.objects.filter(pk__in=queryset.values("pk"))):
            problems = errors(check_article(article))
            if problems and blocks_publishing(article.status, Article.Status.PUBLISHED):
                self.message_user(
                    request,
                    f"« {article} » n'est pas publié : " + " ; ".join(p.text for p in problems),
                    messages.ERROR,
                )
                continue
            if article.publication_state() == Article.State.ONLINE:
                continue
            workflow.publish(article, keep_date=workflow.keeps_date_when_listed(article), now=now)
            article.save()
            published += 1
        if published:
            self.message_user(request, f"{published} article(s) publié(s).", messages.SUCCESS)

    @admin.action(description="Dépublier", permissions=["change"])
    @transaction.atomic
    def unpublish(self, request, queryset):
        """An article online is taken down now (the list then says « Dépublié le … », and
        « Publier maintenant » brings it back); a scheduled one goes back to draft, since it
        was never online."""
        now = timezone.now()
        done = {workflow.TAKEN_DOWN: 0, workflow.UNSCHEDULED: 0}
        for article in locked(Article.objects.filter(pk__in=queryset.values("pk"))).filter(
            status=Article.Status.PUBLISHED
        ):
            outcome = workflow.take_down(article, now=now)
            if outcome is None:
                continue  # already offline
            article.save()
            done[outcome] += 1
        if done[workflow.TAKEN_DOWN]:
            self.message_user(
                request,
                f"{done[workflow.TAKEN_DOWN]} article(s) dépublié(s) : hors ligne dès maintenant.",
                messages.SUCCESS,
            )
        if done[workflow.UNSCHEDULED]:
            self.message_user(
                request,
                f"{done[workflow.UNSCHEDULED]} article(s) programmé(s) repassé(s) en brouillon.",
                messages.SUCCESS,
            )

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
