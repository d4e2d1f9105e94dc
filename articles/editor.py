"""The admin editor's server side: django-markdownx's preview hook.

It lives apart from `articles.markdown` because it needs the models (the image lookup), which
the renderer must not import. The editor's preview and upload endpoints are to join it here.
"""

import html

from articles.markdown import ROLES_SLOT, MarkdownTooComplex, render_markdown
from articles.models import ImageAsset

ROLES_PREVIEW = (
    "<div class=\"roles-slot roles-slot--preview\">Les rôles de l'article s'affichent ici.</div>"
)


def markdownify(text):
    """django-markdownx's preview hook: the same pipeline as the published page."""
    try:
        rendered = render_markdown(text, ImageAsset.objects.lookup)
    except MarkdownTooComplex as exc:
        return f'<p class="errornote">{html.escape(str(exc))}</p>'
    return rendered.html.replace(ROLES_SLOT, ROLES_PREVIEW)
