"""The one Markdown pipeline: headings, TOC, images, roles slot, sanitising, preview."""

import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from articles.editor import markdownify
from articles.markdown import BODY_SIZES, render_markdown
from articles.models import ImageAsset
from articles.sanitise import sanitise
from articles.templatetags.blog import typo
from roles.parts import SLOT_HTML as ROLES_SLOT

pytestmark = pytest.mark.django_db
LOOKUP = ImageAsset.objects.lookup

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
    html = render_markdown(f"Texte avant.\n\n{vector}\n\nTexte après.", LOOKUP).html.lower()
    for needle in (
        "<script", "onerror", "onload", "onmouseover", "javascript:", "vbscript:", "data:",
        "<iframe", "<svg", "<form", "<object", "<embed", "<style", "style=",
    ):  # fmt: skip
        assert needle not in html, (vector, html)
    assert "texte après." in html


def test_headings_get_stable_ascii_ids_and_a_toc():
    rendered = render_markdown(
        "## Pourquoi les rôles ?\n\n## Pourquoi les rôles ?\n\n### Étape 1", LOOKUP
    )
    assert '<h2 id="pourquoi-les-roles">' in rendered.html
    assert '<h2 id="pourquoi-les-roles-2">' in rendered.html
    assert [e["id"] for e in rendered.toc] == ["pourquoi-les-roles", "pourquoi-les-roles-2"]
    assert rendered.toc[1]["children"][0] == {
        "id": "etape-1", "name": "Étape 1", "level": 3, "children": []
    }  # fmt: skip


def test_word_count_ignores_markup():
    assert (
        render_markdown("**Un** [deux](https://exemple.fr) `trois` l'équipe", LOOKUP).word_count
        == 4
    )


def test_image_reference_resolves_to_the_asset(make_asset):
    """`![alt](<uuid>)` becomes a figure with the file's URL, size and lazy loading."""
    asset = make_asset(alt="Les quatre piliers", caption="Vue d'ensemble", credit="© RevOps")
    html = render_markdown(f"Intro.\n\n![Les 4 piliers]({asset.pk})\n\nSuite.", LOOKUP).html
    assert f'src="{asset.file.url}"' in html
    assert 'width="320"' in html and 'height="180"' in html
    assert 'loading="lazy"' in html and 'alt="Les 4 piliers"' in html
    assert '<figcaption>Vue d’ensemble<small class="credit">© RevOps</small></figcaption>' in html


def test_angle_bracket_reference_also_resolves(make_asset):
    asset = make_asset()
    assert f'src="{asset.file.url}"' in render_markdown(f"![Schéma](<{asset.pk}>)", LOOKUP).html


@pytest.mark.parametrize("with_row", [True, False])
def test_missing_image_is_a_placeholder_for_editors_and_absent_for_readers(make_asset, with_row):
    """No broken <img>: editors' previews show a placeholder naming the image, whether the row
    or only the file is missing; the stored HTML readers get leaves the image out."""
    reference = (
        make_asset(with_file=False).pk if with_row else "6f7f4c07-9583-40cf-8892-1ae1d601448a"
    )
    text = f"Avant.\n\n![Les 4 piliers des Ops]({reference})\n\nAprès."
    preview = render_markdown(text, LOOKUP, placeholders=True).html
    assert "<img" not in preview
    assert "Image manquante" in preview and "Les 4 piliers des Ops" in preview
    stored = render_markdown(text, LOOKUP).html
    assert stored == "<p>Avant.</p>\n<p>Après.</p>"


def test_roles_placeholder_line_becomes_the_roles_slot():
    html = render_markdown("Avant.\n\n[[roles]]\n\nAprès.", LOOKUP).html
    assert html.index("Avant.") < html.index(ROLES_SLOT) < html.index("Après.")


def test_roles_placeholder_inside_code_is_left_alone():
    html = render_markdown("```\n[[roles]]\n```", LOOKUP).html
    assert ROLES_SLOT not in html and "[[roles]]" in html


def test_preview_function_is_the_published_pipeline(make_asset):
    """markdownx's preview calls the same renderer as save()."""
    assert settings.MARKDOWNX_MARKDOWNIFY_FUNCTION == "articles.editor.markdownify"
    preview = import_string(settings.MARKDOWNX_MARKDOWNIFY_FUNCTION)
    asset = make_asset()
    text = f"## Titre\n\n![Schéma]({asset.pk})\n\n<script>x</script>"
    assert preview(text) == render_markdown(text, LOOKUP).html
    assert "Les rôles de l'article s'affichent ici" in markdownify("[[roles]]")


