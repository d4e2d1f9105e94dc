"""Putting an article online, scheduling it, taking it down: the rules in one place. The
article form's buttons (« Publier », « Programmer… », « Dépublier ») and the list's actions
call these; each sets the article's publication fields and leaves the saving to its caller
(which holds the row locked, or validates a form first).

A draft has no date of its own: its date is the moment it goes online, or the one it is
scheduled for. A draft still carrying a past date (an import, an older version) is published
now unless the editor chose to keep that date (`keep_date`)."""

from django.utils import timezone

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
