"""Import and export in the article admin: an import page and an « Exporter en Markdown » action.

Registered through the article admin's extension point (`articles.admin.extensions`, from
`PublishingConfig.ready`): the page and the action call the same functions as the
import_markdown and export_markdown commands.
"""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from articles.admin.extensions import ArticleAdminExtension, ListLink
from publishing.errors import ContentError
from publishing.forms import ImportForm
from publishing.load import ImportFailed
from publishing.uploads import export_zip, import_upload

PENDING_IMPORT_SALT = "publishing.import"


def pending_storage():
    """Where checked uploads wait for the editor's confirmation: a private folder
    (`PENDING_IMPORT_DIR`), never the public media."""
    return FileSystemStorage(location=settings.PENDING_IMPORT_DIR, base_url=None)


def purge_pending_imports():
    """Delete the uploads nobody confirmed or cancelled within `PENDING_IMPORT_MAX_AGE`."""
    folder = Path(settings.PENDING_IMPORT_DIR)
    if not folder.is_dir():
        return
    oldest = time.time() - settings.PENDING_IMPORT_MAX_AGE
    for file in folder.iterdir():
        if file.is_file() and file.stat().st_mtime < oldest:
            file.unlink(missing_ok=True)


@admin.action(description="Exporter en Markdown", permissions=["view"])
def export_markdown(model_admin, request, queryset):
    slugs = list(queryset.values_list("slug", flat=True))
    response = HttpResponse(export_zip(slugs), content_type="application/zip")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="articles-{stamp}.zip"'
    return response


class ImportExport(ArticleAdminExtension):
    """« Importer du Markdown » above the article list, « Exporter en Markdown » among its
    actions."""

    links = (ListLink("Importer du Markdown", "articles_article_import", "add"),)
    actions = (export_markdown,)

    def get_urls(self, model_admin):
        def import_view(request):
            return self.import_view(model_admin, request)

        return [
            path(
                "importer/",
                model_admin.admin_site.admin_view(import_view),
                name="articles_article_import",
            )
        ]

    def import_view(self, model_admin, request):
        if not (
            model_admin.has_add_permission(request) and model_admin.has_change_permission(request)
        ):
            raise PermissionDenied
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": "Importer du Markdown",
        }
        purge_pending_imports()
        if request.method == "POST" and request.POST.get("token"):
            if "cancel" in request.POST:
                return self.cancel_import(request)
            return self.confirm_import(request, context)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            options = self.options_from(form.cleaned_data)
            context.update(self.run(upload.name, data, options, dry_run=True))
            if not context.get("failed"):
                context["token"] = self.keep_pending(upload.name, data, options)
        context["form"] = form
        return TemplateResponse(request, "admin/publishing/import.html", context)

    @staticmethod
    def options_from(data):
        return {
            "status": data.get("status") or None,
            "skip_invalid": bool(data.get("skip_invalid")),
            "strict": bool(data.get("strict")),
            "permalink": data.get("permalink") or "",
        }

    @staticmethod
    def run(name, data, options, dry_run):
        try:
            report = import_upload(name, data, dry_run=dry_run, **options)
        except ImportFailed as failure:
            return {"report": failure.report, "failed": True, "dry_run": dry_run}
        except ContentError as exc:
            return {"fatal": str(exc), "failed": True, "dry_run": dry_run}
        return {"report": report, "dry_run": dry_run}

    @staticmethod
    def keep_pending(name, data, options):
        """Keep the checked upload, out of public reach, until the editor confirms or cancels
        it (or it expires). Stored under a name of ours (the upload's own may be longer than
        a file name can be): the signed token keeps the name it was sent under."""
        stored = pending_storage().save(
            f"{uuid.uuid4()}{Path(name).suffix.lower()}", ContentFile(data)
        )
        return signing.dumps({"path": stored, "name": name, **options}, salt=PENDING_IMPORT_SALT)

    @staticmethod
    def read_token(request):
        try:
            return signing.loads(
                request.POST["token"],
                salt=PENDING_IMPORT_SALT,
                max_age=settings.PENDING_IMPORT_MAX_AGE,
            )
        except signing.BadSignature:
            messages.error(request, "Import expiré ou invalide : envoyez le fichier à nouveau.")
            return None

    def cancel_import(self, request):
        pending = self.read_token(request)
        if pending is not None:
            pending_storage().delete(pending["path"])
            messages.info(request, "Import annulé : le fichier envoyé a été supprimé.")
        return redirect("admin:articles_article_import")

    def confirm_import(self, request, context):
        pending = self.read_token(request)
        if pending is None:
            return redirect("admin:articles_article_import")
        stored = pending.pop("path")
        name = pending.pop("name")
        storage = pending_storage()
        if not storage.exists(stored):
            messages.error(request, "Cet import a déjà été fait, a été annulé ou a expiré.")
            return redirect("admin:articles_article_import")
        with storage.open(stored, "rb") as handle:
            data = handle.read()
        try:
            result = self.run(name, data, pending, dry_run=False)
        finally:
            storage.delete(stored)
        # The report of what was done, file by file, as the preview showed it.
        context.update(result, form=ImportForm())
        return TemplateResponse(request, "admin/publishing/import.html", context)
