"""Tags in the admin as editors know them: shown and searched by French label, created from a
label while writing (a label that folds to an existing tag picks that tag)."""

import re

import pytest

from articles.models import Article, Tag
from roles.models import Role
from tests.test_workflow import change_data

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/admin/articles/tag/autocomplete/"


@pytest.fixture
def tags(make_tag):
    return {
        "ops": make_tag("ops", "L'Ops"),
        "strategie": make_tag("strategie", "Stratégie"),
        "crm": make_tag("crm", "CRM"),
    }


def suggestions(client, term, model_name="article"):
    response = client.get(
        AUTOCOMPLETE,
        {
            "app_label": "roles" if model_name == "role" else "articles",
            "model_name": model_name,
            "field_name": "tags",
            "term": term,
        },  # fmt: skip
    )
    assert response.status_code == 200
    return [r["text"] for r in response.json()["results"]]


@pytest.mark.parametrize(
    "term, expected",
    [("ops", ["L'Ops"]), ("l'ops", ["L'Ops"]), ("STRATEGIE", ["Stratégie"]),
     ("stratég", ["Stratégie"]), ("", ["CRM", "L'Ops", "Stratégie"])],
)  # fmt: skip
def test_tag_suggestions_show_and_search_labels(staff_client, tags, term, expected):
    """The tag input suggests « L'Ops », not `ops`; accents and case do not matter."""
    assert suggestions(staff_client, term) == expected


def test_tag_suggestions_answer_the_role_page_too(staff_client, tags):
    assert suggestions(staff_client, "strat", model_name="role") == ["Stratégie"]


def test_tag_suggestions_are_for_staff_only(client, tags):
    response = client.get(
        AUTOCOMPLETE,
        {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": "o"},
    )
    assert response.status_code == 302  # to the login page
    assert "/admin/login/" in response["Location"]


def test_the_article_form_shows_its_tags_by_label(staff_client, make_article, tags):
    article = make_article(tags=[tags["ops"]])
    html = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    select = re.search(r'<select name="tags".*?</select>', html, re.S).group(0)
    assert f'<option value="{tags["ops"].pk}" selected>L&#x27;Ops</option>' in select
    assert 'class="admin-tag-autocomplete"' in select
    assert f'data-ajax--url="{AUTOCOMPLETE}"' in select
    assert 'data-new-tag-prefix="nouveau:"' in select
    assert 'src="/static/js/admin-tags.js"' in html
    assert "un libellé nouveau crée le tag" in html


def save_with_tags(client, article, values, **changes):
    data = change_data(client, article)
    data.update(tags=values, **changes)
    return client.post(f"/admin/articles/article/{article.pk}/change/", data)


def test_a_tag_is_created_from_a_label_while_writing(staff_client, make_article, tags):
    """« Prévisions de revenus » typed in the tag input: the tag exists once the article is
    saved, its slug made from the label, its label as typed."""
    article = make_article()
    response = save_with_tags(
        staff_client, article, [str(tags["ops"].pk), "nouveau:Prévisions de revenus"]
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tag = Tag.objects.get(slug="previsions-de-revenus")
    assert (tag.name, tag.label, tag.display) == (
        "previsions-de-revenus",
        "Prévisions de revenus",
        "Prévisions de revenus",
    )
    assert {t.slug for t in article.tags.all()} == {"ops", "previsions-de-revenus"}
    html = staff_client.get("/admin/articles/article/").content.decode()
    assert (
        "L&#x27;Ops, Prévisions de revenus" in html or "Prévisions de revenus, L&#x27;Ops" in html
    )


@pytest.mark.parametrize("typed", ["OPS", "L'Ops", "l’ops", " Ops "])
def test_a_label_that_folds_to_an_existing_tag_picks_it(staff_client, make_article, tags, typed):
    """No second « ops »: the slug, name or label it folds to is that tag's."""
    article = make_article()
    response = save_with_tags(staff_client, article, [f"nouveau:{typed}"])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Tag.objects.count() == 3
    assert [t.slug for t in article.tags.all()] == ["ops"]


def test_a_numeric_label_is_a_label_not_an_id(staff_client, make_article, tags):
    article = make_article()
    response = save_with_tags(staff_client, article, [f"nouveau:{tags['crm'].pk}"])
    assert response.status_code == 302
    assert [t.slug for t in article.tags.all()] == [str(tags["crm"].pk)]


def test_a_refused_save_creates_no_tag_and_keeps_the_label_typed(staff_client, make_article, tags):
    """The page comes back with its error and the new label still selected; nothing made."""
    article = make_article()
    response = save_with_tags(staff_client, article, ["nouveau:Forecast"], title="")
    assert response.status_code == 200
    assert not Tag.objects.filter(slug="forecast").exists()
    select = re.search(r'<select name="tags".*?</select>', response.content.decode(), re.S)
    assert '<option value="nouveau:Forecast" selected>Forecast (nouveau)</option>' in select.group(
        0
    )


def test_a_label_without_letters_is_refused_on_the_field(staff_client, make_article, tags):
    article = make_article()
    response = save_with_tags(staff_client, article, ["nouveau:!!!"])
    assert response.status_code == 200
    assert "« !!! » : un tag a besoin d&#x27;au moins une lettre ou un chiffre." in (
        response.content.decode()
    )
    assert Tag.objects.count() == 3


def test_the_role_page_creates_tags_from_labels_too(staff_client, make_article, tags):
    role = Role.objects.create(article=make_article(), title="Coach", slug="coach")
    data = {
        "article": str(role.article.pk), "order": "1", "title": "Coach", "slug": "coach",
        "intro": "", "version": str(role.version), "tags": ["nouveau:Enablement"],
        **{f"{prefix}-{key}": value for prefix in ("missions", "background", "alternative_titles")
           for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"),
                              ("MIN_NUM_FORMS", "0"), ("MAX_NUM_FORMS", "1000"))},
    }  # fmt: skip
    response = staff_client.post(f"/admin/roles/role/{role.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [t.display for t in role.tags.all()] == ["Enablement"]


def test_the_list_filters_by_tag_label(staff_client, make_article, tags):
    """The filter names tags as the list does, only those articles have, and « Sans tag »."""
    make_article("Sur l'ops", tags=[tags["ops"]])
    make_article("Sur la stratégie", tags=[tags["strategie"]])
    make_article("Sans tag du tout")
    html = staff_client.get("/admin/articles/article/").content.decode()
    block = re.search(r'<details data-filter-title="tags".*?</details>', html, re.S).group(0)
    labels = re.findall(r'<a href="\?tags__[^"]*">([^<]+)</a>', block)
    assert labels == ["L&#x27;Ops", "Stratégie", "Sans tag"]  # CRM tags no article
    html = staff_client.get(
        "/admin/articles/article/", {"tags__id__exact": tags["ops"].pk}
    ).content.decode()
    assert "Sur l&#x27;ops" in html and "Sur la stratégie" not in html


def test_tag_admin_lists_and_searches_labels(staff_client, tags):
    html = staff_client.get("/admin/articles/tag/", {"q": "strategie"}).content.decode()
    assert "Stratégie" in html and "L&#x27;Ops" not in html
    assert Article.objects.count() == 0
