"""The series an import run's articles form, built once every file is in
(`SeriesRun.after_import`):

- `series.yml` first: each series it declares is created or brought up to date, its image
  too (stored from the file beside `series.yml`, as an article's bundle's images are);
- an article with a `series` key goes into that series (by slug or name; a « parcours » is
  created when none has it), at its `series_order` (without it: after those that have one, by
  date); `series: ""` takes it out of its series;
- an article without the key whose body (or front matter) has an Ausha player goes into the
  podcast series of the player's show: found by its show id, or created (from two episodes of
  the run, or one the options name), named by `--series-name SHOWID=Nom` or by the common
  start of the players' titles (« Revenue echoes #3 », « Revenue echoes #12 » → « Revenue
  echoes »), its episodes ordered by date;
- an article with neither keeps the series it had.

The report says, in French, each series built and how many articles it holds.
"""

import math
import os
import re
from datetime import datetime

from django.utils.text import slugify

from articles import embeds, markdoc
from publishing.errors import Message
from publishing.load_parts import ensure_asset
from series.models import Series, SeriesEntry
from series.schema import SERIES, SERIES_ORDER
from series.site_file import IMAGE, RunState, read_run

__all__ = ["RunState", "build_series", "read_run", "show_title"]

# What ends a show's name in its episodes' titles: « Revenue echoes #3 », « Le point — 4 ».
TRAILING_RE = re.compile(r"[\s#\-–—:|,.]+$")
NUMBER_RE = re.compile(r"[\s#\-–—:|]*\d+$")
# What names an episode's number before it: « Le point n°4 », « Les échos, épisode 12 ».
NUMBER_WORD_RE = re.compile(r"(?<!\w)(n°|no\.?|nº|ep\.?|ép\.?|episode|épisode)$", re.IGNORECASE)
TITLE_LIMIT = Series._meta.get_field("title").max_length
NO_DATE = datetime.max.isoformat()


def build_series(loaded, state, report, stored=None):
    """`stored`: the run's `publishing.load_parts.StoredFiles`, which deletes the image files
    it wrote when the run is rolled back (a dry run, a failure)."""
    changes = Changes()
    for slug, fields in state.declared.items():
        declare(slug, fields, changes, stored)
    placed, shows, left = {}, {}, []
    for article, document in loaded:
        if SERIES in document.meta:
            name = " ".join(str(document.meta.get(SERIES) or "").split())
            if not name:
                left.append(article)
                continue
            series = course(name, changes)
            placed[article.pk] = (article, series, order(document, report))
            continue
        if SERIES_ORDER in document.meta:
            report.warnings.append(
                Message(
                    str(document.path),
                    f"« {SERIES_ORDER} » sans « {SERIES} » : ignorée (ajoutez la série).",
                    document.lines.get(SERIES_ORDER),
                )
            )
        player = first_player(article)
        if player is not None:
            shows.setdefault(player.show_id, []).append((article, player.title or article.title))
    for show, episodes in shows.items():
        series = podcast(show, [title for _, title in episodes], state.names, changes)
        if series is None:
            continue  # one episode of a show we have no series of: not a series yet
        for article, _ in episodes:
            placed[article.pk] = (article, series, None)
    place(placed, left, changes)
    for series in changes.touched():
        report.built.append(changes.line(series, report.dry_run))


class Changes:
    """The series a run created or changed, in the order met, for the report."""

    def __init__(self):
        self.series, self.created, self.changed = {}, set(), set()

    def met(self, series, created=False, changed=False):
        self.series.setdefault(series.pk, series)
        if created:
            self.created.add(series.pk)
        if changed:
            self.changed.add(series.pk)
        return series

    def touched(self):
        return list(self.series.values())

    def line(self, series, dry_run):
        if series.pk in self.created:
            what = "serait créée" if dry_run else "créée"
        elif series.pk in self.changed:
            what = "serait mise à jour" if dry_run else "mise à jour"
        else:
            what = "inchangée"
        count = series.entries.count()
        word = series.part_word.lower()
        kind = f"podcast, émission {series.ausha_show_id}" if series.ausha_show_id else series.kind
        return (
            f"série « {series.title} » ({kind}) : {what}, {count} {word}{'s' if count > 1 else ''}"
        )


def declare(slug, fields, changes, stored=None):
    """A series of `series.yml`, created or brought up to date (saved only when it differs)."""
    fields = dict(fields)
    image = fields.pop(IMAGE, None)
    asset = None
    if image is not None:  # its id checked when the file was read
        asset = ensure_asset(
            None, image.id, values=image.values, file_path=image.path, stored=stored
        )
    fields["image_id"] = asset.pk if asset else None
    series = Series.objects.filter(slug=slug).first()
    if series is None:
        return changes.met(Series.objects.create(slug=slug, **fields), created=True)
    differs = [name for name, value in fields.items() if getattr(series, name) != value]
    for name in differs:
        setattr(series, name, fields[name])
    if differs:
        series.save(update_fields=[*differs, "updated_at"])
    return changes.met(series, changed=bool(differs))


