"""Admin for articles, authors, tags and images (in French, for editors)."""

import copy
import datetime
import difflib

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from simple_history.admin import SimpleHistoryAdmin
from taggit.models import Tag as TaggitTag

from articles.checklist import ERROR, OK, WARNING, check_article, errors
from articles.forms import ImageAssetAdminForm
from articles.markdown import render_markdown
from articles.models import Article, Author, ImageAsset, Redirect, Tag
from articles.preview import share_url

# Markdown fields get the live-preview editor; a URL typed without a scheme means https.
FORMFIELD_OVERRIDES = {
    MarkdownxField: {"widget": AdminMarkdownxWidget},
    models.URLField: {"assume_scheme": "https"},
}


def missing_alt_error(assets):
    names = ", ".join(f"« {a.caption or a.pk} » ({a.markdown})" for a in assets)
    return forms.ValidationError(
        f"Publication impossible : ces images n'ont pas de texte alternatif : {names}. "
        "Complétez-le dans « Images », ou enregistrez en brouillon."
    )


def tag_autocomplete_form(model):
    """A ModelForm whose `tags` field autocompletes against the Tag admin."""

    class TagAutocompleteForm(forms.ModelForm):
        tags = forms.ModelMultipleChoiceField(
            label="Tags",
            queryset=Tag.objects.all(),
            required=False,
            widget=AutocompleteSelectMultiple(model._meta.get_field("tags"), admin.site),
            help_text="Tapez pour chercher un tag ; créez-en de nouveaux dans « Tags ».",
        )

        class Meta:
            fields = "__all__"  # noqa: DJ007 (the admin decides the fields)

    TagAutocompleteForm._meta.model = model
    return TagAutocompleteForm


# Our Tag model (with its French label) replaces taggit's default one in the admin.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


class EditorMedia:
    css = {"all": ["css/admin-editor.css"]}


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]
    fields = ["old_path", "new_path"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}

    @admin.display(description="articles")
    def article_count(self, obj):
        return obj.articles.count()


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "label", "slug"]
    search_fields = ["name", "label", "slug"]
    prepopulated_fields = {"slug": ("name",)}


class FileMissingFilter(admin.SimpleListFilter):
    title = "fichier"
    parameter_name = "fichier"

    def lookups(self, request, model_admin):
        return [("manquant", "Fichier manquant"), ("present", "Fichier présent")]

    def queryset(self, request, queryset):
        if self.value() == "manquant":
            return queryset.missing_file()
        if self.value() == "present":
            return queryset.exclude(Q(file="") | Q(file__isnull=True))
        return queryset


@admin.register(ImageAsset)
class ImageAssetAdmin(admin.ModelAdmin):
    form = ImageAssetAdminForm
    list_display = ["thumbnail", "alt", "has_file", "size", "markdown_code", "created_at"]
    list_filter = [FileMissingFilter]
    search_fields = ["alt", "caption", "credit", "id"]
    readonly_fields = ["id", "thumbnail", "card_preview", "size", "markdown_code", "used_in"]
    fields = [
        "id", "file", "thumbnail", "size", "alt", "caption", "credit",
        "focal_x", "focal_y", "card_preview", "markdown_code", "used_in",
    ]  # fmt: skip

    @admin.display(description="vignette 16:9 des cartes")
    def card_preview(self, obj):
        cards = [r for r in (obj.renditions or []) if r["kind"] == "card"]
        if not cards:
            return "—"
        from django.core.files.storage import default_storage

        smallest = min(cards, key=lambda r: r["width"])
        return format_html(
            '<img src="{}" alt="" style="max-width:320px">', default_storage.url(smallest["name"])
        )

    def get_deleted_objects(self, objs, request):
        """Images still shown by an article or a role appear as protected: not deleted."""
        deleted, counts, perms, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            protected = [*protected, *(f"{obj} : {usage}" for usage in obj.usages())]
        return deleted, counts, perms, protected

    @admin.display(description="utilisée dans")
    def used_in(self, obj):
        usages = obj.usages() if obj.pk else []
        return ", ".join(usages) or "aucun article"

    @admin.display(description="aperçu")
    def thumbnail(self, obj):
        if not obj.file:
            return format_html('<span class="image-missing-badge">{}</span>', "Image manquante")
        return format_html(
            '<img src="{}" alt="" style="max-width:120px;max-height:80px">', obj.file.url
        )

    @admin.display(description="fichier présent", boolean=True)
    def has_file(self, obj):
        return bool(obj.file)

    @admin.display(description="dimensions")
    def size(self, obj):
        return f"{obj.width} × {obj.height} px" if obj.width else "—"

    @admin.display(description="code Markdown")
    def markdown_code(self, obj):
        return format_html("<code>{}</code>", obj.markdown)


