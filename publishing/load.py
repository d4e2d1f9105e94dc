"""Load sources into the database, as one run, idempotently.

`import_paths()` is what the `import_markdown` command and the admin's import page call. It
reads and validates every file first, then writes everything as one run: an error means
nothing is written (unless `skip_invalid`), a dry run rolls everything back (image files
included), and an article whose files would not change is left exactly as it was. It returns
the report of what it did, file by file (`publishing.report`). The run is one transaction, or
on SQLite batches committed one after the other and undone together if it fails
(`publishing.batches`): editors' saves do not wait for its end.
"""

import time
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from articles import schema
from articles.cache import bump, invalidation_deferred
from articles.checklist import DESCRIPTION_RANGE
from articles.models import Article
from publishing.batches import Journal, note_created, note_rows
from publishing.checks import check_source, refuse_shared_slugs
from publishing.errors import ContentError, Message
from publishing.foreign import ForeignRun
from publishing.foreign_addresses import keep_old_paths
from publishing.foreign_authors import ForeignAuthors
from publishing.foreign_images import home_images
from publishing.keys import assign_plain, normalise_meta, run_kinds
from publishing.kinds import check_others, load_other
from publishing.load_checks import fingerprint, report_warnings, validate
from publishing.load_context import LoadContext
from publishing.load_fields import file_status, get_author, keep_old_address, part_changes, set_hero
from publishing.load_media import MediaMap, bring_home
from publishing.load_parts import (
    ensure_asset,
    legacy_bases,
    register_images,
    set_tags,
)
from publishing.load_review import review
from publishing.models import ImportRecord
from publishing.publication import set_publication_dates
from publishing.read import document_slug, old_address
from publishing.report import CREATED, UNCHANGED, UPDATED, Entry, Report
from publishing.site_files import load_site_files, read_site_files
from publishing.sources import (
    Source,
    bundled_parts,
    find_paths,
    image_files,
    read_bundle,
    read_single,
)
from publishing.write import article_files

# The kinds of ARTICLE_KEYS this module reads (a test keeps it equal to the schema's).
LOADED_KINDS = {
    schema.SLUG, schema.AUTHOR, schema.DATE, schema.STATUS, schema.DRAFT, schema.MINUTES,
    schema.HERO_IMAGE, schema.TAGS, schema.IMAGES, schema.UNPUBLISH,
}  # fmt: skip


class ImportFailed(Exception):
    """The run wrote nothing; `report.errors` says why, file by file."""

    def __init__(self, report):
        self.report = report
        super().__init__("\n".join(str(e) for e in report.errors))


def import_paths(
    paths,
    *,
    dry_run=False,
    status=None,
    strict=False,
    skip_invalid=False,
    media_dir=None,
    progress=None,
    site_urls=(),
    media_url_map=(),
    permalink="",
    static_dir=None,
    publish_anyway=False,
    options=None,
    kind=None,
):
    """Import files, bundles and directories; return a Report or raise ImportFailed.

    `media_url_map`: `PREFIX=DIR` texts; images under PREFIX are read from DIR and brought
    home (`publishing.load_media`). Other tools' blogs (`publishing.foreign`): `permalink`,
    their address rule (`/blog/:slug/`), `static_dir`, where `/images/x.png` is read from.
    `options`: the command's options, for the kinds' own (`Kind.import_run.add_arguments`).
    `kind`: every file read as this kind (`article`, or another kind's `Kind.bundle.name`),
    whatever its shape."""
    report = Report(dry_run=dry_run)
    media_map = MediaMap(media_url_map)
    bundles, singles, roots = find_paths(paths)
    run = ForeignRun(roots, [p for p in paths if Path(p).is_file()], permalink, static_dir)
    bundles, singles = run.select(bundles, singles, report)
    if not bundles and not singles:
        raise ContentError(", ".join(map(str, paths)), "aucun fichier Markdown à importer.")
    read = []
    for reader, path in [(read_bundle, b) for b in bundles] + [(read_single, s) for s in singles]:
        try:
            read.append(reader(path, kind))
        except ContentError as exc:
            report.skip(path, exc.message)
    # Files of other kinds (case studies): their own checks, never articles.
    others = check_others([source for source in read if source.kind], report)
    read = [source for source in read if not source.kind]
    sources = []
    for source in run.adapt(read, report):
        try:
            sources.append(check_source(source))
        except ContentError as exc:
            report.skip(source.path, exc.message)
    report.unknown_keys = run.unknown
    sources = refuse_shared_slugs(sources, report)  # two files for one article: neither
    if report.errors and not skip_invalid:
        raise ImportFailed(report)
    site = []
    for root in roots:
        try:
            site.append(read_site_files(root))
        except ContentError as exc:
            report.skip(exc.message.path, exc.message)
    if run.authors.authors:
        site.append(run.authors)
    runs = []  # each kind's files and options, read before anything is written
    for kind in run_kinds():
        try:
            runs.append((kind.import_run, kind.import_run.read(roots, options or {})))
        except ContentError as exc:
            report.skip(exc.message.path, exc.message)
    if report.errors and not skip_invalid:
        raise ImportFailed(report)
    if media_dir and not Path(media_dir).is_dir():
        raise ContentError("--media-dir", f"dossier introuvable : {media_dir}.")
    media = image_files(media_dir) if media_dir else {}
    context = LoadContext(
        sources,
        media,
        status,
        report,
        legacy_bases=legacy_bases(site_urls),
        media_map=media_map,
        site_urls=tuple(site_urls),
        publish_anyway=publish_anyway,
        runs=runs,
        others=others,
    )
    try:
        load_all(context, site, strict, skip_invalid, progress)
    except BaseException:
        context.stored.undo()  # the rows naming those files are gone
        raise
    if dry_run:
        context.stored.undo()
    return report


