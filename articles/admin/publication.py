"""Where an article stands for readers, as the admin says it: its state and date in the list
and on the form (`publication_parts`), the list's filter by state, and which publication
buttons the form's submit row shows (`publication_buttons`)."""

from django.contrib import admin

from articles import workflow
from articles.admin.display import french_date, french_datetime
from articles.admin_french import agreement
from articles.models import Article


def state_label(state, noun="article"):
    """The state's label agreeing with the noun: « Programmée » for a case study."""
    if state in (Article.State.SCHEDULED, Article.State.TAKEN_DOWN):
        return f"{state.label}{agreement(noun)}"
    return state.label


def publication_parts(article):
    """What readers get of this article, as (state, its detail): (SCHEDULED, « pour le 3
    janvier 2027 à 09:00 »), (ONLINE, « depuis le 6 mai 2025 »), (TAKEN_DOWN, « le … »)…"""
    state = article.publication_state()
    if state == Article.State.SCHEDULED:
        detail = f"pour le {french_datetime(article.published_at)}"
    elif state == Article.State.ONLINE:
        detail = f"depuis le {french_date(article.published_at)}"
    elif state == Article.State.TAKEN_DOWN:
        return state, f"le {french_datetime(article.unpublish_at)}"
    elif article.status == Article.Status.PUBLISHED:  # no date: nobody sees it
        return state, f"(publié{agreement(article._meta.verbose_name)} sans date)"
    else:
        return state, ""
    if article.unpublish_at:
        detail += f", jusqu'au {french_datetime(article.unpublish_at)}"
    return state, detail


class PublicationFilter(admin.SimpleListFilter):
    """Each state an article can be in for readers, by the rules of `ArticleQuerySet`."""

    title = "état"
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        noun = model_admin.model._meta.verbose_name
        return [(state, state_label(state, noun)) for state in Article.State]

    def queryset(self, request, queryset):
        chosen = {
            Article.State.DRAFT: queryset.drafts,
            Article.State.SCHEDULED: queryset.scheduled,
            Article.State.ONLINE: queryset.published,
            Article.State.TAKEN_DOWN: queryset.taken_down,
        }.get(self.value())
        return chosen() if chosen else queryset


def publication_buttons(article, noun="article"):
    """The buttons of the article form's submit row for this article's state: « Publier »
    unless online, « Programmer… » unless online, « Dépublier » when online or scheduled
    (a scheduled article goes back to draft), and the « keep the date or now » choice for a
    draft carrying a past date."""
    if article is None or article.pk is None:
        return {
            "publish": True, "schedule": True, "take_down": False, "date_choice": None,
            "state": Article.State.DRAFT, "label": Article.State.DRAFT.label,
            "detail": f"(pas encore enregistré{agreement(noun)})",
        }  # fmt: skip
    state, detail = publication_parts(article)
    past = workflow.has_past_date(article)
    return {
        "state": state,
        "label": state_label(state, noun),
        "detail": detail,
        "publish": state != Article.State.ONLINE,
        "schedule": state != Article.State.ONLINE,
        "take_down": state in (Article.State.ONLINE, Article.State.SCHEDULED),
        "take_down_label": (
            "Annuler la programmation" if state == Article.State.SCHEDULED else "Dépublier"
        ),
        "date_choice": french_datetime(article.published_at) if past else None,
    }
