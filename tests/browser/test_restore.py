"""Restoring a revision in a real browser: History → « Restaurer… » opens the article's form
filled with that version, says what will change, keeps the article online unless asked,
and writes nothing before « Restaurer cette version ». Screenshots at 1280 and 1440 px."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def revised(make_tag):
    article = Article.objects.create(
        title="La première version du titre",
        slug="premiere",
        body="## Au début\n\nLe texte d'origine.",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(days=3),
    )
    article.tags.add(make_tag("ops", "Ops"))
    article.title, article.slug, article.body = "La deuxième version", "deuxieme", "Revu."
    article.published_at = (timezone.now() - timedelta(days=1)).replace(microsecond=0)
    article.save()
    return article


def test_restore_reviews_the_version_and_keeps_the_article_online(
    logged_in, live_server, artifacts, revised
):
    page = logged_in
    page.goto(f"{live_server.url}/admin/articles/article/{revised.pk}/history/")
    page.get_by_role("link", name="Restaurer…").last.click()
    review = page.locator(".restore-review")
    expect(review).to_contain_text("L'état de publication reste celui d'aujourd'hui : En ligne")
    expect(review).to_contain_text("L'adresse changera : /blog/deuxieme/ → /blog/premiere/.")
    expect(page.locator("#id_body")).to_have_value("## Au début\n\nLe texte d'origine.")
    expect(page.locator("#id_title")).to_have_value("La première version du titre")
    page.locator(".field-body .markdownx-preview h2").wait_for(timeout=10_000)
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts / f"admin-restore-review-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert Article.objects.get(pk=revised.pk).body == "Revu."  # nothing written yet

    # The box brings back the version's state too; unticked again, today's state.
    page.get_by_label("Rétablir aussi l'état de publication de cette version").check()
    expect(review).to_contain_text("L'état de publication changera : En ligne")
    expect(review).to_contain_text("→ Programmé pour le")
    page.get_by_label("Rétablir aussi l'état de publication de cette version").uncheck()
    expect(review).to_contain_text("reste celui d'aujourd'hui")

    page.get_by_role("button", name="Restaurer cette version").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "est restaurée. État de publication : En ligne"
    )
    restored = Article.objects.get(pk=revised.pk)
    assert restored.body == "## Au début\n\nLe texte d'origine." and restored.is_published()
    assert page.request.get(f"{live_server.url}/blog/premiere/").status == 200
