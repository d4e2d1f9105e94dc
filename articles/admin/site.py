"""Admin of what articles are filed under and where old addresses lead: authors, tags,
redirects."""

from django.contrib import admin
from taggit.models import Tag as TaggitTag

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
    list_display = ["name", "label", "slug"]
    search_fields = ["name", "label", "slug"]
    prepopulated_fields = {"slug": ("name",)}