def load_all(context, site, strict, skip_invalid, progress):
    """Write everything in one transaction (rolled back for a dry run); a real run with
    `IMPORT_BATCH_SECONDS` (SQLite's default) commits in batches instead, pausing between
    them so that editors' saves get the database, and is undone as a whole if it fails."""
    progress = progress or (lambda iterable, total: iterable)
    every = [*context.sources, *context.others]
    sources = iter(progress(every, len(every)))
    seconds = 0 if context.report.dry_run else settings.IMPORT_BATCH_SECONDS
    if not seconds:
        with transaction.atomic():
            load_batch(context, site, sources, strict, skip_invalid)
            finish(context)
        return
    with Journal(context.report, context.stored) as journal:
        more = True
        while more:
            with journal.batch():
                until = time.monotonic() + seconds
                more = load_batch(context, site, sources, strict, skip_invalid, until)
                site = ()
                if not more:
                    finish(context)
            if more:
                # SQLite wakes a waiting writer by polling (every 100 ms at most): a pause longer
                # than that lets it in.
                time.sleep(settings.IMPORT_BATCH_PAUSE)


def load_batch(context, site, sources, strict, skip_invalid, until=None):
    """The site files, then sources until the monotonic time `until` has passed: True when
    some may remain."""
    report = context.report
    with invalidation_deferred():  # one move of the page cache for the whole run
        for files in site:
            if isinstance(files, ForeignAuthors):
                files.load(context.stored)
            else:
                context.site_tags |= load_site_files(*files)
        for source in sources:
            savepoint, written = transaction.savepoint(), context.stored.mark()
            try:
                (load_other if source.kind else load_source)(source, context, strict)
            except ContentError as exc:
                transaction.savepoint_rollback(savepoint)
                context.forget_rows()  # what this file created is gone with it
                context.stored.undo(written)
                report.skip(source.path, exc.message)
                if not skip_invalid:
                    transaction.set_rollback(True)
                    raise ImportFailed(report) from exc
            else:
                transaction.savepoint_commit(savepoint)
            if until is not None and time.monotonic() >= until:
                return True
    return False


def finish(context):
    """Once every file is in: what parts named before its file was loaded (a role's dedicated
    article), the findings (links between files resolve), and the page cache moved on once."""
    report = context.report
    for target_slug, document, key, attach in context.pending:
        target = Article.objects.filter(slug=target_slug).first()
        if target is None:  # its file was invalid and skipped
            report.warnings.append(
                Message(
                    str(document.path),
                    f"article dédié « {target_slug} » non importé.",
                    document.lines.get(key),
                )
            )
            continue
        attach(target)
    for hook, state in context.runs:  # what the kinds build from the whole run
        hook.after_import(context.loaded, state, report, context.stored)
    review(
        report,
        publish_anyway=context.publish_anyway,
        media_map=context.media_map,
        bases=context.legacy_bases,
    )
    if report.dry_run:
        transaction.set_rollback(True)
    else:
        bump()  # once the deferral is over, and again when the run commits


