"""The case studies' small taxonomies: périmètres and outils, a label and its address."""

from django.contrib import admin

from clients.models import Scope, Tool


class LabelAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "case_study_count"]
    search_fields = ["name", "slug"]
    search_help_text = "Libellé ou identifiant."
    prepopulated_fields = {"slug": ("name",)}
    fields = ["name", "slug"]

    @admin.display(description="études de cas")
    def case_study_count(self, obj):
        return obj.case_studies.count()


admin.site.register(Scope, LabelAdmin)
admin.site.register(Tool, LabelAdmin)
