"""Dates in the admin keep their instant: an article saved unchanged keeps its publication date
to the microsecond, in either occurrence of the hour the clocks go back (25 October 2026, 02:00
to 03:00 in Paris), « Publier maintenant » in that hour included; a typed time of that hour is
read as its first occurrence and the form says so; a time the clocks skip is refused, in French."""

import datetime

import pytest
import time_machine

from tests.html_forms import page_form

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
FIRST = datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 summer time (+02:00)
SECOND = datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 winter time (+01:00)


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime.datetime.fromisoformat("2026-10-25T02:30:00+01:00"), "02:30:00"),
        (datetime.datetime.fromisoformat("2026-10-25T02:30:00+02:00"), "02:30:00"),
        (datetime.datetime(2025, 5, 6, 7, 0, 12, 345678, tzinfo=UTC), "09:00:12"),
    ],
    ids=["second-02h30", "first-02h30", "microseconds"],
)
def test_an_article_saved_unchanged_keeps_its_instant(staff_client, make_article, moment, shown):
    """The form as the page gives it, sent back: saved (no « heure ambiguë »), same instant."""
    article = make_article("Daté dans l'heure double", slug="heure-double", published_at=moment)
    data = page_form(staff_client, change_url(article))
    assert data["published_at_1"] == [shown]  # the editor reads Paris time
    response = staff_client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.published_at == moment


def test_publish_now_inside_the_hour_that_happens_twice(staff_client, make_article):
    """« Publier maintenant » at 02:30 winter time, then the article saved unchanged: both go
    through, and the date stays the moment it was published."""
    article = make_article(
        "Programmé", slug="programme", published_at=SECOND + datetime.timedelta(days=30)
    )
    with time_machine.travel(SECOND, tick=False):
        response = staff_client.post(
            "/admin/articles/article/",
            {"action": "publish_now", "_selected_action": [str(article.pk)], "index": "0"},
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.published_at == SECOND
        page = staff_client.get(change_url(article)).content.decode()
        assert "existe deux fois" in page and "la seconde, en heure d&#x27;hiver, UTC+01:00" in page
        response = staff_client.post(
            change_url(article), page_form(staff_client, change_url(article))
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.published_at == SECOND


def test_a_typed_time_in_that_hour_is_its_first_occurrence_and_the_form_says_so(
    staff_client, make_article
):
    article = make_article("Daté à la main", slug="a-la-main")
    data = page_form(staff_client, change_url(article))
    data.update(published_at_0="25/10/2026", published_at_1="02:30:00")
    assert staff_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.published_at == FIRST
    page = staff_client.get(change_url(article)).content.decode()
    assert "25 octobre 2026 à 02:30 existe deux fois" in page
    assert "la première, en heure d&#x27;été, UTC+02:00" in page


def test_a_changed_time_is_read_again_even_with_the_instant_of_the_page(staff_client, make_article):
    """The hidden instant is only kept while the date and time shown are left as they were."""
    article = make_article("Déplacé", slug="deplace", published_at=SECOND)
    data = page_form(staff_client, change_url(article))
    data["published_at_1"] = "09:15:00"
    assert staff_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.published_at == datetime.datetime(2026, 10, 25, 8, 15, tzinfo=UTC)


def test_a_time_the_clocks_skip_is_refused_with_the_reason(staff_client, make_article):
    """29 March 2026 at 02:30 does not exist in Paris: the form says so and what to choose."""
    article = make_article("Au printemps", slug="printemps")
    stored = article.published_at
    data = page_form(staff_client, change_url(article))
    data.update(published_at_0="29/03/2026", published_at_1="02:30:00")
    response = staff_client.post(change_url(article), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le 29 mars 2026 à 02:30 n&#x27;existe pas (Europe/Paris)" in html
    assert "par exemple 03:30" in html
    article.refresh_from_db()
    assert article.published_at == stored
