"""Rebuild what search reads (folded titles and texts, PostgreSQL vectors) for every article
and role: after a restore, or a crash between a commit and its indexing step."""

from django.core.management.base import BaseCommand

from articles.indexing import reindex_all
from articles.models import CONTENT_MODELS


class Command(BaseCommand):
    help = "Reconstruit l'index de recherche de tous les articles et rôles."

    def handle(self, *args, **options):
        for model in CONTENT_MODELS:
            count = model.objects.count()
            reindex_all([model])
            self.stdout.write(f"{model._meta.verbose_name_plural} : {count} indexé(s).")
        self.stdout.write(self.style.SUCCESS("Index de recherche reconstruit."))
