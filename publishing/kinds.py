"""Files of the top-level kinds besides the article (`articles.registry.bundled_kinds`: a case
study), imported in the same run as the articles and exported beside them. Each kind's bundle
recognises its files by their shape, reads and checks them, loads them and writes them back;
publishing lends it the tools of each step and names no kind.

A source of such a kind is checked before anything is written (`check_others`: its kind's
checks, one file per address), loaded in the run's transaction (`load_other`: left exactly as
it was when its files would not change) and counted in the report under its kind's word. Its
export is `<folder>/<slug>/index.md` (`publishing.write.other_files`).
"""

from types import SimpleNamespace

from django.db import transaction

from publishing.batches import note_created, note_rows
from publishing.checks import check_tags
from publishing.errors import ContentError, Message
from publishing.keys import assign_plain
from publishing.load_checks import report_warnings
from publishing.load_fields import file_status
from publishing.load_parts import ensure_asset, register_images, set_tags
from publishing.publication import set_publication_dates
from publishing.report import CREATED, UNCHANGED, UPDATED, Entry
from publishing.write import WRITE_TOOLS


def check_others(sources, report):
    """The sources of other kinds that pass their kind's checks (file:line errors, in French),
    one file per address: two files giving one address are both left out, each naming the
    other."""
    by_slug = {}
    for source in sources:
        try:
            source.kind.bundle.check(source.document, CHECK_TOOLS)
        except ContentError as exc:
            report.skip(source.path, exc.message)
            continue
        key = (source.kind.label, source.kind.bundle.slug(source.document))
        by_slug.setdefault(key, []).append(source)
    checked = []
    for (_, slug), found in by_slug.items():
        if len(found) == 1:
            checked.extend(found)
            continue
        for source in found:
            others = ", ".join(str(s.path) for s in found if s is not source)
            text = (
                f"{source.kind.bundle.word} « {slug} » : {others} donne la même adresse ; "
                "renommez l'un des fichiers."
            )
            report.skip(source.path, Message(str(source.path), text, 1))
    return checked


def load_other(source, context, strict):
    """Create or update one file of another kind; when its files would not change (the same
    export as what is stored), touch nothing."""
    bundle, document = source.kind.bundle, source.document
    slug = bundle.slug(document)
    entry = context.entry = Entry(
        slug, path=str(document.path), paths=[str(document.path)], kind=bundle.word
    )
    existing = bundle.model.objects.filter(slug=slug).first()
    before = bundle.files(existing, WRITE_TOOLS)[0] if existing else None
    savepoint, written = transaction.savepoint(), context.stored.mark()
    files = {**context.media, **source.image_files}
    loaded = bundle.load(document, slug, existing, files, context, LOAD_TOOLS)
    report_warnings(source, context, strict)
    after = bundle.files(bundle.model.objects.get(pk=loaded.pk), WRITE_TOOLS)[0]
    if before is not None and before == after:
        transaction.savepoint_rollback(savepoint)
        context.forget_rows()
        context.stored.undo(written)
        entry.status = UNCHANGED
        entry.nothing_done()
    else:
        transaction.savepoint_commit(savepoint)
        entry.status = CREATED if before is None else UPDATED
    context.report.entries.append(entry)
    return loaded


# What another kind's bundle checks its file with (`Kind.bundle.check(document, CHECK_TOOLS)`).
CHECK_TOOLS = SimpleNamespace(check_tags=check_tags, file_status=file_status)

# What another kind's bundle loads its file with (`Kind.bundle.load(..., LOAD_TOOLS)`).
LOAD_TOOLS = SimpleNamespace(
    assign_plain=assign_plain,
    ensure_asset=ensure_asset,
    register_images=register_images,
    set_tags=set_tags,
    note_created=note_created,
    note_rows=note_rows,
    file_status=file_status,
    set_publication_dates=set_publication_dates,
)