CHECKED_FIELDS = ["title", "slug", "description", "hero_image_url", "hero_image_alt"]


class ArticleAdminForm(tag_autocomplete_form(Article)):
    """The article form: no silent overwrite between editors, no publishing with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
            self.fields["version"].required = bool(self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        self.check_conflict(cleaned)
        if cleaned.get("status") == Article.Status.PUBLISHED:
            candidate = copy.copy(self.instance)
            for name in CHECKED_FIELDS:
                setattr(candidate, name, cleaned.get(name) or "")
            problems = errors(
                check_article(
                    candidate,
                    body=cleaned.get("body", ""),
                    hero_image=cleaned.get("hero_image"),
                    tags=cleaned.get("tags"),
                    roles=False,  # the roles inline checks the roles as submitted
                )
            )
            if problems:
                raise forms.ValidationError(
                    "Publication impossible : "
                    + " ; ".join(p.text for p in problems)
                    + " Corrigez, ou enregistrez en brouillon."
                )
        return cleaned

    def check_conflict(self, cleaned):
        """Someone saved this article since this form was opened: show both, write nothing."""
        if not self.instance.pk or cleaned.get("version") is None:
            return
        current = Article.objects.filter(pk=self.instance.pk).first()
        if current is None or current.version == cleaned["version"]:
            return
        theirs = {name: getattr(current, name) for name in CONFLICT_FIELDS}
        mine = {name: cleaned.get(name) for name in CONFLICT_FIELDS}
        rows = [
            format_html(
                "<tr><th>{}</th><td><pre>{}</pre></td><td><pre>{}</pre></td></tr>",
                Article._meta.get_field(name).verbose_name,
                theirs[name],
                mine[name],
            )
            for name in CONFLICT_FIELDS
            if str(theirs[name] or "") != str(mine[name] or "")
        ]
        # Submitting again, after reading this, replaces their version with yours.
        data = self.data.copy()
        data["version"] = current.version
        self.data = data
        raise forms.ValidationError(
            format_html(
                "Conflit : cet article a été modifié par un autre rédacteur depuis que vous "
                "l'avez ouvert (version {} enregistrée, vous partiez de la version {}). Rien "
                "n'a été enregistré. Comparez ci-dessous, reportez ce qui manque, puis "
                "enregistrez à nouveau pour garder votre version."
                '<table class="conflict"><thead><tr><th>Champ</th><th>Leur version</th>'
                "<th>Votre version</th></tr></thead><tbody>{}</tbody></table>",
                current.version,
                cleaned["version"],
                format_html_join("", "{}", ((row,) for row in rows)),
            )
        )


CONFLICT_FIELDS = [
    "title", "slug", "status", "published_at", "excerpt", "description", "body",
    "hero_image_url", "hero_image_alt", "hero_image_credit",
]  # fmt: skip


class HistoryDiffMixin:
    """Revisions with a readable diff (django-simple-history keeps them; this shows them)."""

    def item_changes(self, obj, record):
        """Changes to the object's parts saved with this revision (none by default)."""
        return []

    def history_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/<int:history_id>/diff/",
                self.admin_site.admin_view(self.diff_view),
                name=f"{opts.app_label}_{opts.model_name}_history_diff",
            )
        ]

    @admin.display(description="changements")
    def changes(self, record):
        opts = self.model._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_history_diff",
            args=[record.id, record.history_id],
        )
        return format_html('<a href="{}">Voir les différences</a>', url)

    def diff_view(self, request, object_id, history_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        record = get_object_or_404(obj.history.model, history_id=history_id, id=obj.pk)
        previous = record.prev_record
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "original": obj,
            "record": record,
            "previous": previous,
            "diffs": history_diff(previous, record),
            "item_changes": self.item_changes(obj, record),
            "title": f"Différences : {obj}",
            "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            "change_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
            ),
            "history_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]
            ),
            "restore_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_simple_history",
                args=[obj.pk, record.history_id],
            ),
        }
        return TemplateResponse(request, "admin/history_diff.html", context)


