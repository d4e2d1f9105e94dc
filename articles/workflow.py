"""Putting an article online, scheduling it, taking it down: the rules in one place. The
article form's buttons (« Publier », « Programmer… », « Dépublier ») and the list's actions
call these; each sets the article's publication fields and leaves the saving to its caller
(which holds the row locked, or validates a form first).

A draft has no date of its own: its date is the moment it goes online, or the one it is
scheduled for. A draft still carrying a past date (an import, an older version) is published
now unless the editor chose to keep that date (`keep_date`).

« Dupliquer en brouillon » (`duplicate`) makes a draft copy of an article, its parts included."""

import copy

from django.utils import timezone

from articles import registry
from articles.models import Article


class ScheduleRefused(ValueError):
    """A date that cannot schedule the article (in the past, or missing); says why in French."""


def has_past_date(article, now=None):
    """Whether publishing this article now raises the question « keep its date or now? »: it
    is not online or scheduled, and carries a date already past."""
    now = now or timezone.now()
    state = article.publication_state()
    if state in (Article.State.ONLINE, Article.State.SCHEDULED):
        return False
    return article.published_at is not None and article.published_at <= now


def publish(article, *, keep_date=False, now=None):
    """Online now: the date becomes now, unless `keep_date` and the article carries a past
    one (a taken-down article coming back, a draft whose date the editor keeps). An unpublish
    date already past is dropped, or « publié » would stay offline."""
    now = now or timezone.now()
    past = article.published_at is not None and article.published_at <= now
    if not (keep_date and past):
        article.published_at = now
    article.status = Article.Status.PUBLISHED
    if article.unpublish_at is not None and article.unpublish_at <= now:
        article.unpublish_at = None
    return article


def schedule(article, when, *, now=None):
    """Online by itself at `when`, a moment still to come. An unpublish date before it is
    dropped (the article would never be seen)."""
    now = now or timezone.now()
    if when is None:
        raise ScheduleRefused("Indiquez la date et l'heure de parution pour programmer l'article.")
    if when <= now:
        raise ScheduleRefused(
            "La date de programmation est déjà passée : choisissez un moment à venir, ou "
            "« Publier » pour une parution immédiate."
        )
    article.status = Article.Status.PUBLISHED
    article.published_at = when
    if article.unpublish_at is not None and article.unpublish_at <= when:
        article.unpublish_at = None
    return article


TAKEN_DOWN = "taken_down"
UNSCHEDULED = "unscheduled"


def take_down(article, *, now=None):
    """Off the site from now: an article online gets its unpublish date now (it stays
    « Dépublié le … », and `publish` brings it back); a scheduled one goes back to draft,
    since it was never online. Returns what was done (TAKEN_DOWN, UNSCHEDULED) or None when
    the article was not on its way to readers."""
    now = now or timezone.now()
    state = article.publication_state()
    if state == Article.State.SCHEDULED:
        article.status = Article.Status.DRAFT
        return UNSCHEDULED
    if state == Article.State.ONLINE:
        article.unpublish_at = now
        return TAKEN_DOWN
    return None


def keeps_date_when_listed(article):
    """The list's « Publier maintenant » cannot ask: a taken-down article comes back with the
    date it was first online; a draft carrying a past date is published now."""
    return article.publication_state() == Article.State.TAKEN_DOWN


# --- « Dupliquer en brouillon » ---------------------------------------------------------------
# A copy whose title and address say it is a copy and always fit their columns (a 200-character
# title plus « (copie) » overflowed `varchar(200)` on PostgreSQL: a 500).

TITLE_SUFFIX = " (copie)"
SLUG_SUFFIX = "-copie"
# Room left after the slug's suffix for « -2 », « -3 »… when copies of copies share it.
NUMBER_ROOM = len("-999999")


def copy_title(title):
    """« Titre (copie) », the title cut with « … » before the suffix when both would not fit."""
    limit = Article._meta.get_field("title").max_length
    if len(title) + len(TITLE_SUFFIX) <= limit:
        return f"{title}{TITLE_SUFFIX}"
    return f"{title[: limit - len(TITLE_SUFFIX) - 1].rstrip()}…{TITLE_SUFFIX}"


def copy_slug(slug):
    """`slug-copie`, the slug cut so that a number can still follow."""
    limit = Article._meta.get_field("slug").max_length - len(SLUG_SUFFIX) - NUMBER_ROOM
    return f"{slug[:limit].rstrip('-')}{SLUG_SUFFIX}"


def duplicate(article):
    """A draft copy with its tags and its parts (each part model's `copy_parts(source, copy)`,
    which copies their own parts too), its title and address marked « copie », within their columns'
    limits. Saved; the caller holds the transaction."""
    tags = list(article.tags.all())
    base = copy_slug(article.slug)
    slug, number = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    copy_ = copy.copy(article)
    copy_.pk = None
    copy_._state.adding = True
    copy_.slug = slug
    copy_.title = copy_title(article.title)
    copy_.status = Article.Status.DRAFT
    copy_.version = 0
    copy_.save()
    copy_.tags.set(tags)
    for kind in registry.kind_of(Article).parts():
        copy_parts = getattr(kind.model_class, "copy_parts", None)
        if copy_parts is not None:  # a part without it stays with the original (its series)
            copy_parts(article, copy_)
    return copy_
