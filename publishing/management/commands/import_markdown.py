"""Import Markdown into the database: single files, bundles or whole directories.

Repairs what is unambiguous (double encoding, unquoted ` : ` in front matter, swapped day and
month) and says so; refuses the rest with the file, the line and the fix. One run is one
transaction: on any error nothing is written, unless --skip-invalid. Running it twice changes
nothing the second time. Exit codes: 0 success, 1 errors, 2 usage.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.models import Article
from publishing.errors import ContentError
from publishing.load import CREATED, REMOVED, UNCHANGED, UPDATED, ImportFailed, import_paths

DRY_RUN_WORDS = {
    CREATED: "serait créé",
    UPDATED: "serait mis à jour",
    UNCHANGED: "inchangé",
    REMOVED: "serait supprimé",
}


class Command(BaseCommand):
    help = (
        "Importe des articles Markdown : fichiers, dossiers <slug>/index.md (avec roles/ et "
        "images/) ou répertoires parcourus récursivement."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Fichiers ou dossiers à importer.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Tout lire et vérifier, sans rien écrire."
        )
        parser.add_argument(
            "--media-dir", help="Dossier d'images nommées <uuid>.<ext> à joindre à leurs images."
        )
        parser.add_argument(
            "--site-url",
            action="append",
            default=[],
            dest="site_urls",
            help="Adresse de l'ancien site (répétable) : ses liens /blog/<article> deviennent "
            "des liens internes quand l'article est importé.",
        )
        status = parser.add_mutually_exclusive_group()
        status.add_argument(
            "--publish",
            dest="status",
            action="store_const",
            const=Article.Status.PUBLISHED,
            help="Publier les articles importés (sinon : clé draft/status du fichier, "
            "sinon publié).",
        )
        status.add_argument(
            "--draft",
            dest="status",
            action="store_const",
            const=Article.Status.DRAFT,
            help="Importer les articles en brouillon.",
        )
        parser.add_argument(
            "--strict", action="store_true", help="Traiter les avertissements comme des erreurs."
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Importer les fichiers valides et lister les autres, au lieu de tout annuler.",
        )

    def handle(self, *args, **options):
        try:
            report = import_paths(
                options["paths"],
                dry_run=options["dry_run"],
                status=options["status"],
                strict=options["strict"],
                skip_invalid=options["skip_invalid"],
                media_dir=options["media_dir"],
                site_urls=options["site_urls"],
                progress=self.progress,
            )
        except ImportFailed as failure:
            errors = failure.report.errors
            raise CommandError(
                "".join(f"{error}\n" for error in errors)
                + f"{len(errors)} erreur(s) : rien n'a été importé.",
                returncode=1,
            ) from failure
        except ContentError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.print_report(report, options["dry_run"])
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} fichier(s) invalide(s) ignoré(s) : "
                + ", ".join(report.skipped),
                returncode=1,
            )

    def progress(self, iterable, total):
        return tqdm(
            iterable,
            total=total,
            desc="Import",
            unit="article",
            file=sys.stderr,
            disable=total < 2 or not sys.stderr.isatty(),
        )

    def print_report(self, report, dry_run):
        words = DRY_RUN_WORDS if dry_run else {s: s for s in DRY_RUN_WORDS}
        for entry in report.entries:
            style = str if entry.status == UNCHANGED else self.style.SUCCESS
            self.stdout.write(style(f"{words[entry.status]} : {entry}"))
            if dry_run or entry.status != UNCHANGED:
                for slug, status in entry.roles:
                    self.stdout.write(f"    rôle {slug} : {words[status]}")
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"avertissement : {warning}"))
        for error in report.errors:
            self.stderr.write(self.style.ERROR(f"erreur : {error}"))
        prefix = "Simulation, rien n'a été écrit : " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))
