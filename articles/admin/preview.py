"""The article page's « Aperçu »: the form as it stands, saved or not, rendered by the public
templates with its parts (its roles) as the inline forms stand; nothing is written.

A preview shows what is there even when the form has errors, except where the page cannot be
built: a text the renderer refuses, or an address the blog cannot give (a slug it keeps for its
own pages, or none). Those are a 400 page saying why, in French."""

import copy

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.html import format_html
from django.utils.text import capfirst

from articles.admin.parts import kind_or_none, ordering_key
from articles.markdown import MarkdownTooComplex
from articles.models import Article, reading_minutes
from articles.views import article_response, page_parts, part_rows

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


class FormPreviewMixin:
    """The « Aperçu » endpoint of an admin page (`<app>_<model>_preview`, `…_new`): POST only,
    the form as it stands bound to a copy of the stored row (or to a new one), its errors not
    stopping the preview; `preview_of(request, form)` draws the page. Nothing is written."""

    def preview_view(self, request, object_id=None):
        if request.method != "POST":
            raise PermissionDenied
        instance = self.get_object(request, object_id) if object_id else self.model()
        if object_id and instance is None:
            raise Http404
        if not self.has_view_or_change_permission(request, instance if object_id else None):
            raise PermissionDenied
        form_class = self.get_form(request, instance if object_id else None)
        form = form_class(request.POST, request.FILES, instance=copy.copy(instance))
        form.is_valid()  # errors do not stop a preview: it shows what is there
        return self.preview_of(request, form)

    def preview_of(self, request, form):
        raise NotImplementedError


class ArticlePreviewMixin(FormPreviewMixin):
    """The preview endpoints of the article admin (`articles_article_preview`, `…_new`)."""

    def preview_of(self, request, form):
        """The form as it stands, unsaved, rendered by the public templates."""
        problem = address_problem(form, "Adresse de l'article")
        if problem:
            return refused(problem)
        article = form.instance
        article.author = form.cleaned_data.get("author")
        tags = list(form.cleaned_data.get("tags") or [])
        try:
            article.render(placeholders=True)  # editors see what is missing
            parts = self.parts_as_edited(request, article)
        except MarkdownTooComplex as exc:  # a text the renderer refuses: say why, in a page
            return refused(exc)
        if isinstance(parts, str):
            return refused(parts)
        words = sum(getattr(part, "word_count", 0) for shown in parts.values() for part in shown)
        article.reading_time = reading_minutes(article.word_count + words)
        return article_response(
            request, article, preview=True, tags=tags, parts=parts, editor=True, unsaved=True
        )

    def parts_as_edited(self, request, article):
        """The article's parts as the inline forms stand (added, changed, reordered, deleted),
        unsaved, as {context name: parts} (each kind's `context_name`); or why one of them has
        no address."""
        formsets, _ = self._create_formsets(request, article, change=bool(article.pk))
        parts = {}
        for formset in formsets:
            kind = kind_or_none(formset.model)
            if kind is None or kind.part_of.lower() != Article._meta.label_lower:
                continue
            formset.is_valid()  # fills each form's instance, whatever its errors
            shown = parts.setdefault(kind.context_name, [])
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None) or {}
                part = form.instance
                if not data or data.get("DELETE") or not str(part):
                    continue
                name = capfirst(formset.model._meta.verbose_name)
                problem = address_problem(form, f"{name} « {part} », adresse")
                if problem:
                    return problem
                if kind.rendered:
                    part.render(placeholders=True)
                shown.append(part)
            shown.sort(key=preview_order(formset.model))
        for kind in page_parts():  # a part the article's form does not edit: as stored
            if kind.context_name not in parts:
                parts[kind.context_name] = part_rows(article, kind) if article.pk else []
        return parts


def preview_order(model):
    """Unsaved parts in their model's order (a new one, without a key yet, first among
    equals)."""
    key = ordering_key(model)
    return lambda part: tuple(0 if value is None else value for value in key(part))