def test_tables_and_code_survive_sanitising():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```", LOOKUP).html
    assert "<table>" in html and "<td>1</td>" in html
    assert '<code class="language-python">x = 1' in html


def test_body_headings_are_shifted_under_the_page_title_without_jumps():
    """An h2 then an h1 (as in real files) become h2, h2; what follows nests without jumps."""
    html = render_markdown(
        "## Préambule\n# Titre\n\n## Partie\n\n#### Détail\n\n# Fin", LOOKUP
    ).html
    levels = [int(tag[2]) for tag in re.findall(r"<h[1-6]", html)]
    assert levels == [2, 2, 3, 4, 2]
    assert "<h1" not in html


def test_each_heading_gets_an_anchor_link():
    html = render_markdown("## Les rôles", LOOKUP).html
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
    assert (
        render_markdown(markdown, LOOKUP).html.replace("&nbsp;", "\u00a0") == f"<p>{expected}</p>"
    )


def test_french_spacing_leaves_urls_code_and_attributes_alone():
    html = render_markdown(
        'Lien : [site](https://exemple.fr/a?b=1&c=2 "Titre : ici ?") et https://exemple.fr/x?y=1 '
        "et `code ; ici ?` fin.\n\n```\nx = a ? b : c;\n```",
        LOOKUP,
    ).html
    assert 'href="https://exemple.fr/a?b=1&amp;c=2"' in html
    assert 'title="Titre : ici ?"' in html
    assert "https://exemple.fr/x?y=1" in html
    assert "<code>code ; ici ?</code>" in html
    assert "x = a ? b : c;" in html


def test_the_renderer_imports_no_model():
    """`articles.markdown` is importable without Django's models: it gets its images passed in."""
    code = (
        "import sys, articles.markdown; "
        "print(sorted(m for m in sys.modules if 'models' in m.split('.')))"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


FAKE_ID = "0b6f3a52-6a1e-4d36-9c1f-2f4c1d0e9a77"


def fake_asset(**fields):
    """Anything with an asset's attributes will do: the renderer knows no model."""
    return SimpleNamespace(
        **{
            "pk": FAKE_ID,
            "file": SimpleNamespace(name="images/fake.png", url="https://cdn.exemple.fr/fake.png"),
            "alt": "Texte de l'image",
            "caption": "Légende",
            "credit": "© Exemple",
            "width": 640,
            "height": 360,
            "renditions": [],
            **fields,
        }
    )


def test_images_are_resolved_only_through_the_lookup_given(django_assert_num_queries):
    asked = []

    def lookup(ids):
        asked.append(ids)
        return {FAKE_ID: fake_asset()}

    with django_assert_num_queries(0):
        html = render_markdown(f"Avant.\n\n![Un schéma]({FAKE_ID.upper()})\n\nAprès.", lookup).html
        render_markdown("Pas d'image ici.", lookup)
    assert asked == [[FAKE_ID]]  # once per text, and only for a text with images
    assert '<figure class="figure"><picture><img src="https://cdn.exemple.fr/fake.png"' in html
    assert 'alt="Un schéma" width="640" height="360" loading="lazy"' in html
    assert "<figcaption>Légende<small" in html


def test_an_image_the_lookup_does_not_know_is_a_placeholder_in_preview_and_its_alt_for_readers():
    text = f"Voir ![Le schéma]({FAKE_ID}) et ![en ligne]({FAKE_ID}) ici."
    html = render_markdown(text, lambda ids: {}, placeholders=True).html
    assert "<picture" not in html and "<img" not in html
    assert (
        "[Image manquante&nbsp;: Le schéma]" in html and "[Image manquante&nbsp;: en ligne]" in html
    )
    assert render_markdown(text, lambda ids: {}).html == "<p>Voir Le schéma et en ligne ici.</p>"


def test_the_lookup_skips_ids_that_are_not_uuids(make_asset, django_assert_num_queries):
    asset = make_asset()
    assert ImageAsset.objects.lookup(["pas-un-uuid", str(asset.pk).upper()]) == {
        str(asset.pk): asset
    }
    with django_assert_num_queries(0):
        assert ImageAsset.objects.lookup(["pas-un-uuid"]) == {}


@pytest.mark.parametrize("asset", [fake_asset(), None, fake_asset(file=None)])
def test_body_images_are_drawn_by_the_templates_partial(asset):
    """The `<picture>` or placeholder inside a line of text is includes/_image.html's own."""
    html = render_markdown(
        f"Voir ![le schéma]({FAKE_ID}) ici.", lambda ids: {FAKE_ID: asset}, placeholders=True
    ).html
    context = {"asset": asset, "alt": "le schéma", "sizes": BODY_SIZES, "inline": True,
               "show_missing_images": True}  # fmt: skip
    partial = render_to_string("includes/_image.html", context).strip()
    assert html == f"<p>Voir {sanitise(partial)} ici.</p>"


def test_images_and_placeholders_are_written_in_one_partial_only():
    root = Path(__file__).resolve().parent.parent
    files = [*(root / "templates").rglob("*.html")]
    for package in ("articles", "roles", "publishing"):
        files += (root / package).rglob("*.py")
    for needle in (r"(?<!`)<picture", "image-missing__badge", "image-missing--inline"):
        writers = [
            f.relative_to(root).as_posix() for f in files if re.search(needle, f.read_text())
        ]
        assert writers == ["templates/includes/_image.html"], needle


def test_caption_gets_french_spacing_but_attributes_and_urls_do_not():
    asset = fake_asset(caption="Vue : ensemble & détail ?", credit="Photo : R&D")
    html = render_markdown(f"![Schéma : rôles ?]({FAKE_ID})", lambda ids: {FAKE_ID: asset}).html
    assert 'alt="Schéma : rôles ?"' in html and 'src="https://cdn.exemple.fr/fake.png"' in html
    caption = html[html.index("<figcaption>") :]
    assert "Vue&nbsp;: ensemble &amp; détail\u202f?" in caption
    assert '<small class="credit">Photo&nbsp;: R&amp;D</small>' in caption


def test_typo_filter_spaces_before_escaping():
    """Spacing escaped text would split `&amp;` before a space into `&amp ;`."""
    assert typo("R & D : les pros' ?") == "R &amp; D\u00a0: les pros&#x27;\u202f?"