@admin.register(Article)
class ArticleAdmin(HistoryDiffMixin, SimpleHistoryAdmin):
    form = ArticleAdminForm
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = [
        "title",
        "status",
        "is_published",
        "published_at",
        "author",
        "tag_list",
        "reading_time",
    ]
    list_filter = ["status", "author", "tags"]
    search_fields = ["title", "slug", "description", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["author", "hero_image"]
    view_on_site = True
    readonly_fields = ["checklist", "share_link", "reading_time", "word_count", "updated_at"]
    actions = ["publish_now", "unpublish", "duplicate_as_draft", "revoke_preview_links"]
    history_list_display = ["status", "changes"]
    Media = EditorMedia
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "tags", "version"]}),
        (
            "Publication",
            {
                "fields": ["status", "published_at", "unpublish_at", "checklist", "share_link"],
                "description": "Une date future programme l'article : il paraît seul à "
                "l'heure dite, sans autre action.",
            },
        ),
        ("Contenu", {"fields": ["excerpt", "body"]}),
        (
            "Image principale",
            {
                "fields": ["hero_image", "hero_image_url", "hero_image_alt", "hero_image_credit"],
                "description": "Une image de la bibliothèque, ou à défaut une adresse externe.",
            },
        ),
        (
            "Référencement et lecture",
            {
                "classes": ["collapse"],
                "fields": [
                    "description",
                    "declared_reading_time",
                    "force_declared_reading_time",
                    "reading_time",
                    "word_count",
                    "front_matter_extra",
                    "updated_at",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author").prefetch_related("tags")

    def get_urls(self):
        return [
            path(
                "<path:object_id>/apercu/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "apercu/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview_new",
            ),
            *self.history_urls(),
            *super().get_urls(),
        ]

    @admin.display(description="tags")
    def tag_list(self, obj):
        return ", ".join(t.display for t in obj.tags.all())

    @admin.display(description="liste de contrôle avant publication")
    def checklist(self, obj):
        if not obj.pk:
            return "Enregistrez une première fois pour voir la liste de contrôle."
        symbols = {ERROR: "✗", WARNING: "⚠", OK: "✓"}
        return format_html(
            '<ul class="checklist-admin">{}</ul>',
            format_html_join(
                "",
                '<li class="checklist-admin__{}"><span aria-hidden="true">{}</span> {}</li>',
                ((c.level, symbols[c.level], c.text) for c in check_article(obj)),
            ),
        )

    @admin.display(description="lien d'aperçu à partager")
    def share_link(self, obj):
        if not obj.pk:
            return "—"
        days = settings.PREVIEW_LINK_MAX_AGE // 86400
        return format_html(
            '<input type="text" readonly value="{}" size="70" aria-label="Lien d\'aperçu">'
            '<div class="help">Lecture seule, pour cet article, valable {} jours. '
            "L'action « Révoquer les liens d'aperçu » les invalide tous.</div>",
            share_url(obj),
            days,
        )

    # --- Actions -----------------------------------------------------------------------

    @admin.action(description="Publier maintenant", permissions=["change"])
    def publish_now(self, request, queryset):
        published = 0
        for article in queryset:
            problems = errors(check_article(article))
            if problems:
                self.message_user(
                    request,
                    f"« {article} » n'est pas publié : " + " ; ".join(p.text for p in problems),
                    messages.ERROR,
                )
                continue
            article.status = Article.Status.PUBLISHED
            if article.published_at is None or article.published_at > timezone.now():
                article.published_at = timezone.now()
            article.save()
            published += 1
        if published:
            self.message_user(request, f"{published} article(s) publié(s).", messages.SUCCESS)

    @admin.action(description="Dépublier", permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.status = Article.Status.DRAFT
            article.save()
            count += 1
        self.message_user(request, f"{count} article(s) repassé(s) en brouillon.", messages.SUCCESS)

    @admin.action(description="Dupliquer en brouillon", permissions=["add"])
    def duplicate_as_draft(self, request, queryset):
        for article in queryset:
            copy_ = duplicate_article(article)
            self.message_user(
                request,
                format_html(
                    'Copie créée en brouillon : <a href="{}">{}</a>.',
                    reverse("admin:articles_article_change", args=[copy_.pk]),
                    copy_.title,
                ),
                messages.SUCCESS,
            )

    @admin.action(description="Révoquer les liens d'aperçu", permissions=["change"])
    def revoke_preview_links(self, request, queryset):
        count = queryset.update(preview_version=F("preview_version") + 1)
        self.message_user(
            request, f"Liens d'aperçu révoqués pour {count} article(s).", messages.SUCCESS
        )

    # --- Preview and history -------------------------------------------------------------

    def preview_view(self, request, object_id=None):
        """The form as it stands, unsaved, rendered by the public templates."""
        from articles.views import render_article

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
        article = form.instance
        article.author = form.cleaned_data.get("author") if hasattr(form, "cleaned_data") else None
        article.render()
        tags = list(form.cleaned_data.get("tags") or []) if hasattr(form, "cleaned_data") else []
        return render_article(
            request, article, preview=True, tags=tags, roles=self.roles_as_edited(request, article)
        )

    def roles_as_edited(self, request, article):
        """The roles as the inline forms stand (added, changed, reordered, deleted), unsaved."""
        role_model = Article._meta.get_field("roles").related_model
        formsets, _ = self._create_formsets(request, article, change=bool(article.pk))
        roles = []
        for formset in formsets:
            if formset.model is not role_model:
                continue
            formset.is_valid()  # fills each form's instance, whatever its errors
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None) or {}
                if not data or data.get("DELETE") or not form.instance.title:
                    continue
                role = form.instance
                role.intro_html = render_markdown(role.intro or "", ImageAsset.objects.lookup).html
                roles.append(role)
        return sorted(roles, key=lambda role: (role.order, role.pk or 0))


def history_diff(previous, record):
    """Field by field, what changed between two versions, as readable HTML diffs."""
    fields = [f for f in record.instance_type._meta.fields if f.name in HISTORY_DIFF_FIELDS]

    def shown(value):
        if isinstance(value, datetime.datetime):  # to the second, in Paris time
            return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S")
        return "" if value is None else str(value)

    diffs = []
    for field in fields:
        old = "" if previous is None else shown(getattr(previous, field.attname))
        new = shown(getattr(record, field.attname))
        if old == new:
            continue
        table = difflib.HtmlDiff(wrapcolumn=70).make_table(
            old.splitlines(), new.splitlines(), "Avant", "Après", context=True, numlines=2
        )
        diffs.append({"label": field.verbose_name, "table": mark_safe(table)})  # noqa: S308
    return diffs


HISTORY_DIFF_FIELDS = {
    "title", "slug", "status", "published_at", "unpublish_at", "excerpt", "description", "body",
    "hero_image", "hero_image_url", "hero_image_alt", "hero_image_credit", "author",
    "declared_reading_time", "force_declared_reading_time",
    "nickname", "intro", "order", "image", "dedicated_url", "dedicated_label",
}  # fmt: skip


def duplicate_article(article):
    """A draft copy with its tags and roles (and their missions, background, titles)."""
    roles = list(article.roles.prefetch_related("missions", "background", "alternative_titles"))
    tags = list(article.tags.all())
    base = f"{article.slug}-copie"[:190]
    slug, number = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    copy_ = copy.copy(article)
    copy_.pk = None
    copy_._state.adding = True
    copy_.slug = slug
    copy_.title = f"{article.title} (copie)"
    copy_.status = Article.Status.DRAFT
    copy_.version = 0
    copy_.save()
    copy_.tags.set(tags)
    for role in roles:
        items = [*role.missions.all(), *role.background.all(), *role.alternative_titles.all()]
        role_tags = list(role.tags.all())
        role.pk = None
        role._state.adding = True
        role.article = copy_
        role.save()
        role.tags.set(role_tags)
        for item in items:
            item.pk = None
            item._state.adding = True
            item.role = role
            item.save()
    return copy_
