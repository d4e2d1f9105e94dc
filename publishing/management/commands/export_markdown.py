"""Export articles as Markdown bundles, the same format import_markdown reads."""

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from publishing.write import export_articles


class Command(BaseCommand):
    help = (
        "Exporte les articles en Markdown (un dossier par article) dans OUTDIR, et chaque "
        "autre type de contenu dans son propre dossier (<type>/<slug>/index.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", help="Dossier de destination (créé si besoin).")
        parser.add_argument(
            "--slug", action="append", dest="slugs", help="N'exporter que cet article (répétable)."
        )

    def handle(self, *args, **options):
        slugs = options["slugs"]
        if slugs:
            missing = set(slugs) - set(
                Article.objects.filter(slug__in=slugs).values_list("slug", flat=True)
            )
            if missing:
                raise CommandError(f"Article(s) introuvable(s) : {', '.join(sorted(missing))}")
        written = export_articles(options["outdir"], slugs)
        for path in written:
            self.stdout.write(f"écrit : {path}")
        self.stdout.write(self.style.SUCCESS(f"{len(written)} fichier(s) écrit(s)."))
