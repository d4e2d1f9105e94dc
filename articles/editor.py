"""The admin editor's server side (the writing room): the Markdown field beside its live
preview, its preview and image drop endpoints, and the search and social previews of an
article's metadata.

Staff-only API endpoints, apart from the reader views. The preview hook lives here rather than
in `articles.markdown` because it needs the models (the image lookup), which the renderer
must not import.
"""

import copy
import html
import re
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils.text import slugify
from django.views.decorators.http import require_POST
from markdownx.widgets import AdminMarkdownxWidget

from articles import registry, seo
from articles.forms import ImageUploadForm
from articles.markdoc import markdoc_problems
from articles.markdown import MarkdownTooComplex, render_markdown, slot_html
from articles.models import Article, ImageAsset
from articles.models.content import lf_only
from articles.sanitise import sanitise


class MarkdownEditor(AdminMarkdownxWidget):
    """The Markdown field and its live preview side by side (a « Rédiger / Aperçu » switch on
    narrow screens), with a full-screen mode. Our script (`js/admin-editor.js`) drives every
    such widget on the page, those an inline adds later included; django-markdownx's own
    script is left out: it cannot start on a row added after the page loaded, and grows the
    textarea with its text where ours keeps it in view."""

    template_name = "admin/widgets/markdown_editor.html"

    def value_from_datadict(self, data, files, name):
        # Browsers send a textarea's lines ended by CRLF (HTML's rule); files, imports and
        # exports use LF. One form: a typo fix is not a change of every line in history,
        # and an export stays as it came.
        # CR alone (a client that is not a browser, text from an old Mac) is a line end too.
        return lf_only(super().value_from_datadict(data, files, name))

    def _render(self, template_name, context, renderer=None):
        # The project's templates (the form renderer only reads Django's and the apps' own).
        return render_to_string(template_name, context)

    class Media:
        extend = False
        css = {"all": ["css/admin-editor.css"]}
        js = ["js/admin-editor.js"]


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
    # Sanitised again once whole, as the last step: the preview is HTML too.
    return sanitise(problems + previewed_slots(rendered.html))


def previewed_slots(rendered_html):
    """The slots and markers of every content type shown as what the page draws there: a
    part's slot in its whole's body as the words the part declares (`Kind.slot_preview`), the
    markers of a part's own text as its `Kind.preview_markers` draws them."""
    for kind in registry.kinds():
        if kind.slot:
            shown = f'<div class="{kind.slot}-slot {kind.slot}-slot--preview">'
            rendered_html = rendered_html.replace(
                slot_html(kind.slot), f"{shown}{kind.slot_preview}</div>"
            )
        if kind.preview_markers is not None:
            rendered_html = kind.preview_markers(rendered_html)
    return rendered_html


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
    existing = form.existing is not None  # the same file dropped again: the same image
    return JsonResponse({"image_code": asset.markdown, "id": str(asset.pk), "existing": existing})


# --- What search engines and social networks will show ---------------------------------------
# The ranges they display, as their guides and measurements put them: Google cuts a title near
# 580 px of 20 px Arial (50 to 60 characters) and a description near 155 to 160 characters;
# LinkedIn shows a link's title on two lines (about 70 characters) under a 1.91:1 image of
# 1200 × 627 px at best.
TITLE_RANGE = (30, 60)
DESCRIPTION_RANGE = (120, 160)
SOCIAL_TITLE_MAX = 70
SOCIAL_IMAGE_WIDTH = 1200
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
PLACEHOLDER_SLUG = "adresse-de-l-article"


