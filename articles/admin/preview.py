"""The article page's « Aperçu »: the form as it stands, saved or not, rendered by the public
templates with its roles as the inline forms stand; nothing is written.

A preview shows what is there even when the form has errors, except where the page cannot be
built: a text the renderer refuses, or an address the blog cannot give (a slug it keeps for its
own pages, or none). Those are a 400 page saying why, in French."""

import copy

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.html import format_html

from articles.markdown import MarkdownTooComplex
from articles.models import Article, reading_minutes
from articles.views import article_response
from roles.models import Role

# The preview's answer when the page cannot be built (the reason names what and where).
PREVIEW_REFUSED = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Aperçu impossible</title></head>
<body><main><h1>Aperçu impossible</h1><p>{reason}</p>
<p>Corrigez-le dans la page de l'article, puis relancez l'aperçu.</p></main></body></html>
"""


def refused(reason):
    return HttpResponse(format_html(PREVIEW_REFUSED, reason=f"Aperçu impossible : {reason}"),
                        status=400)  # fmt: skip


def address_problem(form, label):
    """Why `form`'s slug gives no address, or None."""
    errors = form.errors.get("slug")
    return f"{label} : {' '.join(errors)}" if errors else None


class ArticlePreviewMixin:
    """The preview endpoints of the article admin (`articles_article_preview`, `…_new`)."""

    def preview_view(self, request, object_id=None):
        """The form as it stands, unsaved, rendered by the public templates."""
        if request.method != "POST":
            raise PermissionDenied
        instance = self.get_object(request, object_id) if object_id else Article()
        if object_id and instance is None:
            raise Http404
        if not self.has_view_or_change_permission(request, instance if object_id else None):
            raise PermissionDenied
        form_class = self.get_form(request, instance if object_id else None)
        form = form_class(request.POST, request.FILES, instance=copy.copy(instance))
        form.is_valid()  # errors do not stop a preview: it shows what is there
        problem = address_problem(form, "Adresse de l'article")
        if problem:
            return refused(problem)
        article = form.instance
        article.author = form.cleaned_data.get("author")
        tags = list(form.cleaned_data.get("tags") or [])
        try:
            article.render(placeholders=True)  # editors see what is missing
            roles = self.roles_as_edited(request, article)
        except MarkdownTooComplex as exc:  # a text the renderer refuses: say why, in a page
            return refused(exc)
        if isinstance(roles, str):
            return refused(roles)
        article.reading_time = reading_minutes(
            article.word_count + sum(role.word_count for role in roles)
        )
        return article_response(
            request, article, preview=True, tags=tags, parts={"roles": roles}, editor=True,
            unsaved=True,
        )  # fmt: skip

    def roles_as_edited(self, request, article):
        """The roles as the inline forms stand (added, changed, reordered, deleted), unsaved;
        or why one of them has no address."""
        formsets, _ = self._create_formsets(request, article, change=bool(article.pk))
        roles = []
        for formset in formsets:
            if formset.model is not Role:
                continue
            formset.is_valid()  # fills each form's instance, whatever its errors
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None) or {}
                if not data or data.get("DELETE") or not form.instance.title:
                    continue
                problem = address_problem(form, f"Rôle « {form.instance.title} », adresse")
                if problem:
                    return problem
                role = form.instance
                role.render(placeholders=True)
                roles.append(role)
        return sorted(roles, key=lambda role: (role.order, role.pk or 0))
