"""Hostile Markdown: refused before rendering with a French message where an editor or an
import meets it (the form's field, the preview, the import's file and line), never a 500."""

import pytest

from articles.markdown import MarkdownTooComplex, check_complexity, render_markdown
from articles.models import Article
from roles.models import AlternativeTitle, Mission, Role
from tests.commands import failure_text
from tests.markdown_fixtures import article
from tests.test_import import write
from tests.test_workflow import change_data

pytestmark = pytest.mark.django_db

NO_IMAGES = lambda ids: {}  # noqa: E731

# Shapes whose render time grew with the square of their lines (or ran for seconds).
HASH_LINES = "#\n" * 60_000  # 120 KB, about 40 s before
HEADINGS = "## a\n" * 30_000  # about 19 s before
EMPHASIS_RUN = "*a* " * 60_000
IMAGES = "\n\n".join(f"![Schéma](00000000-0000-0000-0000-{n:012d})" for n in range(501))
LONG_BLOCK = "| a | b |\n|---|---|\n" + "| a | b |\n" * 400
# Nested by indentation: 380 levels, with and without blank lines between them.
INDENTED = "\n".join(" " * (4 * i) + "- x" for i in range(380))
INDENTED_APART = "\n\n".join(" " * (4 * i) + "- x" for i in range(380))
# Within every count, but too deep for the parser's recursion.
DEEP_STRONG = "**" * 2500 + "a" + "**" * 2500
BRACKETS = "[" * 700
QUOTES = "> " * 31 + "x"


def management_form(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_article(staff_client, author, body, status="draft", **extra):
    data = {
        "title": "Piège", "slug": "piege", "author": str(author.pk), "status": status,
        "published_at_0": "17/11/2025", "published_at_1": "09:00:00", "body": body,
        "front_matter_extra": "{}", **management_form("roles"), **extra,
    }  # fmt: skip
    return staff_client.post("/admin/articles/article/add/", data)


# --- Item 4: no shape accepted by the limits renders for seconds ----------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (HASH_LINES, "Texte trop long (60000 lignes, 5000 au plus)"),
        (HEADINGS, "Texte trop long (30000 lignes, 5000 au plus)"),
        (EMPHASIS_RUN, "Trop de signes de mise en forme (120000 parmi"),
        (IMAGES, "Trop d'images (501 références, 500 au plus dans un texte)"),
        (LONG_BLOCK, "Ligne 1 : 402 lignes de suite sans ligne vide (300 au plus)"),
    ],
)
def test_shapes_that_render_for_seconds_are_refused_before_rendering(text, reason):
    with pytest.raises(MarkdownTooComplex) as refused:
        check_complexity(text)
    assert str(refused.value).startswith(reason)


def test_the_editor_sees_why_a_long_structured_body_is_refused(staff_client, author):
    html = add_article(staff_client, author, "## Titre\n" * 6000).content.decode()
    assert "Texte trop long (6000 lignes, 5000 au plus) : découpez-le" in html
    assert not Article.objects.exists()


def test_a_block_without_blank_lines_is_refused_naming_its_line(staff_client, author):
    body = "Introduction.\n\n" + "- point\n" * 350
    html = add_article(staff_client, author, body).content.decode()
    assert "Ligne 3 : 350 lignes de suite sans ligne vide (300 au plus)" in html
    assert not Article.objects.exists()


def test_large_tables_and_lists_within_the_limits_still_render():
    table = "| Rôle | Mission |\n|---|---|\n" + "| Coach | Former |\n" * 290
    html = render_markdown(table, NO_IMAGES).html
    assert html.count("<tr>") == 291 and "<th>Rôle</th>" in html
    single = "| Rôle |\n|---|\n" + "| Coach |\n" * 100
    assert render_markdown(single, NO_IMAGES).html.count("<td>Coach</td>") == 100
    not_a_table = "| Rôle\n" + "\n".join(f"# Titre {n}" for n in range(50))
    html = render_markdown(not_a_table, NO_IMAGES).html
    assert "<table>" not in html and "Titre 49" in html
    items = render_markdown("- point\n" * 299, NO_IMAGES).html
    assert items.count("<li>") == 299


# --- Item 6: nesting by indentation is refused by the form, not by a 500 on save -------------


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (INDENTED, "Ligne 1 : 380 lignes de suite sans ligne vide (300 au plus)"),
        (INDENTED_APART, "31 niveaux de listes ou de citations imbriqués, indentation comprise"),
        (DEEP_STRONG, "Texte trop imbriqué pour être affiché : simplifiez-le."),
    ],
)
def test_a_body_nested_too_deep_is_refused_on_its_field(staff_client, author, body, reason):
    response = add_article(staff_client, author, body)
    assert response.status_code == 200 and reason in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize("intro", [INDENTED_APART, DEEP_STRONG])
def test_a_role_intro_nested_too_deep_is_refused_on_its_field(staff_client, author, intro):
    roles = {
        **management_form("roles", 1), "roles-0-order": "1", "roles-0-title": "Coach",
        "roles-0-slug": "coach", "roles-0-intro": intro,
    }  # fmt: skip
    response = add_article(staff_client, author, "Corps.", **roles)
    html = response.content.decode()
    assert response.status_code == 200
    assert "imbriqué" in html and not Article.objects.exists() and not Role.objects.exists()


# --- Item 7: role items have a clean() too, and the importer refuses them -------------------


