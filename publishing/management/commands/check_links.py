"""Report broken internal links, relative links that lead to no page or file of this site,
links to the original site without a local article, and images whose file is missing. Exit
code 1 when anything is found, so CI can use it."""

from django.core.management.base import BaseCommand, CommandError

from publishing.links import check_links


class Command(BaseCommand):
    help = (
        "Signale les liens internes cassés, les liens relatifs qui ne mènent nulle part, les "
        "liens vers l'ancien site et les images manquantes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            action="append",
            default=[],
            dest="site_urls",
            help="Adresse de l'ancien site (répétable), comme pour import_markdown.",
        )

    def handle(self, *args, **options):
        problems = check_links(options["site_urls"])
        for problem in problems:
            self.stdout.write(self.style.WARNING(str(problem)))
        if problems:
            raise CommandError(f"{len(problems)} problème(s) trouvé(s).", returncode=1)
        self.stdout.write(self.style.SUCCESS("Aucun lien cassé, aucune image manquante."))