def cut(text, limit):
    """`text` as a result page shows it: whole, or cut at a word before `limit` with « … »."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:.—-") + " …"


def count_hint(length, low, high, short, long):
    """(state, words) for a length against the displayed range: « ok », « court » or « long »."""
    if length > high:
        return "long", long
    if length < low:
        return "court", short
    return "ok", "Dans la plage affichée."


def share_preview_context(article):
    """The search result and the shared card of `article` as it stands (saved or not), from the
    fields its page emits (`articles.seo.shared_fields`), with counts and hints."""
    article = copy.copy(article)
    article.title = article.title or ""
    if not SLUG_RE.match(article.slug or ""):
        article.slug = slugify(article.title) or PLACEHOLDER_SLUG
    try:
        shared = seo.shared_fields(article)
    except NoReverseMatch:  # a slug the blog keeps for its own pages: the form refuses it
        article.slug = PLACEHOLDER_SLUG
        shared = seo.shared_fields(article)
    title_length = len(shared["title"])
    suffix = len(shared["title"]) - len(article.title)
    title_state, title_hint = count_hint(
        title_length,
        *TITLE_RANGE,
        short="Court : 50 à 60 caractères sont conseillés.",
        long="Trop long : Google coupe vers 60 caractères (580 px).",
    )
    own = " ".join((article.description or "").split())
    if own:
        description_state, description_hint = count_hint(
            len(own),
            *DESCRIPTION_RANGE,
            short="Courte : 120 à 160 caractères sont conseillés.",
            long="Trop longue : la page en donne les 160 premiers caractères, coupés.",
        )
    elif (article.excerpt or "").strip():
        description_state = "court"
        description_hint = "Vide : la page donne le chapeau à sa place."
    else:
        description_state = "court"
        description_hint = "Vide : la page donne la description générale du blog."
    image = shared["image"]
    if image is None:
        image_hint = (
            "L'image principale choisie n'a pas de fichier : la carte partagée n'aura pas d'image."
            if article.hero_image_id
            else "Pas d'image principale : la carte partagée n'aura pas d'image."
        )
        image_state = "long"
    elif image["width"] and image["width"] < SOCIAL_IMAGE_WIDTH:
        image_state = "court"
        image_hint = (
            f"Image de {image['width']} px de large : LinkedIn la veut de "
            f"{SOCIAL_IMAGE_WIDTH} px au moins (1200 × 627)."
        )
    else:
        image_state, image_hint = "ok", "Image principale partagée."
    social_state, social_hint = count_hint(
        len(shared["og_title"]),
        1,
        SOCIAL_TITLE_MAX,
        short="Sans titre.",
        long=f"LinkedIn coupe le titre après deux lignes (environ {SOCIAL_TITLE_MAX} caractères).",
    )
    parts = urlsplit(shared["canonical"])
    return {
        "site_name": settings.SITE_NAME,
        "domain": parts.hostname or "",
        "crumbs": [parts.netloc, *[p for p in parts.path.split("/") if p]],
        "canonical": shared["canonical"],
        "title": shared["title"],
        "title_shown": cut(shared["title"], TITLE_RANGE[1]),
        "title_length": title_length,
        "title_suffix": suffix,
        "title_state": title_state,
        "title_hint": title_hint,
        "description": shared["description"],
        "description_shown": cut(shared["description"], DESCRIPTION_RANGE[1]),
        "description_length": len(own),
        "description_state": description_state,
        "description_hint": description_hint,
        "og_title": shared["og_title"],
        "social_length": len(shared["og_title"]),
        "social_state": social_state,
        "social_hint": social_hint,
        "image": image,
        # An asset shown from where this admin serves it (its absolute address may name another
        # host); an external image as shared, cropped by its CDN when it has one.
        "image_src": (article.hero["url"] if article.hero_image_id else image["url"])
        if image
        else "",
        "image_state": image_state,
        "image_hint": image_hint,
    }


def share_preview_html(article):
    return render_to_string("admin/articles/_share_preview.html", share_preview_context(article))


SHARED_FORM_FIELDS = ["title", "slug", "description", "excerpt", "hero_image_url", "hero_image_alt"]


@require_POST
@staff_with_permission("articles.change_article", "articles.add_article")
def share_preview(request):
    """The search and social previews for the article form as it stands, unsaved."""
    article = Article(**{name: request.POST.get(name, "")[:1000] for name in SHARED_FORM_FIELDS})
    try:
        hero = uuid.UUID(request.POST.get("hero_image", ""))
    except ValueError:
        hero = None
    if hero is not None:
        article.hero_image = ImageAsset.objects.filter(pk=hero).first()
    return HttpResponse(share_preview_html(article))
