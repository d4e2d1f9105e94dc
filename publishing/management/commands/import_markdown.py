"""Import Markdown into the database: single files, bundles or whole directories.

Repairs what is unambiguous (double encoding, unquoted ` : ` in front matter, swapped day and
month) and says so; refuses the rest with the file, the line and the fix. One run is one
transaction: on any error nothing is written, unless --skip-invalid. Running it twice changes
nothing the second time. Migrating another blog: --site-url makes its links internal (and its
relative links that lead nowhere here absolute, to the old site; without it they are told,
file and line), --media-url-map brings its images home. It ends with its report, file by
file, then totals (the same with --dry-run, which writes nothing). A blog made by another
tool (Hugo, Jekyll, Astro, Eleventy, Gatsby, Docusaurus) comes whole: its images beside the
posts, its authors and its old addresses (`publishing.foreign`; --permalink gives its address
rule when its configuration does not, --static-dir where `/images/x.png` is). Exit codes:
0 success, 1 errors, 2 usage.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles import registry
from articles.models import Article
from publishing.errors import ContentError
from publishing.keys import run_kinds
from publishing.load import ImportFailed, import_paths
from publishing.report import (
    CREATED,
    DRAFTED,
    KEPT_ONLINE,
    PUBLISHED_ANYWAY,
    REMOVED,
    SKIPPED,
    UNCHANGED,
    UPDATED,
)
from publishing.sources import bundle_folders

DRY_RUN_WORDS = {
    CREATED: "serait créé",
    UPDATED: "serait mis à jour",
    UNCHANGED: "inchangé",
    REMOVED: "serait supprimé",
    SKIPPED: "ignoré",
}


class Command(BaseCommand):
    @property
    def help(self):
        *folders, last = bundle_folders()
        return (
            "Importe des articles Markdown : fichiers, dossiers <slug>/index.md (avec "
            f"{', '.join(folders)}{' et ' if folders else ''}{last}) ou répertoires parcourus "
            "récursivement."
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
            "des liens internes quand l'article est importé, et les liens relatifs (/media/4, "
            "../contact) qui ne mènent à aucune page d'ici deviennent des liens vers la "
            "première adresse donnée.",
        )
        parser.add_argument(
            "--media-url-map",
            action="append",
            default=[],
            dest="media_url_map",
            metavar="PRÉFIXE=DOSSIER",
            help="Images de l'ancien site (répétable) : une image dont l'adresse commence par "
            "PRÉFIXE est lue dans DOSSIER (suite de l'adresse décodée) et importée ; le "
            "Markdown la désigne ensuite par son identifiant.",
        )
        parser.add_argument(
            "--permalink",
            default="",
            metavar="RÈGLE",
            help="Blog fait avec un autre outil : la règle de ses adresses quand sa "
            "configuration ne la donne pas (« /blog/:slug/ », « /:year/:month/:title.html ») ; "
            "chaque ancienne adresse redirige vers l'article importé.",
        )
        parser.add_argument(
            "--static-dir",
            metavar="DOSSIER",
            help="Blog fait avec un autre outil : le dossier où lire les images désignées "
            "depuis la racine du site (/images/x.png), en plus de son static/ ou public/.",
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
            "--publish-anyway",
            action="store_true",
            help="Publier aussi les articles dont la liste de contrôle trouve une erreur (sinon "
            "ils sont importés en brouillon ; un article déjà publié le reste).",
        )
        parser.add_argument(
            "--strict", action="store_true", help="Traiter les avertissements comme des erreurs."
        )
        parser.add_argument(
            "--kind",
            choices=["article", *(kind.bundle.name for kind in registry.bundled_kinds())],
            help="Lire chaque fichier comme ce type de contenu, quelle que soit sa forme (sans "
            "cette option, "
            + "".join(f"{kind.bundle.shape}, " for kind in registry.bundled_kinds())
            + "le reste un article).",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Importer les fichiers valides et lister les autres, au lieu de tout annuler.",
        )
        for kind in run_kinds():  # the options of the kinds that take part in every run
            kind.import_run.add_arguments(parser)

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
                media_url_map=options["media_url_map"],
                permalink=options["permalink"],
                static_dir=options["static_dir"],
                publish_anyway=options["publish_anyway"],
                kind=options["kind"],
                progress=self.progress,
                options=options,
            )
        except ImportFailed as failure:
            errors = failure.report.errors
            raise CommandError(
                "".join(f"{error}\n" for error in errors)
                # what an undone run kept, changed by someone while it ran (publishing.batches)
                + "".join(f"{warning}\n" for warning in failure.report.general_warnings())
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
        """File by file (what was done, images, links, redirects, messages), then totals."""
        words = DRY_RUN_WORDS if dry_run else {s: s for s in DRY_RUN_WORDS}
        for file in report.files():
            entry = file.entry
            if entry is None:
                self.stdout.write(self.style.ERROR(f"{words[SKIPPED]} : {file.path}"))
                for error in file.errors:
                    self.stderr.write(self.style.ERROR(f"    erreur : {error}"))
                continue
            style = str if entry.status == UNCHANGED else self.style.SUCCESS
            self.stdout.write(style(f"{words[entry.status]} : {entry} — {file.path}"))
            if entry.mapped:
                self.stdout.write(
                    "    repris d'un autre outil : "
                    + ", ".join(f"{source} → {target}" for source, target in entry.mapped)
                )
            if dry_run or entry.status != UNCHANGED:
                for slug, status in entry.parts:
                    self.stdout.write(f"    {entry.part_word} {slug} : {words[status]}")
            if entry.images:
                self.stdout.write(
                    f"    images rapatriées : {len(entry.images)} "
                    f"({len(entry.new_images)} nouvelle(s))"
                )
                for image in entry.images:
                    known = "" if image.new else " (déjà importée)"
                    self.stdout.write(f"        {image.url} → {image.asset_id}{known}")
            for title, pairs in (
                ("liens rendus internes", entry.links),
                ("redirections créées", entry.redirects),
            ):
                if pairs:
                    self.stdout.write(f"    {title} : {len(pairs)}")
                    for old, new in pairs:
                        self.stdout.write(f"        {old} → {new}")
            for warning in file.warnings:
                self.stdout.write(self.style.WARNING(f"    avertissement : {warning}"))
            self.print_review(entry, dry_run)
        for note in report.notes:
            self.stdout.write(f"laissé de côté : {note}")
        for key, paths in report.unknown_keys.items():
            self.stdout.write(
                f"clé inconnue « {key} », gardée telle quelle : {len(paths)} fichier(s), "
                f"dont {paths[0]}"
            )
        for warning in report.general_warnings():
            self.stdout.write(self.style.WARNING(f"avertissement : {warning}"))
        for line in report.built:
            self.stdout.write(self.style.SUCCESS(line))
        prefix = "Simulation, rien n'a été écrit. " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}Totaux : {report.summary()}"))
        if report.to_review:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.to_review)} article(s) avec des erreurs de la liste de "
                    f"contrôle (en brouillon : {len(report.drafted)}) : à corriger dans "
                    "l'administration."
                )
            )

    def print_review(self, entry, dry_run):
        """What readers will not see, what leads elsewhere, the checklist and its verdict."""
        for title, items in (
            ("images sans fichier (invisibles pour les lecteurs)", entry.missing_images),
            ("images externes (chargées depuis un autre site)", entry.external_images),
            ("liens vers d'autres sites", entry.external_links),
            ("liens internes cassés", entry.broken_links),
        ):
            if items:
                self.stdout.write(f"    {title} : {len(items)}")
                for item in items:
                    self.stdout.write(f"        {item}")
        for check in entry.findings:
            self.stdout.write(f"    à revoir ({check.level}) : {check.text}")
        errors = "erreur de la liste de contrôle"
        if entry.verdict == DRAFTED:
            verb = "serait importé" if dry_run else "importé"
            self.stdout.write(
                self.style.WARNING(
                    f"    {verb} en brouillon : {entry.slug} ({errors}) ; corrigez-le, ou "
                    "--publish-anyway pour le publier malgré tout."
                )
            )
        elif entry.verdict == KEPT_ONLINE:
            self.stdout.write(
                self.style.WARNING(
                    f"    reste en ligne : {entry.slug} était déjà publié ({errors} : "
                    "l'import ne le retire pas du site) ; corrigez-le dans l'administration."
                )
            )
        elif entry.verdict == PUBLISHED_ANYWAY:
            verb = "serait publié" if dry_run else "publié"
            self.stdout.write(
                self.style.WARNING(f"    {verb} malgré tout : {entry.slug} ({errors}).")
            )