def role_change(role, **items):
    data = {
        "article": str(role.article_id), "order": "1", "title": role.title, "slug": role.slug,
        "nickname": "", "intro": "", "dedicated_url": "", "dedicated_label": "",
        **management_form("missions"), **management_form("background"),
        **management_form("alternative_titles"), **items,
    }  # fmt: skip
    return data


@pytest.mark.parametrize(
    ("items", "reason"),
    [
        (
            {"missions-TOTAL_FORMS": "1", "missions-0-position": "1", "missions-0-text": BRACKETS},
            "Paragraphe 1 : trop de crochets « [ » (700, 600 au plus).",
        ),
        (
            {"background-TOTAL_FORMS": "1", "background-0-kind": "experience",
             "background-0-position": "1", "background-0-text": "- " * 40 + "x"},
            "Ligne 1 : 40 niveaux de listes ou de citations imbriqués",
        ),
        (
            {"alternative_titles-TOTAL_FORMS": "1", "alternative_titles-0-position": "1",
             "alternative_titles-0-title": "Coach", "alternative_titles-0-note": QUOTES},
            "Ligne 1 : 31 niveaux de listes ou de citations imbriqués",
        ),
    ],
)  # fmt: skip
def test_role_items_too_complex_are_refused_on_their_field(
    staff_client, make_article, items, reason
):
    role = Role.objects.create(article=make_article("Équipe"), title="Coach", slug="coach")
    response = staff_client.post(f"/admin/roles/role/{role.pk}/change/", role_change(role, **items))
    assert response.status_code == 200 and reason in response.content.decode()
    assert not Mission.objects.exists() and not AlternativeTitle.objects.exists()
    assert not role.background.exists()


def test_the_importer_refuses_a_role_item_too_complex_naming_file_and_line(tmp_path):
    bundle = tmp_path / "site" / "equipe"
    write(bundle, "index.md", article("title: Équipe"))
    write(
        bundle,
        "roles/01-coach.md",
        article(f"title: Coach\nmissions:\n  - Former\n  - '{BRACKETS}'"),
    )
    error = failure_text("import_markdown", str(tmp_path / "site"))
    assert "roles/01-coach.md:3: « missions » refusé : Paragraphe 1 : trop de crochets" in error
    assert not Article.objects.exists()
    write(
        bundle,
        "roles/01-coach.md",
        article(f"title: Coach\nalternative_titles:\n  - title: Coach\n    note: '{QUOTES}'"),
    )
    error = failure_text("import_markdown", str(tmp_path / "site"))
    assert "roles/01-coach.md:3: « alternative_titles » refusé : Ligne 1 : 31 niveaux" in error


# --- Item 8: the previews answer, whatever the text -----------------------------------------


def test_the_page_preview_says_what_is_wrong_instead_of_failing(staff_client, make_article):
    article_ = make_article("Titre", slug="apercu-piege", status=Article.Status.DRAFT)
    data = change_data(staff_client, article_)
    for body, reason in (
        ("[" * 20_000, "Trop de crochets « [ » (20000, 6000 au plus dans un texte)."),
        (DEEP_STRONG, "Texte trop imbriqué pour être affiché : simplifiez-le."),
        (INDENTED, "380 lignes de suite sans ligne vide"),
    ):
        data["body"] = body
        response = staff_client.post(f"/admin/articles/article/{article_.pk}/apercu/", data)
        html = response.content.decode()
        assert response.status_code == 400
        assert "<h1>Aperçu impossible</h1>" in html and reason in html


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (DEEP_STRONG, "Texte trop imbriqué pour être affiché : simplifiez-le."),
        (INDENTED, "380 lignes de suite sans ligne vide"),
        (HASH_LINES, "Texte trop long (60000 lignes, 5000 au plus)"),
        (QUOTES, "31 niveaux de listes ou de citations imbriqués"),
    ],
)
def test_the_live_preview_keeps_answering(staff_client, content, reason):
    response = staff_client.post("/admin-markdown/apercu/", {"content": content})
    assert response.status_code == 200 and reason in response.content.decode()


def test_the_importer_refuses_a_role_intro_too_deep_for_the_parser(tmp_path):
    bundle = tmp_path / "site" / "equipe"
    write(bundle, "index.md", article("title: Équipe"))
    write(bundle, "roles/01-coach.md", article("title: Coach", body=DEEP_STRONG))
    error = failure_text("import_markdown", str(tmp_path / "site"))
    assert "roles/01-coach.md" in error
    assert "texte du rôle refusé : Texte trop imbriqué pour être affiché" in error
    assert not Article.objects.exists()


def test_publishing_a_hostile_body_is_refused_not_a_500(staff_client, author, make_tag):
    tag = make_tag("ops")
    response = add_article(
        staff_client, author, "[" * 20_000, status="published", tags=[str(tag.pk)],
        excerpt="Résumé.", description="Description.",
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trop de crochets « [ » (20000, 6000 au plus dans un texte)." in html
    assert not Article.objects.exists()


def test_a_text_over_the_length_limit_is_refused_before_rendering():
    """Over 200,000 characters (ten long articles) of plain paragraphs: refused, and why."""
    paragraph = "Une phrase ordinaire de l'article, sans mise en forme particulière. " * 20
    text = (paragraph + "\n\n") * 150
    with pytest.raises(MarkdownTooComplex) as error:
        check_complexity(text)
    assert str(error.value).startswith(f"Texte trop long ({len(text)} caractères, 200000 au plus)")
