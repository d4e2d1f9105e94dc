"""The save path of roles, step by step, connected from `RolesConfig.ready()` (the generic
steps, indexing and the page cache, are `articles.lifecycle`'s):

- roles: the version moves on (also when one of its items changes); a slug change leaves a
  redirect; the article's reading time is recounted with the indexing step
  (`Role.after_indexing`), as for a deleted role;
- role items (missions, background, alternative titles): the role is indexed again.

A live article changing slug leaves redirects for its roles' addresses too: `articles.lifecycle`
asks `Role.path_for` for the old and new ones.
"""

from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save

from articles import indexing
from articles.lifecycle import next_version
from articles.models import Article, Redirect
from roles.models import AlternativeTitle, BackgroundItem, Mission, Role

ROLE_ITEMS = (Mission, BackgroundItem, AlternativeTitle)


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
            Role.path_for(instance.article.slug, previous["slug"]), instance.get_absolute_url()
        )


def reindex_article_of_role(sender, instance, **kwargs):
    """A deleted role no longer counts in its article's reading time."""
    indexing.schedule_row(Article, instance.article_id)


def index_role_of_item(sender, instance, **kwargs):
    """Editing a mission or an alternative title keeps the role findable, and moves the role's
    version on: a form opened before does not put the old list back."""
    Role.objects.filter(pk=instance.role_id).update(version=F("version") + 1)
    indexing.schedule_row(Role, instance.role_id)


def connect():
    """Connect every step (called once, from `RolesConfig.ready`)."""
    steps = [
        (pre_save, Role, next_version),
        (pre_save, Role, redirect_moved_role),
        (post_delete, Role, reindex_article_of_role),
        *((signal, model, index_role_of_item) for model in ROLE_ITEMS
          for signal in (post_save, post_delete)),
    ]  # fmt: skip
    for signal, model, receiver in steps:
        signal.connect(receiver, sender=model, dispatch_uid=f"{receiver.__name__}-{model.__name__}")
