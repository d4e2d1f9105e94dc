"""The save path of content, step by step, wired in one place (`connect()`, at start-up).

`save()` of a content type only renders its Markdown and writes its row; what else a change
means happens in these steps, in this order:

- images: dimensions and renditions before the row is written; afterwards, the stored HTML
  that embeds the image is rendered again; a deleted image leaves its files once the deletion
  commits (one still shown somewhere cannot be deleted: `ImageAsset.delete`);
- articles: the version moves on (two editors never overwrite each other silently), and a
  published article whose slug changes leaves permanent redirects for itself and its roles;
- roles: the version moves on (also when one of its items changes); a slug change leaves a
  redirect; the article's reading time is recounted with the
  indexing step (`Role.after_indexing`), as for a deleted role;
- role items (missions, background, alternative titles): the role is indexed again;
- every content row is indexed after the commit (`articles.indexing`, scheduled by the base);
- anything readers can see moves the page cache on (`articles.cache.bump`), and again once
  the indexing step has run, so that no search page is kept from before it.
"""

from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save
from django.urls import reverse

from articles import indexing
from articles.cache import bump, move_on
from articles.images import delete_files, make_renditions
from articles.models import Article, Author, ImageAsset, Redirect, Tag, TaggedArticle
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role, TaggedRole

ROLE_ITEMS = (Mission, BackgroundItem, AlternativeTitle)
VISIBLE = (Article, Role, *ROLE_ITEMS, Author, Tag, TaggedArticle, TaggedRole, ImageAsset)


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
    for model in (Article, Role, *ROLE_ITEMS):
        for obj in model.objects.showing([instance.pk]):
            obj.render()
            model.objects.filter(pk=obj.pk).update(
                **{name: getattr(obj, name) for name in obj.rendered_fields()}
            )


def delete_image_files(sender, instance, **kwargs):
    """Files go once the deletion is committed: a rolled-back deletion keeps its image."""
    transaction.on_commit(lambda: delete_files(instance))


# --- Articles and roles ----------------------------------------------------------------------


def next_version(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or "version" in update_fields:
        instance.version = (instance.version or 0) + 1


def redirect_moved_article(sender, instance, raw=False, **kwargs):
    """A live article changing slug: its old address and its roles' old addresses redirect."""
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
    for slug in Role.objects.filter(article=instance).values_list("slug", flat=True):
        Redirect.record_move(role_url(previous.slug, slug), role_url(instance.slug, slug))


def redirect_moved_role(sender, instance, raw=False, **kwargs):
    if raw or not instance.pk:
        return
    previous = Role.objects.filter(pk=instance.pk).values("slug", "article_id").first()
    if (
        previous is not None
        and previous["slug"] != instance.slug
        and previous["article_id"] == instance.article_id
        and instance.article.is_published()
    ):
        Redirect.record_move(
            role_url(instance.article.slug, previous["slug"]), instance.get_absolute_url()
        )


def role_url(article_slug, slug):
    return reverse("roles:detail", kwargs={"article_slug": article_slug, "slug": slug})


def reindex_article_of_role(sender, instance, **kwargs):
    """A deleted role no longer counts in its article's reading time."""
    indexing.schedule_row(Article, instance.article_id)


def index_role_of_item(sender, instance, **kwargs):
    """Editing a mission or an alternative title keeps the role findable, and moves the role's
    version on: a form opened before does not put the old list back."""
    Role.objects.filter(pk=instance.role_id).update(version=F("version") + 1)
    indexing.schedule_row(Role, instance.role_id)


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
        (pre_save, Role, next_version),
        (pre_save, Article, redirect_moved_article),
        (pre_save, Role, redirect_moved_role),
        (post_delete, Role, reindex_article_of_role),
        *((signal, model, index_role_of_item) for model in ROLE_ITEMS
          for signal in (post_save, post_delete)),
        *((signal, model, bump) for model in VISIBLE for signal in (post_save, post_delete)),
    ]  # fmt: skip
    for signal, model, receiver in steps:
        signal.connect(receiver, sender=model, dispatch_uid=f"{receiver.__name__}-{model.__name__}")
