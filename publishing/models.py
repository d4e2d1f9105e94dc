"""What the importer remembers between runs, to recognise files that have not changed."""

from django.db import models


class ImportRecord(models.Model):
    """The fingerprint of the files an article was last imported from, and when: if the files
    are the same and nobody edited the article or its parts since, importing them again writes
    nothing at all."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    source_hash = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "imports"

    def __str__(self):
        return f"import de l'article {self.article_id}"
