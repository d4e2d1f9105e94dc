"""What an import run reads for series before anything is written: `series.yml` at each root
(a series' title, type, description and Ausha show, keyed by its slug) and `--series-name
SHOWID=Nom`, checked against the model's limits, refused with the file, the line and the fix."""

from dataclasses import dataclass, field

from django.utils.text import slugify

from articles import embeds
from publishing.errors import ContentError
from publishing.read import read_site_file
from series.models import Series

FILE = "series.yml"
FIELDS = ("title", "kind", "description", "ausha_show_id")
TITLE_LIMIT = Series._meta.get_field("title").max_length
SLUG_LIMIT = Series._meta.get_field("slug").max_length


@dataclass
class RunState:
    """What a run knows of series before loading: {slug: fields} from `series.yml`, in file
    order, and {show id: name} from the options."""

    declared: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)


def read_run(roots, series_names):
    state = RunState(names=read_names(series_names))
    for root in roots:
        state.declared.update(read_file(root / FILE))
    return state


def read_names(values):
    """{show id: name} of `--series-name SHOWID=Nom` options."""
    names = {}
    for value in values:
        show, sep, name = value.partition("=")
        show, name = show.strip(), " ".join(name.split())
        if not sep or not embeds.AUSHA_ID_RE.match(show) or not name:
            raise ContentError(
                "--series-name",
                f"« {value} » : attendu SHOWID=Nom, SHOWID étant les 12 lettres ou chiffres "
                "après « showId= » dans le lecteur Ausha.",
            )
        if len(name) > TITLE_LIMIT:
            raise ContentError(
                "--series-name", f"nom trop long ({len(name)} caractères, {TITLE_LIMIT} au plus)."
            )
        names[show] = name
    return names


def read_file(path):
    """{slug: {title, kind, description, ausha_show_id}} of one `series.yml` ({} without it)."""
    data, lines = read_site_file(path)
    declared = {}
    for key, values in data.items():
        line = lines.get(key)
        slug = slugify(str(key))
        if not slug or slug != str(key) or len(slug) > SLUG_LIMIT:
            raise ContentError(
                path,
                f"identifiant « {str(key)[:40]} » invalide : minuscules, chiffres et tirets, "
                f"{SLUG_LIMIT} caractères au plus.",
                line,
            )
        values = values if isinstance(values, dict) else {"title": values}
        unknown = sorted(set(map(str, values)) - set(FIELDS))
        if unknown:
            raise ContentError(
                path,
                f"« {key} » : clé inconnue « {unknown[0]} » (attendues : {', '.join(FIELDS)}).",
                line,
            )
        fields = {name: _text(path, key, line, name, values.get(name)) for name in FIELDS}
        fields["title"] = fields["title"] or slug
        if len(fields["title"]) > TITLE_LIMIT:
            raise ContentError(
                path, f"« {key} » : titre trop long ({TITLE_LIMIT} caractères au plus).", line
            )
        fields["kind"] = fields["kind"] or Series.Kind.COURSE
        if fields["kind"] not in Series.Kind.values:
            raise ContentError(
                path,
                f"« {key} » : type « {fields['kind']} » inconnu (attendus : "
                f"{', '.join(Series.Kind.values)}).",
                line,
            )
        show = fields["ausha_show_id"]
        if show and not embeds.AUSHA_ID_RE.match(show):
            raise ContentError(
                path,
                f"« {key} » : émission Ausha « {show} » invalide (12 lettres ou chiffres).",
                line,
            )
        declared[slug] = fields
    return declared


def _text(path, key, line, name, value):
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ContentError(path, f"« {key} » : {name} doit être un texte, pas une liste.", line)
    return str(value).strip()
