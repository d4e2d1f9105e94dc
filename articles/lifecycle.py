"""The save path of content, step by step, wired in one place (`connect()`, at start-up).

`save()` of a content type only renders its Markdown and writes its row; what else a change
means happens in these steps, in this order:

- images: dimensions and renditions before the row is written; afterwards, the stored HTML
  that embeds the image is rendered again; a deleted image leaves its files once the deletion
  commits (one still shown somewhere cannot be deleted: `ImageAsset.delete`);
- articles: the version moves on (two editors never overwrite each other silently), and a
  published article whose slug changes leaves permanent redirects for itself and for the
  addresses of its parts (each part model's `path_for(whole_slug, slug)`);
- every content row is indexed after the commit (`articles.indexing`, scheduled by the base);
- anything readers can see moves the page cache on (`articles.cache.bump`): every declared
  content type (`articles.registry`), its tags' through models, authors, tags and images; and
  again once the indexing step has run, so that no search page is kept from before it.

A content app connects the steps of its own types the same way, from its `AppConfig.ready()`
(its own `lifecycle` module).
"""

import functools

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from articles import indexing, registry
from articles.cache import bump, move_on
from articles.images import delete_files, make_renditions
from articles.models import Article, Author, ImageAsset, Redirect, Tag


def visible_models():
    """What readers can see: every declared content type with the through models of its
    tags (`TaggedArticle`…), authors, tags and images."""
    return _visible(tuple(registry.kinds()))


@functools.cache
def _visible(kinds):
    models = {Author, Tag, ImageAsset}
    for kind in kinds:
        model = kind.model_class
        models.add(model)
        models.update(
            field.remote_field.through
            for field in model._meta.get_fields()
            if field.many_to_many and not field.auto_created
        )
    return frozenset(models)


def bump_visible(sender, **kwargs):
    """Anything readers can see changed: the page cache moves on. Connected for every sender
    and sorted here, so that content types declared after `connect()` (by apps ready later)
    count too."""
    if sender in visible_models():
        bump(sender=sender, **kwargs)


# --- Images ----------------------------------------------------------------------------------


def prepare_image(sender, instance, update_fields=None, **kwargs):
    """Dimensions read, renditions made once per file and focal point (Pillow and storage)."""
    if instance.file and not (instance.width and instance.height):
        # A file saved with save=False leaves the dimensions unread on this instance.
        instance._meta.get_field("file").update_dimension_fields(instance, force=True)
    if instance.wanted_renditions_key != instance.renditions_key:
        instance.renditions = make_renditions(instance)  # none, and old ones gone, without file
        instance.renditions_key = instance.wanted_renditions_key


def refresh_html_showing(sender, instance, created, **kwargs):
    """An image got a file, a new size or alt text: the HTML that embeds it is rendered again
    (a new image without a file renders exactly like an unknown reference: nothing to do)."""
    if created and not instance.file:
        return
    for model in registry.source_models():  # parts first: a whole counts their words
        for obj in model.objects.showing([instance.pk]):
            obj.render()
            model.objects.filter(pk=obj.pk).update(
                **{name: getattr(obj, name) for name in obj.rendered_fields()}
            )


def delete_image_files(sender, instance, **kwargs):
    """Files go once the deletion is committed: a rolled-back deletion keeps its image."""
    transaction.on_commit(lambda: delete_files(instance))


# --- Articles --------------------------------------------------------------------------------


def next_version(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or "version" in update_fields:
        instance.version = (instance.version or 0) + 1


def redirect_moved_article(sender, instance, raw=False, **kwargs):
    """A live article changing slug: its old address and its parts' old addresses redirect."""
    if raw or not instance.pk:
        return
    previous = (
        Article.objects.only("slug", "status", "published_at", "unpublish_at")
        .filter(pk=instance.pk)
        .first()
    )
    if previous is None or previous.slug == instance.slug or not previous.is_published():
        return
    Redirect.record_move(previous.get_absolute_url(), instance.get_absolute_url())
    for kind in registry.kind_of(Article).parts():
        model = kind.model_class
        if not hasattr(model, "path_for"):  # no address of its own
            continue
        rows = model.objects.filter(**{kind.whole_field: instance})
        for slug in rows.values_list("slug", flat=True):
            Redirect.record_move(
                model.path_for(previous.slug, slug), model.path_for(instance.slug, slug)
            )


def search_changed(sender, **kwargs):
    move_on()


def connect():
    """Connect every step (called once, from `ArticlesConfig.ready`)."""
    indexing.indexed.connect(search_changed, dispatch_uid="search_changed")
    steps = [
        (pre_save, ImageAsset, prepare_image),
        (post_save, ImageAsset, refresh_html_showing),
        (post_delete, ImageAsset, delete_image_files),
        (pre_save, Article, next_version),
        (pre_save, Article, redirect_moved_article),
    ]
    for signal, model, receiver in steps:
        signal.connect(receiver, sender=model, dispatch_uid=f"{receiver.__name__}-{model.__name__}")
    for signal in (post_save, post_delete):
        signal.connect(bump_visible, dispatch_uid=f"bump_visible-{signal is post_save}")
