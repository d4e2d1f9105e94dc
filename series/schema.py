"""The front-matter keys a series adds to an article's file, declared on the series kind
(`Kind.import_run.keys`): the schema knows them (no « clé inconnue »), they never land among
the article's extra keys, and export writes them back (`series.export`).

- `series`: the series the article belongs to, by its slug or its name (created as a
  « parcours » when no series has it); empty, the article leaves its series;
- `series_order`: its position in the series, from 1 (without it: by date).
"""

from articles import schema

SERIES = "series"
SERIES_ORDER = "series_order"

SERIES_KEYS = (
    schema.Key(SERIES, kind=SERIES),
    schema.Key(SERIES_ORDER, kind=SERIES_ORDER),
)
