"""The admin editor's server side: django-markdownx's live preview and image drop endpoints.

Staff-only API endpoints, apart from the reader views. The preview hook lives here rather than
in `articles.markdown` because it needs the models (the image lookup), which the renderer
must not import.
"""

import html

from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

from articles.forms import ImageUploadForm
from articles.markdoc import markdoc_problems
from articles.markdown import ROLES_SLOT, MarkdownTooComplex, render_markdown
from articles.models import ImageAsset

ROLES_PREVIEW = (
    "<div class=\"roles-slot roles-slot--preview\">Les rôles de l'article s'affichent ici.</div>"
)


def markdownify(text):
    """django-markdownx's preview hook: the same pipeline as the published page, under the
    Markdoc tags readers will not see as written, if any (line by line, with the fix). A
    missing image shows its placeholder here (editors), where readers get nothing."""
    try:
        rendered = render_markdown(text, ImageAsset.objects.lookup, placeholders=True)
    except MarkdownTooComplex as exc:
        return f'<p class="errornote">{html.escape(str(exc))}</p>'
    problems = "".join(
        f'<p class="errornote">Ligne {line}&nbsp;: {html.escape(message)}</p>'
        for line, message in markdoc_problems(text)
    )
    return problems + rendered.html.replace(ROLES_SLOT, ROLES_PREVIEW)


def staff_with_permission(*perms):
    """403 (not a login redirect) for anyone but active staff holding one of `perms`: these
    are API endpoints, and being staff alone grants nothing."""

    def check(user):
        if not (user.is_active and user.is_staff and any(user.has_perm(p) for p in perms)):
            raise PermissionDenied
        return True

    return user_passes_test(check)


@require_POST
@staff_with_permission("articles.change_article", "articles.add_article")
def markdown_preview(request):
    """Live preview for the admin editor: the published pipeline, nothing else."""
    return HttpResponse(markdownify(request.POST.get("content", "")))


@require_POST
@staff_with_permission("articles.add_imageasset")
def image_upload(request):
    """Drag-and-drop upload: create an ImageAsset and hand back `![alt](<uuid>)`."""
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = [str(e) for errs in form.errors.values() for e in errs]
        return JsonResponse({"error": " ".join(errors), "errors": form.errors}, status=400)
    asset = form.save()
    return JsonResponse({"image_code": asset.markdown, "id": str(asset.pk)})
