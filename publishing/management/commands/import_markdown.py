"""Import Markdown bundles (DESIGN.md's canonical format) into the database.

The whole run is one transaction: an error anywhere means nothing is written. Running it twice
changes nothing the second time, and says so.
"""

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from publishing.errors import ContentError
from publishing.load import import_paths


class Command(BaseCommand):
    help = "Importe des articles Markdown (dossiers <slug>/index.md et leurs rôles)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Fichiers index.md ou dossiers à parcourir.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Tout vérifier et afficher, sans rien écrire."
        )
        status = parser.add_mutually_exclusive_group()
        status.add_argument(
            "--publish",
            dest="status",
            action="store_const",
            const=Article.Status.PUBLISHED,
            help="Publier les articles importés.",
        )
        status.add_argument(
            "--draft",
            dest="status",
            action="store_const",
            const=Article.Status.DRAFT,
            help="Importer les articles en brouillon.",
        )

    def handle(self, *args, **options):
        try:
            report = import_paths(
                options["paths"], dry_run=options["dry_run"], status=options["status"]
            )
        except ContentError as exc:
            raise CommandError(f"{exc}\nRien n'a été importé.") from exc
        for label, items, style in (
            ("créé", report.created, self.style.SUCCESS),
            ("mis à jour", report.updated, self.style.SUCCESS),
            ("inchangé", report.unchanged, str),
        ):
            for item in items:
                self.stdout.write(style(f"{label} : {item}"))
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"avertissement : {warning}"))
        prefix = "Simulation (rien n'est écrit) : " if options["dry_run"] else ""
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))
