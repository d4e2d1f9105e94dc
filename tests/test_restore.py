"""Restoring a revision of an article, as Wagtail does: the content comes back (text, fields,
roles and their lists), the publication state stays today's unless the editor asks, the form
is shown filled for review first (nothing written until « Restaurer cette version ») and says
what will change."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from roles.models import Mission, Role
from tests.test_history import restore_form_data

pytestmark = pytest.mark.django_db

ADMIN = "/admin/articles/article"


@pytest.fixture
def revised(make_article, make_tag):
    """An article first scheduled (version 1, with its role « Coach »), then put online under
    another title and address, its role renamed and a second role added."""
    article = make_article(
        "La première version du titre", slug="premiere", body="Le texte d'origine.",
        published_at=timezone.now() + timedelta(days=3), tags=[make_tag("ops")],
    )  # fmt: skip
    first = article.history.latest("history_date")
    coach = Role.objects.create(article=article, title="Coach", slug="coach", nickname="le mentor")
    Mission.objects.create(role=coach, position=1, text="Animer les rituels")
    article.refresh_from_db()
    article.title, article.slug, article.body = "La deuxième version", "deuxieme", "Revu."
    article.published_at = (timezone.now() - timedelta(days=1)).replace(microsecond=0)
    article.save()
    coach.refresh_from_db()
    coach.nickname = "le guide"
    coach.save()
    Mission.objects.filter(role=coach).update(text="Piloter le budget")
    Role.objects.create(article=article, title="Analyste", slug="analyste", order=2)
    assert Client().get("/blog/deuxieme/").status_code == 200
    return article, first


def test_the_restore_page_is_the_form_filled_with_that_version_and_says_what_changes(
    staff_client, revised
):
    article, first = revised
    url = f"{ADMIN}/{article.pk}/history/{first.history_id}/"
    response = staff_client.get(url)
    html = response.content.decode()
    form = response.context["adminform"].form
    assert form.initial["body"] == "Le texte d'origine." and form.initial["slug"] == "premiere"
    assert form.initial["status"] == "published"
    assert form.initial["published_at"] == Article.objects.get(pk=article.pk).published_at
    assert 'id="id_body"' in html and "writing-room" in html  # the article's own form
    assert (
        "L&#x27;état de publication reste celui d&#x27;aujourd&#x27;hui : En ligne depuis le"
        in html
    )
    assert "(Cette version était : Programmé pour le " in html
    assert "L&#x27;adresse changera : /blog/deuxieme/ → /blog/premiere/." in html
    assert "Les rôles reviendront tels qu&#x27;ils étaient : « Coach »." in html
    assert "Rétablir aussi l'état de publication de cette version" in html
    assert 'value="Restaurer cette version"' in html and 'value="Rétablir"' not in html
    assert "Publier</button>" not in html  # a review, not the publishing row
    stored = Article.objects.get(pk=article.pk)
    assert stored.body == "Revu." and stored.slug == "deuxieme"  # opening it wrote nothing


def test_restoring_brings_back_the_content_and_keeps_the_article_online(staff_client, revised):
    article, first = revised
    online_since = Article.objects.get(pk=article.pk).published_at
    url = f"{ADMIN}/{article.pk}/history/{first.history_id}/"
    response = staff_client.post(url, restore_form_data(staff_client, url), follow=True)
    assert response.redirect_chain[-1][0] == f"{ADMIN}/{article.pk}/change/"
    html = response.content.decode()
    assert "est restaurée. État de publication : En ligne depuis le" in html
    restored = Article.objects.get(pk=article.pk)
    assert (restored.title, restored.slug, restored.body) == (
        "La première version du titre", "premiere", "Le texte d'origine.",
    )  # fmt: skip
    assert restored.status == "published" and restored.published_at == online_since
    assert Client().get("/blog/premiere/").status_code == 200  # still online: no 404
    roles = list(restored.roles.all())
    assert [(r.title, r.nickname) for r in roles] == [("Coach", "le mentor")]  # Analyste gone
    assert [m.text for m in roles[0].missions.all()] == ["Animer les rituels"]


def test_the_editor_may_bring_back_the_state_of_that_version_too(staff_client, revised):
    article, first = revised
    url = f"{ADMIN}/{article.pk}/history/{first.history_id}/?etat=1"
    html = staff_client.get(url).content.decode()
    assert "L&#x27;état de publication changera : En ligne depuis le" in html
    assert "→ Programmé pour le" in html
    assert 'name="etat" value="1"' in html  # the choice travels with the form
    data = restore_form_data(staff_client, url)
    data["etat"] = "1"
    assert staff_client.post(url, data).status_code == 302
    restored = Article.objects.get(pk=article.pk)
    assert restored.publication_state() == Article.State.SCHEDULED
    assert Client().get("/blog/premiere/").status_code == 404


def test_a_restore_over_a_newer_save_is_refused_and_writes_nothing(staff_client, revised):
    article, first = revised
    url = f"{ADMIN}/{article.pk}/history/{first.history_id}/"
    data = restore_form_data(staff_client, url)
    other = Article.objects.get(pk=article.pk)
    other.body = "Enregistré par un autre rédacteur pendant ce temps."
    other.save()
    response = staff_client.post(url, data)
    assert response.status_code == 200 and "Conflit" in response.content.decode()
    stored = Article.objects.get(pk=article.pk)
    assert stored.body == "Enregistré par un autre rédacteur pendant ce temps."
    assert stored.roles.count() == 2  # the roles untouched too


def test_the_article_form_names_its_local_draft_per_user_and_article(
    staff_client, staff_user, revised
):
    """The key the browser keeps typed work under (js/admin-drafts.js): per user, per article
    or « new »; the restore page keeps none (its form is a review, not a draft)."""
    article, first = revised
    add = staff_client.get(f"{ADMIN}/add/").content.decode()
    assert f'id="local-draft" data-key="{staff_user.pk}:new"' in add
    assert "js/admin-drafts.js" in add
    change = staff_client.get(f"{ADMIN}/{article.pk}/change/").content.decode()
    assert f'data-key="{staff_user.pk}:{article.pk}"' in change
    restore = staff_client.get(f"{ADMIN}/{article.pk}/history/{first.history_id}/")
    assert 'id="local-draft"' not in restore.content.decode()