def load_source(source: Source, context: LoadContext, strict):
    """Create or update one article; when its bundle would not change, touch nothing."""
    document = source.document
    slug = document_slug(document)
    paths = list(dict.fromkeys(str(d.path) for d in (document, *source.part_documents)))
    entry = context.entry = Entry(slug, path=str(document.path), paths=paths)
    entry.part_word = next((kind.bundle.word for kind in bundled_parts()), "")
    entry.mapped = document.mapped
    context.old_slug = old_address(document) or slug
    brought = bring_home(source, context.media_map)
    brought.images += home_images(source.foreign_images)
    source.image_files.update(brought.files)  # loaded as a bundle's own images are
    existing = Article.objects.filter(slug=slug).first()
    entry.stored_status = existing.status if existing else None
    source_hash = fingerprint(source, context)
    record = ImportRecord.objects.filter(article=existing).first() if existing else None
    if (
        record is not None
        and record.source_hash == source_hash
        and existing.updated_at <= record.imported_at
        and not any(
            kind.bundle.edited_since(existing, record.imported_at) for kind in bundled_parts()
        )
    ):
        # Same files as last time, and nobody edited the article since: nothing to write.
        validate(source)
        report_warnings(source, context, strict)
        entry.status = UNCHANGED
        entry.parts = part_statuses(source, UNCHANGED)
        entry.redirects = keep_old_address(document, existing) + keep_old_paths(document, existing)
        context.report.entries.append(entry)
        context.loaded.append((existing, document))
        return existing
    before = article_files(existing) if existing else None
    savepoint, written = transaction.savepoint(), context.stored.mark()
    article = write_article(source, slug, existing, context)
    entry.images = brought.images
    after = article_files(Article.objects.get(pk=article.pk)) if existing else None
    report_warnings(source, context, strict)
    if before is None:
        entry.parts = part_statuses(source, CREATED)
    else:
        entry.parts = part_changes(before, after, [kind.bundle.folder for kind in bundled_parts()])
    entry.status = CREATED if before is None else UPDATED
    if before is not None and before == after:
        # Same content: undo the rewrite so ids, timestamps and rows stay exactly as they were.
        transaction.savepoint_rollback(savepoint)
        context.forget_rows()
        context.stored.undo(written)
        entry.status = UNCHANGED
        entry.nothing_done()
    else:
        transaction.savepoint_commit(savepoint)
    # Whatever the article's content: an old address may predate the import that keeps it.
    entry.redirects = keep_old_address(document, article) + keep_old_paths(document, article)
    ImportRecord.objects.update_or_create(article=article, defaults={"source_hash": source_hash})
    context.report.entries.append(entry)
    context.loaded.append((article, document))
    return article


def write_article(source, slug, existing, context):
    document = source.document
    meta, extra = normalise_meta(document)
    document.meta = meta
    files = {**context.media, **source.image_files}

    declared = {}
    for item in meta.get("images") or []:
        if isinstance(item, dict) and item.get("id"):
            declared[str(item["id"]).lower()] = item
    for asset_id, values in declared.items():
        ensure_asset(
            document, asset_id, values=values, file_path=files.get(asset_id), stored=context.stored
        )
    register_images(document, document.body, declared, files, context.stored)

    article = existing or Article(slug=slug)
    article.skip_history_when_saving = True  # recorded below, in bulk with its parts
    assign_plain(article, document, schema.ARTICLE_KEYS, Article)
    if len(article.description) > DESCRIPTION_RANGE[1]:
        document.warn(
            f"description de {len(article.description)} caractères : les moteurs de recherche "
            f"en montrent environ {DESCRIPTION_RANGE[1]}. Gardée entière ; raccourcissez-la "
            "dans l'admin si besoin.",
            "description",
        )
    article.author = get_author(document, context.authors)
    article.status = (
        context.status or file_status(document) or (existing.status if existing else None)
    ) or Article.Status.PUBLISHED
    set_publication_dates(article, document)
    article.declared_reading_time = document.minutes("read")
    set_hero(article, document, files, context.stored)
    article.body = context.localise(document.body, document)
    article.front_matter_extra = extra
    try:
        # The slug was looked up above: only field validation is left to do.
        article.full_clean(
            exclude=["author", "hero_image", "tags", "published_at"], validate_unique=False
        )
    except ValidationError as exc:
        problems = "; ".join(f"{k} : {' '.join(v)}" for k, v in exc.message_dict.items())
        document.error(f"valeurs refusées ({problems}).")
    article.save()
    set_tags(article, context.tag_list(document.list("tags")), existing is not None)

    existed = existing is not None
    loaded = [
        (
            kind,
            kind.bundle.load(
                article, source.parts.get(kind.label, []), files, context, LOAD_TOOLS, existed
            ),
        )
        for kind in bundled_parts()
    ]
    # One revision for the article and each part, as a save would make, in an insert each.
    note_created(Article.history.bulk_history_create([article], update=existed))
    for kind, rows in loaded:
        kind.bundle.record(rows, existed, LOAD_TOOLS)
    article.refresh_reading_time()
    if article.declared_reading_time:
        computed = article.reading_time
        if abs(article.declared_reading_time - computed) > computed / 2:
            document.warn(
                f"temps de lecture déclaré {article.declared_reading_time} min, calculé "
                f"{computed} min : le temps calculé sera affiché (cochez « afficher le temps "
                "déclaré » pour l'imposer).",
                "read",
            )
    return article


def part_statuses(source, status):
    """[(slug, status)] of every part of the source, as its files name them."""
    return [(kind.bundle.slug(d), status) for kind, docs in source.part_kinds() for d in docs]


# What a part's bundle loads its files with (`Kind.bundle.load(..., LOAD_TOOLS, ...)`).
LOAD_TOOLS = SimpleNamespace(
    assign_plain=assign_plain,
    ensure_asset=ensure_asset,
    register_images=register_images,
    set_tags=set_tags,
    note_created=note_created,
    note_rows=note_rows,
)