def course(name, changes):
    """The series a `series` key names (its slug or its title), or a new « parcours »."""
    found = (
        Series.objects.filter(slug=slugify(name)).first()
        or Series.objects.filter(title__iexact=name).first()
    )
    if found is not None:
        return changes.met(found)
    title = name[:TITLE_LIMIT]
    series = Series.objects.create(title=title, slug=free_slug(title), kind=Series.Kind.COURSE)
    return changes.met(series, created=True)


def podcast(show, titles, names, changes):
    """The podcast series of a show: found by its show id, or created and named when the run
    has two episodes of it at least (or the show is named by `--series-name`); else None."""
    name = names.get(show)
    series = Series.objects.filter(ausha_show_id=show).order_by("pk").first()
    if series is None and len(titles) < 2 and not name:
        return None
    if series is None:
        title = (name or show_title(titles) or f"Podcast {show}")[:TITLE_LIMIT]
        series = Series.objects.create(
            title=title, slug=free_slug(title), kind=Series.Kind.PODCAST, ausha_show_id=show
        )
        return changes.met(series, created=True)
    if name and series.title != name:
        series.title = name
        series.save(update_fields=["title", "updated_at"])
        return changes.met(series, changed=True)
    return changes.met(series)


def show_title(titles):
    """The name of a show from its episodes' titles: their common start, cut at a word, trimmed
    of « # », spaces and dashes; one title alone loses its episode number."""
    titles = [" ".join(title.split()) for title in titles if title and title.strip()]
    if not titles:
        return ""
    prefix = os.path.commonprefix(titles)
    if any(
        len(title) > len(prefix)
        and prefix
        and prefix[-1].isalnum()
        and title[len(prefix)].isalnum()
        for title in titles
    ):
        prefix = re.sub(r"\w+$", "", prefix)  # « …#1 » of « #1 » and « #12 »: not a word of it
    if len(titles) == 1:
        prefix = NUMBER_RE.sub("", prefix)
    name = NUMBER_WORD_RE.sub("", TRAILING_RE.sub("", prefix))
    return TRAILING_RE.sub("", name).strip()


def free_slug(title):
    """A slug from the series' name that no other series has (« revenue-echoes-2 »)."""
    base = (slugify(title) or "serie")[:190]
    slug, number = base, 1
    while Series.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def first_player(article):
    """The article's first Ausha player that names a show: the body's `{% aushaPlayer %}`,
    else its front matter's `podcastId` with `podcastShowId`; None without one."""
    for tag in markdoc.scan(article.body):
        if tag.kind in (markdoc.OPEN, markdoc.SELF) and tag.key == "aushaplayer":
            embed, _ = markdoc.build_embed(tag)
            if embed is not None and embeds.AUSHA_ID_RE.match(embed.show_id or ""):
                return embed
    if article.podcast_id and article.podcast_show_id:
        return embeds.podcast(article.podcast_id, article.podcast_show_id, article.title)
    return None


def order(document, report):
    """The `series_order` of a document (from 1), or None (by date), said when unreadable."""
    value = document.meta.get(SERIES_ORDER)
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if text.isdigit() and int(text) >= 1:
        return int(text)
    report.warnings.append(
        Message(
            str(document.path),
            f"« {SERIES_ORDER}: {text[:40]} » : il faut un nombre entier à partir de 1 ; "
            "l'article prend sa place dans la série par sa date.",
            document.lines.get(SERIES_ORDER),
        )
    )
    return None


def place(placed, left, changes):
    """Each article at its place: its series' entries renumbered from 1, each row written only
    when it changes."""
    ids = [*placed, *(article.pk for article in left)]
    current = {
        entry.article_id: entry
        for entry in SeriesEntry.objects.filter(article_id__in=ids).select_related("series")
    }
    for article in left:
        entry = current.pop(article.pk, None)
        if entry is not None:
            entry.delete()
            changes.met(entry.series, changed=True)
    touched = {series.pk: series for _, series, _ in placed.values()}
    for article_id, entry in current.items():
        if placed[article_id][1].pk != entry.series_id:
            touched.setdefault(entry.series_id, entry.series)
            changes.met(entry.series, changed=True)
    for series in touched.values():
        members = [
            (entry.position, _date(entry.article), entry.article.slug, entry.article)
            for entry in series.entries.select_related("article").exclude(article_id__in=ids)
        ]
        members += [
            (math.inf if rank is None else rank, _date(article), article.slug, article)
            for article, target, rank in placed.values()
            if target.pk == series.pk
        ]
        members.sort(key=lambda member: member[:3])
        kept = {entry.article_id: entry for entry in series.entries.all()}
        for position, (*_, article) in enumerate(members, 1):
            entry = current.get(article.pk) or kept.get(article.pk)
            if entry is None:
                SeriesEntry.objects.create(series=series, article=article, position=position)
            elif entry.series_id == series.pk and entry.position == position:
                continue
            else:
                entry.series, entry.position = series, position
                entry.save(update_fields=["series", "position"])
            changes.met(series, changed=True)


def _date(article):
    return article.published_at.isoformat() if article.published_at else NO_DATE
