"""Admin of what articles are filed under and where old addresses lead: authors, tags,
redirects."""

from django.contrib import admin
from django.urls import path
from taggit.models import Tag as TaggitTag

from articles.admin.tags import TagAutocompleteJsonView, matching_tag_ids
from articles.forms import AuthorAdminForm
from articles.models import Author, Redirect, Tag

# Our Tag model (with its French label) replaces taggit's default one in the admin.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]
    fields = ["old_path", "new_path"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    form = AuthorAdminForm
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}

    @admin.display(description="articles")
    def article_count(self, obj):
        return obj.articles.count()


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["label_shown", "name", "slug"]
    search_fields = ["name", "label", "slug"]
    search_help_text = "Libellé, nom ou slug ; accents et majuscules indifférents."
    ordering = ["slug"]
    prepopulated_fields = {"slug": ("name",)}

    @admin.display(description="libellé affiché", ordering="label")
    def label_shown(self, obj):
        return obj.display

    def get_urls(self):
        # The tag inputs of the content forms ask here: labels, not names.
        view = TagAutocompleteJsonView.as_view(admin_site=self.admin_site)
        return [
            path(
                "autocomplete/",
                self.admin_site.admin_view(view),
                name="articles_tag_autocomplete",
            ),
            *super().get_urls(),
        ]

    def get_search_results(self, request, queryset, search_term):
        """By label, name or slug, accents and case aside (« equipe » finds « Équipe »)."""
        if not search_term.strip():
            return queryset, False
        return queryset.filter(pk__in=matching_tag_ids(search_term)), False
