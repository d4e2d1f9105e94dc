"""The article's admin page, declared here whole: its form, its role inline, its actions and
its previews. Other apps add to it only through `articles.admin.extensions`."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.views.main import ChangeList
from django.db import transaction
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.admin.conflicts import VersionedFormMixin, comparable, locked
from articles.admin.duplicate import duplicate_article
from articles.admin.extensions import extensions
from articles.admin.forms import ArticleAdminForm
from articles.admin.helpers import (
    FORMFIELD_OVERRIDES,
    EditorMedia,
    HistoryAdmin,
    french_date,
    french_datetime,
    https_by_default,
    missing_alt_error,
    restore_role_items,
)
from articles.admin.pickers import ImagePickerAdminMixin
from articles.admin.preview import ArticlePreviewMixin
from articles.admin.role_items import ITEM_LISTS, RoleItemsMixin, fingerprint, normalised
from articles.admin.search import FoldedSearchMixin
from articles.admin.tags import TagLabelFilter
from articles.checklist import (
    ERROR,
    OK,
    WARNING,
    blocks_publishing,
    check_article,
    errors,
    review_points,
    stored_status,
)
from articles.editor import share_preview_html
from articles.markdown import image_ids
from articles.models import Article, ImageAsset, Role
from articles.preview import share_url

# The « points à revoir » column's header: a sign that takes little room, its name for all.
REVIEW_HEADER = mark_safe(  # noqa: S308 (constant markup)
    '<span role="img" aria-label="Points à revoir" title="Points à revoir (liste de contrôle)">'
    "⚠</span>"
)


class RoleInlineFormSet(BaseInlineFormSet):
    def clean(self):
        """Publishing a draft needs alt text on the roles' images too (an article already
        published stays savable; its banner lists what is missing)."""
        super().clean()
        status = self.data.get("status")
        if status != Article.Status.PUBLISHED:
            return
        if not blocks_publishing(stored_status(self.instance), status):
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


INLINE_ROLE_FIELDS = [
    "order", "title", "heading", "slug", "nickname", "image", "intro", "dedicated_article",
    "dedicated_url", "dedicated_label",
]  # fmt: skip


class DigestField(forms.CharField):
    """A hidden digest sent back as it came: never a change of its own."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        return False


class RoleInlineForm(RoleItemsMixin, VersionedFormMixin, forms.ModelForm):
    """A role as the article page shows it, whole: its fields and its lists. A role changed
    elsewhere since this page was opened is never put back silently: a role this editor did
    not touch (fields and lists as they were when the page was opened) keeps the other
    version (theirs); one she changed too is refused with both versions shown."""

    conflict_subject = "ce rôle"
    conflict_fields = INLINE_ROLE_FIELDS
    # The role as this page showed it (digest): what tells « untouched » from « changed ».
    opened = DigestField()

    class Meta:
        model = Role
        fields = [*INLINE_ROLE_FIELDS, "version"]
        widgets = {"order": forms.HiddenInput}
        formfield_callback = https_by_default

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["opened"] = self.digest_of_stored()

    def clean_order(self):
        """Without the page's script a new role has no place yet: after the others."""
        order = self.cleaned_data.get("order")
        if order is None:
            return self.instance.order if self.instance.pk else 10**4
        return order

    def digest_of_stored(self):
        """The digest of the role as it is stored (this form's lists, already read)."""
        role = self.instance
        values = [
            normalised(getattr(role, role._meta.get_field(name).attname))
            for name in INLINE_ROLE_FIELDS
        ]
        lists = {
            item_list.prefix: [
                item_list.item_key(item)
                for item in self.item_formsets[item_list.prefix].get_queryset()
            ]
            for item_list in ITEM_LISTS
        }
        return fingerprint(values, lists)

    def digest_of_submitted(self, cleaned):
        values = [normalised(cleaned.get(name)) for name in INLINE_ROLE_FIELDS]
        lists = {item_list.prefix: self.submitted_items(item_list) for item_list in ITEM_LISTS}
        return fingerprint(values, lists)

    def resolve_conflict(self, current, cleaned):
        opened = cleaned.get("opened")
        if opened:
            untouched = opened == self.digest_of_submitted(cleaned)
        else:  # a form without its digest (older page): its fields against the history
            base = (
                Role.history.filter(id=self.instance.pk, version=cleaned["version"])
                .order_by("-history_date")
                .first()
            )
            untouched = (
                base is not None
                and not self.submitted_lists()
                and all(
                    comparable(getattr(base, name)) == comparable(cleaned.get(name))
                    for name in self.conflict_fields
                )
            )
        if untouched:
            for name in self.conflict_fields:
                cleaned[name] = getattr(current, name)
            cleaned["version"] = current.version
            self.keeps_theirs = True  # and their lists: this form's are not saved
        return untouched


