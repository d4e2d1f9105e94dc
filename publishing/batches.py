"""An import committed in batches that can still be undone as a whole.

SQLite has one writer at a time: an import written in one transaction would keep every
editor's save waiting for its whole run (and failing after the busy timeout). So a real run
commits every `IMPORT_BATCH_SECONDS` and pauses, and this journal keeps what undoing it needs:
every row the run saves or deletes is noted from the model signals (its values before the
run, or that the run created it), with its values as the run left it at each commit. If the
run fails, `undo()` puts everything back in one transaction: rows the run created are
deleted, rows it changed get their earlier values, rows it deleted come back, and the history
rows it added go. A row somebody else changed between two batches (an editor saved the article
meanwhile) is no longer the run's to undo: it is kept as they saved it, with what it owns
(its parts and their lists), and the report names it.

Bulk inserts send no signal: the loader names what it bulk-creates (`note_created`), and the
rows a queryset is about to update (`note_rows`).
"""

import hashlib
import threading
from contextlib import contextmanager

from django.contrib.admin.utils import NestedObjects
from django.db import IntegrityError, models, router, transaction
from django.db.models import ProtectedError
from django.db.models.signals import post_save, pre_delete, pre_save

from articles import indexing
from articles.cache import bump
from articles.lifecycle import refresh_html_showing
from articles.models import Article, ImageAsset
from articles.models.content import RenderedContent
from publishing.errors import Message

# Computed again by the indexing step after each commit (and once more after an undo), never
# compared nor restored: the folded search texts and PostgreSQL's vector, the reading time.
DERIVED = {"search_title", "search_text", "search_vector", "reading_time"}
MAX_NAMED = 10  # kept rows named one by one in the report; more are counted

_active = threading.local()


def note_created(objects):
    """Rows inserted in bulk by the running import: its undo deletes them."""
    journal = getattr(_active, "journal", None)
    if journal is not None and journal.open:
        for obj in objects:
            if obj.pk is not None:
                journal.touch(type(obj), obj.pk, created=True)


def note_rows(queryset):
    """Rows the running import is about to change without saving them (a queryset update)."""
    journal = getattr(_active, "journal", None)
    if journal is not None and journal.open:
        for pk in queryset.values_list("pk", flat=True):
            journal.touch(queryset.model, pk)


def fields_of(model):
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in DERIVED and f.get_internal_type() != "SearchVectorField"
    ]


def values_of(model, pk):
    """The row's stored values (None when there is no such row)."""
    return model._base_manager.filter(pk=pk).values(*fields_of(model)).first()


