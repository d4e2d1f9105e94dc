"""An article's publication dates as its file gives them: `date` and `unpublish`.

Every publication field round-trips through an export: `status`, `date` (an article without
one is written `date: ''`, never left to become « now » on import), `unpublish` (the date
« Dépublier » took it down, or will), the slug; redirects travel in `redirects.yml`.
"""

from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article


def set_publication_dates(article, document):
    """`date` and `unpublish`, each kept when the file does not name it (an old file imported
    again does not put back online an article an editor took down), and cleared by an empty
    value (`date: ''` is how an export writes an article without a date)."""
    if "date" in document.meta and not document.text("date"):
        article.published_at = None
        if article.status == Article.Status.PUBLISHED:
            document.warn(
                "« date » vide : l'article n'a pas de date de publication et reste invisible "
                "des lecteurs ; donnez-lui une date (ou « Publier maintenant » dans l'admin).",
                "date",
            )
    else:
        article.published_at = document.date("date") or article.published_at
    if "unpublish" in document.meta:
        article.unpublish_at = document.date("unpublish")
    if (
        article.unpublish_at
        and article.published_at
        and article.unpublish_at < article.published_at
    ):
        document.warn(
            f"« unpublish » ({day(article.unpublish_at)}) précède « date » "
            f"({day(article.published_at)}) : l'article ne sera jamais en ligne.",
            "unpublish",
        )


def day(value):
    return date_format(timezone.localtime(value), "j F Y")