class RoleInline(ImagePickerAdminMixin, admin.StackedInline):
    """Roles as blocks that fold (title and nickname shown when folded), each holding all of
    the role; blocks and list items are reordered by dragging or with « Monter / Descendre »
    (`js/admin-roles.js`), which renumbers the hidden order and positions."""

    model = Role
    form = RoleInlineForm
    formset = RoleInlineFormSet
    template = "admin/articles/role/inline.html"
    fk_name = "article"
    extra = 0
    fieldsets = [
        (None, {"fields": ["title", "heading", "slug", "nickname", "image"]}),
        ("Présentation", {"fields": ["intro"]}),
        ("Article dédié", {"fields": ["dedicated_article", "dedicated_url", "dedicated_label"]}),
        # Hidden: the place (set by dragging), the version and digest (conflicts).
        (None, {"fields": ["order", "version", "opened"], "classes": ["hidden"]}),
    ]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["dedicated_article"]
    image_picker_fields = ["image"]
    formfield_overrides = FORMFIELD_OVERRIDES
    show_change_link = True
    ordering = ["order", "pk"]
    verbose_name = "rôle"
    verbose_name_plural = "rôles"

    class Media:
        js = ["js/admin-roles.js"]
        css = {"all": ["css/admin-roles.css"]}


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
class ArticleAdmin(ImagePickerAdminMixin, FoldedSearchMixin, ArticlePreviewMixin, HistoryAdmin):
    """The article page, top to bottom as the editor sees it: title and tags, what Google and
    LinkedIn will show (description and previews), publication, content, hero image, reading
    and other metadata, then the roles, each whole (its lists included)."""

    form = ArticleAdminForm
    formfield_overrides = FORMFIELD_OVERRIDES
    list_display = [
        "title",
        "publication",  # with its date: no date column beside it
        "author",
        "tag_list",
        "reading",
        "review",
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
    autocomplete_fields = ["author"]
    image_picker_fields = ["hero_image"]  # thumbnails, and never an image without a file
    view_on_site = True
    readonly_fields = [
        "publication", "checklist", "share_link", "reading_time", "word_count", "updated_at",
        "share_preview",
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
            "Référencement et partage",
            {
                "classes": ["share-fieldset"],
                "fields": ["description", "share_preview"],
                "description": "Ce que Google et LinkedIn montreront de l'article, à jour pendant "
                "la saisie du titre, de l'adresse, de la description et de l'image principale.",
            },
        ),
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
            "Lecture et métadonnées",
            {
                "classes": ["collapse"],
                "fields": [
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

    def get_changelist(self, request, **kwargs):
        return ReviewedChangeList

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

    @admin.display(description=REVIEW_HEADER)
    def review(self, obj):
        """The checklist's errors on this page's articles (counted by `ReviewedChangeList`):
        a number in a narrow column (the list is full at 1280 px), named for screen readers."""
        count = len(getattr(obj, "review_points", ()))
        if not count:
            return "—"
        url = reverse("admin:articles_article_change", args=[obj.pk])
        plural = "s" if count > 1 else ""
        return format_html(
            '<a class="review-count" href="{}" aria-label="{} point{} à revoir">{}</a>',
            url,
            count,
            plural,
            count,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            article = self.get_object(request, object_id)
            if article is not None:
                self.warn_about_checklist(request, article)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "_continue" not in request.POST:  # the change page it returns to says it itself
            self.warn_about_checklist(request, form.instance)

    def warn_about_checklist(self, request, article):
        """An article already published is saved whatever its checklist says: the banner says
        what to fix (a draft is refused before, see `ArticleAdminForm`)."""
        if article.status != Article.Status.PUBLISHED:
            return
        problems = errors(check_article(article))
        if problems:
            count = len(problems)
            self.message_user(
                request,
                f"« {article} » est publié avec {count} point{'s' if count > 1 else ''} à revoir "
                "(l'enregistrement reste possible) : "
                + " ; ".join(p.text for p in problems)
                + " Corrigez dès que possible.",
                messages.WARNING,
            )

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

    @admin.display(description="aperçu Google et LinkedIn")
    def share_preview(self, obj):
        return share_preview_html(obj)

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
    @transaction.atomic  # each row locked from its read to its write: no editor's save lost
    def publish_now(self, request, queryset):
        published = 0
        for article in locked(Article.objects.filter(pk__in=queryset.values("pk"))):
            problems = errors(check_article(article))
            if problems and blocks_publishing(article.status, Article.Status.PUBLISHED):
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
    @transaction.atomic
    def unpublish(self, request, queryset):
        """An article online is taken down now (the list then says « Dépublié le … », and
        « Publier maintenant » brings it back); a scheduled one goes back to draft, since it
        was never online."""
        now = timezone.now()
        taken_down = scheduled = 0
        for article in locked(Article.objects.filter(pk__in=queryset.values("pk"))).filter(
            status=Article.Status.PUBLISHED
        ):
            if article.published_at is not None and article.published_at > now:
                article.status = Article.Status.DRAFT
                scheduled += 1
            elif article.unpublish_at is None or article.unpublish_at > now:
                article.unpublish_at = now
                taken_down += 1
            else:
                continue  # already offline
            article.save()
        if taken_down:
            self.message_user(
                request,
                f"{taken_down} article(s) dépublié(s) : hors ligne dès maintenant.",
                messages.SUCCESS,
            )
        if scheduled:
            self.message_user(
                request,
                f"{scheduled} article(s) programmé(s) repassé(s) en brouillon.",
                messages.SUCCESS,
            )

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

    # --- History -----------------------------------------------------------------------

    def restore_parts(self, article, moment):
        """A restored article gets back its roles' missions, background and titles of that
        time (each role's own fields come back from the role's history page)."""
        restore_role_items(list(article.roles.values_list("pk", flat=True)), moment)


class ReviewedChangeList(ChangeList):
    """The article list, with each shown article's checklist errors read for the whole page
    at once (`articles.checklist.review_points`: a few queries, not a few per row)."""

    def get_results(self, request):
        super().get_results(request)
        found = review_points(self.result_list)
        for article in self.result_list:
            article.review_points = found[article.pk]
