"""The article's admin page, declared here whole: its form, its role inline, its actions and
its previews. Other apps add to it only through `articles.admin.extensions`."""

import copy

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.conflicts import VersionedFormMixin, comparable
from articles.admin.extensions import extensions
from articles.admin.forms import ArticleAdminForm
from articles.admin.helpers import (
    FORMFIELD_OVERRIDES,
    EditorMedia,
    HistoryDiffMixin,
    french_date,
    french_datetime,
    missing_alt_error,
)
from articles.admin.search import FoldedSearchMixin
from articles.admin.tags import TagLabelFilter
from articles.checklist import ERROR, OK, WARNING, check_article, errors
from articles.markdown import MarkdownTooComplex, image_ids
from articles.models import Article, ImageAsset, Role
from articles.preview import share_url
from articles.views import render_article

# The preview's answer when the text cannot be rendered (the reason names what and where).
PREVIEW_REFUSED = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Aperçu impossible</title></head>
<body><main><h1>Aperçu impossible</h1><p>{reason}</p>
<p>Corrigez le texte dans la page de l'article, puis relancez l'aperçu.</p></main></body></html>
"""


class RoleInlineFormSet(BaseInlineFormSet):
    def clean(self):
        """Publishing the article needs alt text on the roles' images too."""
        super().clean()
        if self.data.get("status") != Article.Status.PUBLISHED:
            return
        ids = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            if form.cleaned_data.get("image"):
                ids.add(form.cleaned_data["image"].pk)
            ids.update(image_ids(form.cleaned_data.get("intro", "")))
        missing = list(ImageAsset.objects.filter(pk__in=ids, alt=""))
        if missing:
            raise missing_alt_error(missing)


INLINE_ROLE_FIELDS = ["order", "title", "slug", "nickname", "image", "intro"]


class RoleInlineForm(VersionedFormMixin, forms.ModelForm):
    """A role as the article page shows it: a role changed on its own page since this page was
    opened is never put back silently. A role this editor did not touch keeps its new version
    (theirs); one she changed too is refused with both versions shown."""

    conflict_subject = "ce rôle"
    conflict_fields = INLINE_ROLE_FIELDS

    class Meta:
        model = Role
        fields = [*INLINE_ROLE_FIELDS, "version"]

    def resolve_conflict(self, current, cleaned):
        base = (
            Role.history.filter(id=self.instance.pk, version=cleaned["version"])
            .order_by("-history_date")
            .first()
        )
        untouched = base is not None and all(
            comparable(getattr(base, name)) == comparable(cleaned.get(name))
            for name in self.conflict_fields
        )
        if untouched:
            for name in self.conflict_fields:
                cleaned[name] = getattr(current, name)
            cleaned["version"] = current.version
        return untouched


