"""The series in the admin: a series with its articles in order, reordered by dragging or
with « Monter / Descendre » (`static/js/admin-series.js` renumbers their « ordre »; without
the script, the numbers typed are the order). An article is in one series at most."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count

from series.models import Series, SeriesEntry


class SeriesEntryForm(forms.ModelForm):
    class Meta:
        model = SeriesEntry
        fields = ["position", "article"]
        widgets = {"position": forms.NumberInput(attrs={"class": "series-entry__position"})}

    def clean_article(self):
        """An article already in another series: say which, and what to do."""
        article = self.cleaned_data.get("article")
        if article is None:
            return article
        other = (
            SeriesEntry.objects.filter(article=article)
            .exclude(pk=self.instance.pk)
            .select_related("series")
            .first()
        )
        if other is not None and other.series_id != self.instance.series_id:
            raise ValidationError(
                f"« {article.title} » est déjà dans la série « {other.series.title} » : un "
                "article ne peut être que dans une seule série. Retirez-le d’abord de celle-ci."
            )
        return article


class SeriesEntryInline(admin.TabularInline):
    model = SeriesEntry
    form = SeriesEntryForm
    extra = 0
    autocomplete_fields = ["article"]
    verbose_name = "article de la série"
    verbose_name_plural = "articles de la série, dans l’ordre"
    classes = ["series-entries"]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    inlines = [SeriesEntryInline]
    list_display = ["title", "kind", "article_count", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["image"]
    view_on_site = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "description", "image"]}),
        ("Podcast", {"fields": ["ausha_show_id"], "classes": ["collapse"]}),
    ]

    class Media:
        js = ["js/admin-series.js"]
        css = {"all": ["css/admin-series.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    @admin.display(description="articles", ordering="entry_count")
    def article_count(self, obj):
        return obj.entry_count