class Journal:
    """What a running import wrote, for its undo. Used as `with Journal(report, stored):`
    around the run, each batch written inside `with journal.batch():`."""

    def __init__(self, report, stored):
        self.report, self.stored = report, stored
        self.before = {}  # (model, pk) -> values before the run; None: the run created it
        # (model, pk) -> digest of the values the run left at its last commit (None: no row)
        self.after = {}
        self.touched = set()  # keys touched by the batch being written
        self.thread = threading.get_ident()
        self.open = False  # a batch is being written (what else this thread does is not noted)
        self.undoing = False
        self.made_by_undo = []  # rows the undo itself made (history of its deletions)

    # --- Noting -------------------------------------------------------------------------

    def __enter__(self):
        _active.journal = self
        uid = f"import-journal-{id(self)}"
        pre_save.connect(self.on_pre_save, weak=False, dispatch_uid=uid)
        post_save.connect(self.on_post_save, weak=False, dispatch_uid=uid)
        pre_delete.connect(self.on_pre_delete, weak=False, dispatch_uid=uid)
        return self

    def __exit__(self, kind, exc, traceback):
        try:
            if exc is not None:
                self.undo()
        finally:
            uid = f"import-journal-{id(self)}"
            for signal in (pre_save, post_save, pre_delete):
                signal.disconnect(dispatch_uid=uid)
            _active.journal = None
        return False

    def mine(self):
        return threading.get_ident() == self.thread

    def touch(self, model, pk, created=False):
        key = (model._meta.concrete_model, pk)
        if key not in self.before:
            self.before[key] = None if created else values_of(*key)
        self.touched.add(key)

    @contextmanager
    def batch(self):
        """One batch: its own transaction, noted, sealed just before it commits (what runs
        once it has committed, its indexing, is not the run's to undo)."""
        with transaction.atomic():
            self.open = True
            try:
                yield
            finally:
                self.open = False
            self.seal()

    def on_pre_save(self, sender, instance, raw=False, **kwargs):
        if self.open and self.mine() and instance.pk is not None:
            self.touch(sender, instance.pk)

    def on_post_save(self, sender, instance, created=False, **kwargs):
        if not created or not self.mine():
            return
        key = (sender._meta.concrete_model, instance.pk)
        if self.undoing:
            self.made_by_undo.append(key)
        elif self.open:
            self.before.setdefault(key, None)
            self.touched.add(key)

    def on_pre_delete(self, sender, instance, **kwargs):
        if self.open and self.mine():
            self.touch(sender, instance.pk)

    def seal(self):
        """The rows of this batch as it commits them: what `undo()` compares with, to tell
        its own writes from someone else's."""
        for model, pks in group(self.touched).items():
            found = current(model, pks)
            for pk in pks:
                self.after[(model, pk)] = digest(found.get(pk))
        self.touched.clear()

    # --- Undoing --------------------------------------------------------------------------

    def undo(self):
        """Everything the committed batches wrote, put back in one transaction: rows it
        changed first (so that they no longer point at what the run created), then the rows
        it created deleted, then the rows it deleted brought back, parents first."""
        self.undoing = True
        keys = [key for key in self.before if key in self.after]  # in the order first met
        if not keys:
            return  # nothing was committed: the failed batch rolled back by itself
        using = router.db_for_write(Article)
        with transaction.atomic(using=using):
            now = {}
            for model, pks in group(keys).items():
                found = current(model, pks)
                now.update({(model, pk): found.get(pk) for pk in pks})
            changed = {key for key in keys if digest(now[key]) != self.after[key]}
            created = {key for key in keys if self.before[key] is None and now[key]}
            owned = owned_by(created, changed, now)
            kept = changed | owned  # grows below with what cannot be undone
            changed_back = [
                key for key in keys if self.before[key] is not None and now[key] is not None
            ]
            done = self.put_back(changed_back, kept)
            done |= self.delete_created(created - kept, kept, using)
            self.put_back(changed_back, kept)  # again: deleting an item moved its part's version
            for key in reversed(keys):  # deleted by the run
                if self.before[key] is not None and now[key] is None and key not in kept:
                    rows, row = key[0]._base_manager, key[0](**self.before[key])
                    self.attempt(key, kept, lambda rows=rows, row=row: rows.bulk_create([row]))
                    done.add(key)
            for model, pk in self.made_by_undo:  # the history of the deletions just made
                model._base_manager.filter(pk=pk).delete()
            self.refresh(done - kept)
            bump()
        self.keep_files({pk for model, pk in kept if model is ImageAsset})
        self.tell(kept - owned, now)

    def put_back(self, keys, kept):
        """The rows the run changed get their earlier values."""
        done = set()
        for key in keys:
            if key not in kept:
                rows, values = key[0]._base_manager.filter(pk=key[1]), self.before[key]
                self.attempt(key, kept, lambda rows=rows, values=values: rows.update(**values))
                done.add(key)
        return done

    @staticmethod
    def delete_created(doomed, kept, using):
        """Delete the rows the run created, but never one whose deletion would take or change
        a row that is not to go too (an editor's article tagged with a tag the run made)."""
        doomed = set(doomed)
        while True:
            blocked = set()
            for model, pks in group(doomed).items():
                rows = list(model._base_manager.filter(pk__in=pks))
                if reaches_others(rows, doomed, using):  # then find which, one by one
                    blocked |= {(model, r.pk) for r in rows if reaches_others([r], doomed, using)}
            if not blocked:
                break
            doomed -= blocked
            kept |= blocked
        pending = group(doomed)
        while pending:  # what protects another row from deletion goes first
            for model, pks in list(pending.items()):
                try:
                    with transaction.atomic(using=using):
                        model._base_manager.filter(pk__in=pks).delete()
                except ProtectedError:
                    continue
                del pending[model]
                break
            else:  # nothing could go: what is left stays (never expected, see above)
                left = {(model, pk) for model, pks in pending.items() for pk in pks}
                kept |= left
                return doomed - left
        return doomed

    @staticmethod
    def attempt(key, kept, write):
        """A row that cannot be put back (its place taken meanwhile) is kept as it is now."""
        try:
            with transaction.atomic():
                write()
        except IntegrityError:
            kept.add(key)

    @staticmethod
    def refresh(keys):
        """What derives from the rows put back: search and reading time (indexing step), and
        the pages showing an image that gained or lost its file."""
        for model, pk in keys:
            if issubclass(model, RenderedContent):
                indexing.schedule_row(model, pk)
            elif model is ImageAsset:
                image = ImageAsset.objects.filter(pk=pk).first() or ImageAsset(pk=pk)
                refresh_html_showing(ImageAsset, image, created=False)

    def keep_files(self, kept_images):
        """The files of images kept as someone left them stay in storage."""
        names = [str(pk) for pk in kept_images]
        self.stored.files = [
            (storage, name)
            for storage, name in self.stored.files
            if not any(pk in name for pk in names)
        ]

    def tell(self, kept, now):
        """The report names what was kept (changed since, or impossible to put back), since
        the rest of the run is undone."""
        shown = [
            f"{model._meta.verbose_name} « {label(model, now[(model, pk)])} »"
            for model, pk in sorted(kept, key=lambda key: (key[0]._meta.label, str(key[1])))
            if now.get((model, pk)) and not getattr(model, "instance_type", None)
        ]
        if not shown:
            return
        more = len(shown) - MAX_NAMED
        text = (
            "Import annulé, sauf ce que quelqu'un a modifié pendant qu'il tournait, gardé tel "
            "quel : " + ", ".join(shown[:MAX_NAMED]) + (f" et {more} autre(s)" if more > 0 else "")
            + "."
        )  # fmt: skip
        self.report.warnings.append(Message("import", text))