class RoleInline(admin.StackedInline):
    model = Role
    form = RoleInlineForm
    formset = RoleInlineFormSet
    fk_name = "article"
    extra = 0
    fields = [*INLINE_ROLE_FIELDS, "version"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["image"]
    formfield_overrides = FORMFIELD_OVERRIDES
    show_change_link = True
    ordering = ["order", "pk"]
    verbose_name = "rôle"
    verbose_name_plural = (
        "rôles (missions, parcours type et autres intitulés : lien « Modifier » de chaque rôle)"
    )


def publication_parts(article):
    """What readers get of this article, as (state, its detail): (SCHEDULED, « pour le 3
    janvier 2027 à 09:00 »), (ONLINE, « depuis le 6 mai 2025 »), (TAKEN_DOWN, « le … »)…"""
    state = article.publication_state()
    if state == Article.State.SCHEDULED:
        detail = f"pour le {french_datetime(article.published_at)}"
    elif state == Article.State.ONLINE:
        detail = f"depuis le {french_date(article.published_at)}"
    elif state == Article.State.TAKEN_DOWN:
        return state, f"le {french_datetime(article.unpublish_at)}"
    elif article.status == Article.Status.PUBLISHED:  # no date: nobody sees it
        return state, "(publié sans date)"
    else:
        return state, ""
    if article.unpublish_at:
        detail += f", jusqu'au {french_datetime(article.unpublish_at)}"
    return state, detail


class PublicationFilter(admin.SimpleListFilter):
    """Each state an article can be in for readers, by the rules of `ArticleQuerySet`."""

    title = "état"
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return Article.State.choices

    def queryset(self, request, queryset):
        chosen = {
            Article.State.DRAFT: queryset.drafts,
            Article.State.SCHEDULED: queryset.scheduled,
            Article.State.ONLINE: queryset.published,
            Article.State.TAKEN_DOWN: queryset.taken_down,
        }.get(self.value())
        return chosen() if chosen else queryset


@admin.register(Article)
class ArticleAdmin(FoldedSearchMixin, HistoryDiffMixin, SimpleHistoryAdmin):
    """The article page, top to bottom as the editor sees it: title and tags, publication,
    content, hero image, metadata, then the roles (each with its own page for its lists)."""

    form = ArticleAdminForm
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = [
        "title",
        "publication",  # with its date: no date column beside it
        "author",
        "tag_list",
        "reading",
    ]
    list_filter = [PublicationFilter, "author", ("tags", TagLabelFilter)]
    # Folded columns (see FoldedSearchMixin): title, then description, excerpt and body, then
    # each role's title, nickname, intro and items.
    search_fields = [
        "search_title", "search_text", "slug", "roles__search_title", "roles__search_text",
    ]  # fmt: skip
    search_help_text = (
        "Titre, description, texte et rôles ; accents et majuscules indifférents "
        "(« previsions » trouve « Prévisions »)."
    )
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["author", "hero_image"]
    view_on_site = True
    readonly_fields = [
        "publication", "checklist", "share_link", "reading_time", "word_count", "updated_at",
    ]  # fmt: skip
    own_actions = ["publish_now", "unpublish", "duplicate_as_draft", "revoke_preview_links"]
    history_list_display = ["status", "changes"]
    history_diff_fields = {
        "title", "slug", "status", "published_at", "unpublish_at", "excerpt", "description",
        "body", "hero_image", "hero_image_url", "hero_image_alt", "hero_image_credit", "author",
        "declared_reading_time", "force_declared_reading_time",
    }  # fmt: skip
    Media = EditorMedia
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "tags", "version"]}),
        (
            "Publication",
            {
                "fields": [
                    "publication",
                    "status",
                    "published_at",
                    "unpublish_at",
                    "checklist",
                    "share_link",
                ],
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
    inlines = [RoleInline]

    @property
    def actions(self):
        """Ours, then those of the registered extensions (export…)."""
        return [*self.own_actions, *(a for e in extensions() for a in e.actions)]

    def get_fieldsets(self, request, obj=None):
        """A field not placed above (a new front-matter field, say) still gets its input."""
        fieldsets = list(super().get_fieldsets(request, obj))
        placed = set(flatten_fieldsets(fieldsets)) | set(self.readonly_fields)
        fields = self.model._meta.fields
        rest = [f.name for f in fields if f.editable and not f.primary_key and f.name not in placed]
        if rest:
            fieldsets.append(("Autres champs", {"fields": rest}))
        return fieldsets

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
            *(url for extension in extensions() for url in extension.get_urls(self)),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        opts = self.model._meta
        links = [
            {"label": link.label, "url": reverse(f"admin:{link.url_name}")}
            for extension in extensions()
            for link in extension.links
            if request.user.has_perm(f"{opts.app_label}.{link.permission}_{opts.model_name}")
        ]
        return super().changelist_view(request, {**(extra_context or {}), "extension_links": links})

    @admin.display(description="état", ordering="published_at")
    def publication(self, obj):
        """« Programmé pour le 3 janvier 2027 à 09:00 »: the state marked, its date after."""
        if not obj.pk:
            return "Brouillon (pas encore enregistré)"
        state, detail = publication_parts(obj)
        return format_html(
            '<span class="publication publication--{}">{}</span> {}', state, state.label, detail
        )

    @admin.display(description="lecture", ordering="reading_time")
    def reading(self, obj):
        return f"{obj.displayed_reading_time} min"

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
            if article.unpublish_at is not None and article.unpublish_at <= timezone.now():
                article.unpublish_at = None  # else « publié » would stay offline
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
        tags = list(form.cleaned_data.get("tags") or []) if hasattr(form, "cleaned_data") else []
        try:
            article.render()
            roles = self.roles_as_edited(request, article)
        except MarkdownTooComplex as exc:  # a text the renderer refuses: say why, in a page
            return HttpResponse(format_html(PREVIEW_REFUSED, reason=exc), status=400)
        return render_article(request, article, preview=True, tags=tags, roles=roles, unsaved=True)

    def roles_as_edited(self, request, article):
        """The roles as the inline forms stand (added, changed, reordered, deleted), unsaved."""
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
                role = form.instance
                role.render()
                roles.append(role)
        return sorted(roles, key=lambda role: (role.order, role.pk or 0))


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
