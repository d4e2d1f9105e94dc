"""Load the demo content (content/) into an empty database, and only then: `make run` calls it
at every start, and an editor's work is never put back to its demo version. `make demo` (or
`import_markdown content/`) reloads the demo content on purpose."""

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.models import Article
from publishing.load import import_paths

DEMO_CONTENT = settings.BASE_DIR / "content"


class Command(BaseCommand):
    help = "Charge le contenu de démonstration si la base ne contient encore aucun article."

    def handle(self, *args, **options):
        count = Article.objects.count()
        if count:
            self.stdout.write(
                f"La base contient déjà {count} article(s) : contenu de démonstration non "
                "rechargé (make demo le recharge)."
            )
            return
        report = import_paths([DEMO_CONTENT])
        self.stdout.write(
            self.style.SUCCESS(f"Contenu de démonstration chargé : {report.summary()}.")
        )
