"""The one Markdown pipeline: headings, TOC, images, roles slot, sanitising, preview."""

import re

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from articles.markdown import ROLES_SLOT, markdownify, render_markdown

pytestmark = pytest.mark.django_db

XSS_VECTORS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](vbscript:msgbox(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript&colon;alert(1)">x</a>',
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)"><circle r="4"/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))" onmouseover="alert(1)">survol</div>',
    '<form action="https://evil.example"><input name="q"><button>Envoyer</button></form>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    "<style>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<a href="  javascript:alert(1)">espaces</a>',
]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_output_carries_nothing_executable(vector):
    """Whatever an editor writes, the HTML has no script, handler or dangerous URL."""
    html = render_markdown(f"Texte avant.\n\n{vector}\n\nTexte après.").html.lower()
    for needle in (
        "<script", "onerror", "onload", "onmouseover", "javascript:", "vbscript:", "data:",
        "<iframe", "<svg", "<form", "<object", "<embed", "<style", "style=",
    ):  # fmt: skip
        assert needle not in html, (vector, html)
    assert "texte après." in html


def test_headings_get_stable_ascii_ids_and_a_toc():
    rendered = render_markdown("## Pourquoi les rôles ?\n\n## Pourquoi les rôles ?\n\n### Étape 1")
    assert '<h2 id="pourquoi-les-roles">' in rendered.html
    assert '<h2 id="pourquoi-les-roles_1">' in rendered.html
    assert [e["id"] for e in rendered.toc] == ["pourquoi-les-roles", "pourquoi-les-roles_1"]
    assert rendered.toc[1]["children"][0] == {
        "id": "etape-1", "name": "Étape 1", "level": 3, "children": []
    }  # fmt: skip


def test_word_count_ignores_markup():
    assert render_markdown("**Un** [deux](https://exemple.fr) `trois` l'équipe").word_count == 4


def test_image_reference_resolves_to_the_asset(make_asset):
    """`![alt](<uuid>)` becomes a figure with the file's URL, size and lazy loading."""
    asset = make_asset(alt="Les quatre piliers", caption="Vue d'ensemble", credit="© RevOps")
    html = render_markdown(f"Intro.\n\n![Les 4 piliers]({asset.pk})\n\nSuite.").html
    assert f'src="{asset.file.url}"' in html
    assert 'width="320"' in html and 'height="180"' in html
    assert 'loading="lazy"' in html and 'alt="Les 4 piliers"' in html
    assert '<figcaption>Vue d\'ensemble<small class="credit">© RevOps</small></figcaption>' in html


def test_angle_bracket_reference_also_resolves(make_asset):
    asset = make_asset()
    assert f'src="{asset.file.url}"' in render_markdown(f"![Schéma](<{asset.pk}>)").html


@pytest.mark.parametrize("with_row", [True, False])
def test_missing_image_renders_a_visible_placeholder(make_asset, with_row):
    """No broken <img>: a placeholder naming the image, whether the row or only the file is missing."""
    reference = (
        make_asset(with_file=False).pk if with_row else "6f7f4c07-9583-40cf-8892-1ae1d601448a"
    )
    html = render_markdown(f"![Les 4 piliers des Ops]({reference})").html
    assert "<img" not in html
    assert "Image manquante" in html and "Les 4 piliers des Ops" in html


def test_roles_placeholder_line_becomes_the_roles_slot():
    html = render_markdown("Avant.\n\n[[roles]]\n\nAprès.").html
    assert html.index("Avant.") < html.index(ROLES_SLOT) < html.index("Après.")


def test_roles_placeholder_inside_code_is_left_alone():
    html = render_markdown("```\n[[roles]]\n```").html
    assert ROLES_SLOT not in html and "[[roles]]" in html


def test_preview_function_is_the_published_pipeline(make_asset):
    """markdownx's preview calls the same renderer as save()."""
    assert settings.MARKDOWNX_MARKDOWNIFY_FUNCTION == "articles.markdown.markdownify"
    preview = import_string(settings.MARKDOWNX_MARKDOWNIFY_FUNCTION)
    asset = make_asset()
    text = f"## Titre\n\n![Schéma]({asset.pk})\n\n<script>x</script>"
    assert preview(text) == render_markdown(text).html
    assert "Les rôles de l'article s'affichent ici" in markdownify("[[roles]]")


def test_tables_and_code_survive_sanitising():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```").html
    assert "<table>" in html and "<td>1</td>" in html
    assert '<code class="language-python">x = 1' in html


def test_body_headings_are_shifted_under_the_page_title_without_jumps():
    """An h2 then an h1 (as in real files) become h2, h2; what follows nests without jumps."""
    html = render_markdown("## Préambule\n# Titre\n\n## Partie\n\n#### Détail\n\n# Fin").html
    levels = [int(tag[2]) for tag in re.findall(r"<h[1-6]", html)]
    assert levels == [2, 2, 3, 4, 2]
    assert "<h1" not in html


def test_each_heading_gets_an_anchor_link():
    html = render_markdown("## Les rôles").html
    assert (
        '<a aria-label="Lien vers cette section" class="heading-anchor" href="#les-roles">#</a>'
        in html
    )


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Pourquoi ? Parce que !", "Pourquoi\u202f? Parce que\u202f!"),
        ("Voici : la liste ; la suite", "Voici\u00a0: la liste\u202f; la suite"),
        ("Il dit « bonjour » et «salut»", "Il dit «\u202fbonjour\u202f» et «\u202fsalut\u202f»"),
        ("Vraiment?", "Vraiment\u202f?"),
    ],
)
def test_french_spacing_is_applied_to_text(markdown, expected):
    assert render_markdown(markdown).html.replace("&nbsp;", "\u00a0") == f"<p>{expected}</p>"


def test_french_spacing_leaves_urls_code_and_attributes_alone():
    html = render_markdown(
        'Lien : [site](https://exemple.fr/a?b=1&c=2 "Titre : ici ?") et https://exemple.fr/x?y=1 '
        "et `code ; ici ?` fin.\n\n```\nx = a ? b : c;\n```"
    ).html
    assert 'href="https://exemple.fr/a?b=1&amp;c=2"' in html
    assert 'title="Titre : ici ?"' in html
    assert "https://exemple.fr/x?y=1" in html
    assert "<code>code ; ici ?</code>" in html
    assert "x = a ? b : c;" in html