def group(keys):
    grouped = {}
    for model, pk in keys:
        grouped.setdefault(model, []).append(pk)
    return grouped


def digest(values):
    """A row's values in a few bytes (a long import keeps one per row it wrote)."""
    if values is None:
        return None
    return hashlib.blake2b(repr(sorted(values.items())).encode(), digest_size=16).digest()


def current(model, pks):
    """pk -> stored values, for the rows of `pks` that exist."""
    found = {}
    for start in range(0, len(pks), 500):
        chunk = pks[start : start + 500]
        for row in model._base_manager.filter(pk__in=chunk).values("pk", *fields_of(model)):
            found[row.pop("pk")] = row
    return found


def owned_by(created, kept, now):
    """Rows the run created that belong to a kept row (by a cascading foreign key, or as its
    history): an article kept as an editor saved it keeps the parts, lists and revisions it
    was saved with."""
    owned, growing = set(), True
    while growing:
        growing = False
        for key in created - kept - owned:
            if any(owner in kept or owner in owned for owner in owners(key, now[key])):
                owned.add(key)
                growing = True
    return owned


def owners(key, values):
    model, _ = key
    history_of = getattr(model, "instance_type", None)  # a django-simple-history revision
    if history_of is not None:
        yield (history_of._meta.concrete_model, values.get(history_of._meta.pk.attname))
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.remote_field.on_delete is models.CASCADE:
            yield (field.related_model._meta.concrete_model, values[field.attname])


def reaches_others(rows, doomed, using):
    """Whether deleting `rows` would delete or change a row that is not in `doomed`."""
    collector = NestedObjects(using=using)
    collector.collect(rows)
    # A row protecting one of these from deletion (an article's hero image) is fine if it goes
    # too: deleted first (see `delete_created`).
    if any((type(obj)._meta.concrete_model, obj.pk) not in doomed for obj in collector.protected):
        return True
    for model, instances in collector.data.items():
        concrete = model._meta.concrete_model
        if any((concrete, obj.pk) not in doomed for obj in instances):
            return True
    return any(
        (field.model._meta.concrete_model, obj.pk) not in doomed
        for (field, _value), objects in collector.field_updates.items()
        for batch in objects
        for obj in batch
    )


def label(model, values):
    for name in ("title", "name", "old_path", "alt"):
        if values.get(name):
            return values[name]
    return values.get("slug") or "?"
