"""How series travel with the articles: the series kind's `import_run` declaration, which
publishing reads for every kind (`articles.registry.Kind.import_run`) and never names.

- `keys`: `series` and `series_order` in an article's front matter (`series.schema`);
- `add_arguments(parser)`: `--series-name SHOWID=Nom`, the name of a podcast show;
- `read(roots, options)`: `series.yml` at each root (and the images it names) and the
  options, checked before anything is written (`series.build.read_run`);
- `after_import(loaded, state, report, stored)`: once every file is in, the series the run's
  articles form: a `series` key's « parcours », a podcast show from its players
  (`series.build`); `stored`, the image files the run wrote (deleted if it is rolled back);
- `front_matter(article)` and `site_files(articles, everything)`: what an export writes
  (`series.export`), so that export, import into an empty site, export gives the same bytes.
"""

from series import build, export
from series.schema import SERIES_KEYS


class SeriesRun:
    keys = SERIES_KEYS

    def add_arguments(self, parser):
        parser.add_argument(
            "--series-name",
            action="append",
            default=[],
            dest="series_names",
            metavar="SHOWID=NOM",
            help="Nom de la série d'une émission de podcast (répétable) : les articles dont le "
            "lecteur Ausha a ce showId forment la série NOM (sinon : le début commun des titres "
            "de leurs lecteurs).",
        )

    def read(self, roots, options):
        return build.read_run(roots, options.get("series_names") or [])

    def after_import(self, loaded, state, report, stored=None):
        build.build_series(loaded, state, report, stored)

    def front_matter(self, article):
        return export.front_matter(article)

    def site_files(self, articles, everything):
        return export.site_files(articles, everything)
