"""What an import run reads for series before anything is written: `series.yml` at each root
(a series' title, type, description, Ausha show and image, keyed by its slug) and
`--series-name SHOWID=Nom`, checked against the model's limits, refused with the file, the
line and the fix.

A series' image is an image id with its texts and, in an export, its file beside
`series.yml` (`series/images/<id>.<ext>`), as an article's bundle carries its own: the file is
checked here, stored by the run (`series.build`)."""

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from articles import embeds
from articles.images import check_image
from articles.models import ImageAsset
from publishing.errors import ContentError
from publishing.read import read_site_file
from series.models import Series

FILE = "series.yml"
FIELDS = ("title", "kind", "description", "ausha_show_id")
IMAGE = "image"
# An image's keys, as an article's `images` list writes them.
IMAGE_KEYS = ("id", "alt", "caption", "credit", "file")
IMAGE_FOLDER = "series/images"  # where an export writes the series' images
TITLE_LIMIT = Series._meta.get_field("title").max_length
SLUG_LIMIT = Series._meta.get_field("slug").max_length


@dataclass(frozen=True)
class SeriesImage:
    """A series' image as `series.yml` gives it: its id, its texts (alt, caption, credit) and
    its file when the folder carries one (else the image must already be in the library)."""

    id: str
    values: dict
    path: Path | None = None


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
        unknown = sorted(set(map(str, values)) - {*FIELDS, IMAGE})
        if unknown:
            raise ContentError(
                path,
                f"« {key} » : clé inconnue « {unknown[0]} » (attendues : "
                f"{', '.join((*FIELDS, IMAGE))}).",
                line,
            )
        fields = {name: _text(path, key, line, name, values.get(name)) for name in FIELDS}
        fields[IMAGE] = read_image(path, key, line, values.get(IMAGE))
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


def read_image(path, key, line, value):
    """The `image` of a series in `series.yml`: an image id, or {id, alt, caption, credit,
    file} (`file` relative to the folder of `series.yml`); None without one."""
    if value is None or value == "":
        return None
    entry = value if isinstance(value, dict) else {"id": value}
    unknown = sorted(set(map(str, entry)) - set(IMAGE_KEYS))
    if unknown:
        raise ContentError(
            path,
            f"« {key} » : clé d'image inconnue « {unknown[0]} » (attendues : "
            f"{', '.join(IMAGE_KEYS)}).",
            line,
        )
    texts = {
        name: _text(path, key, line, f"{IMAGE}.{name}", entry.get(name)) for name in IMAGE_KEYS
    }
    try:
        asset_id = str(uuid.UUID(texts["id"].strip("<>")))
    except ValueError:
        raise ContentError(
            path,
            f"« {key} » : image « {texts['id'][:40]} » : il faut l'identifiant d'une image de "
            "la médiathèque (un UUID, comme dans les articles).",
            line,
        ) from None
    values = {}
    for name in ("alt", "caption", "credit"):
        limit = ImageAsset._meta.get_field(name).max_length
        if len(texts[name]) > limit:
            raise ContentError(
                path, f"« {key} » : {IMAGE}.{name} trop long ({limit} caractères au plus).", line
            )
        if texts[name]:
            values[name] = texts[name]
    return SeriesImage(asset_id, values, image_file(path, key, line, texts["file"]))


def image_file(path, key, line, name):
    """The image's file under the folder of `series.yml`, checked as an upload is (None
    without a `file`)."""
    if not name:
        return None
    folder = Path(path).parent.resolve()
    found = (folder / name).resolve()
    if not found.is_relative_to(folder):
        raise ContentError(path, f"« {key} » : fichier d'image « {name} » hors du dossier.", line)
    if not found.is_file():
        raise ContentError(
            path,
            f"« {key} » : fichier d'image « {name} » introuvable (attendu à côté de "
            f"{FILE}, sous {IMAGE_FOLDER}/).",
            line,
        )
    with found.open("rb") as handle:
        try:
            check_image(handle)
        except ValidationError as exc:
            raise ContentError(
                path, f"« {key} » : image « {name} » refusée : {' '.join(exc.messages)}", line
            ) from exc
    return found


def _text(path, key, line, name, value):
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ContentError(path, f"« {key} » : {name} doit être un texte, pas une liste.", line)
    return str(value).strip()
