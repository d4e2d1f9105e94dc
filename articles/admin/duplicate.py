"""« Dupliquer en brouillon »: a draft copy of an article, whole, whose title and address say it
is a copy and always fit their columns (a 200-character title plus « (copie) » overflowed
`varchar(200)` on PostgreSQL: a 500)."""

import copy

from articles.models import Article

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


def duplicate_article(article):
    """A draft copy with its tags and roles (and their missions, background, titles), its
    title and address marked « copie », within their columns' limits."""
    roles = list(article.roles.prefetch_related("missions", "background", "alternative_titles"))
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
    for role in roles:
        items = [*role.missions.all(), *role.background.all(), *role.alternative_titles.all()]
        role_tags = list(role.tags.all())
        role.pk = None
        role._state.adding = True
        role.article = copy_
        role.save()
        role.tags.set(role_tags)
        for item in items:
            item.pk = None
            item._state.adding = True
            item.role = role
            item.save()
    return copy_
