"""The shapes Python-Markdown misread, as CommonMark reads them, on every page that shows them:
lists right after a line of text, sub-lists indented by 2 or 3 spaces, continuation paragraphs,
fences in list items (YAML `#` and `---` inside), a closing fence indented by a space, `)` in
an address, reference links; the chapeau's Markdown on cards, tag pages, search and feeds; and
stored HTML of the old renderer brought up to date by the data migration, without history."""

import importlib
import re
from html.parser import HTMLParser

import pytest

from articles.checklist import check_article
from articles.markdown import render_markdown
from articles.models import Article
from roles.models import Mission, Role
from tests.migration_state import apps_at

pytestmark = pytest.mark.django_db


def render(text):
    return render_markdown(text, dict).html


def test_a_list_right_after_a_line_of_text_is_a_list():
    html = render("Les deux leviers :\n- premier\n- second")
    assert html == "<p>Les deux leviers&nbsp;:</p>\n<ul>\n<li>premier</li>\n<li>second</li>\n</ul>"


@pytest.mark.parametrize("indent", [2, 3])
def test_sub_lists_indented_by_two_or_three_spaces_nest(indent):
    pad = " " * indent
    html = render(f"- Piloter\n{pad}- le pipeline\n{pad}- les prévisions\n- Outiller")
    assert re.sub(r"\s+", "", html) == (
        "<ul><li>Piloter<ul><li>lepipeline</li><li>lesprévisions</li></ul></li>"
        "<li>Outiller</li></ul>"
    )


def test_a_continuation_paragraph_indented_by_two_spaces_stays_in_its_item():
    html = render("- Premier point\n\n  Son explication.\n- Second point")
    assert re.sub(r"\s+", " ", html) == (
        "<ul> <li> <p>Premier point</p> <p>Son explication.</p> </li> "
        "<li> <p>Second point</p> </li> </ul>"
    )


def test_a_fence_in_a_list_item_keeps_yaml_comments_and_rules_as_code():
    html = render(
        "1. Déclarez le stockage :\n\n   ```yaml\n   # la classe\n   ---\n   kind: Pool\n   ```\n\n"
        "2. Appliquez."
    )
    assert '<li>\n<p>Déclarez le stockage&nbsp;:</p>\n<pre><code class="language-yaml">' in html
    assert "# la classe\n---\nkind: Pool\n</code></pre>" in html
    assert "<hr" not in html and "<h" not in html.replace("<p>", "")
    assert "<li>\n<p>Appliquez.</p>\n</li>\n</ol>" in html


def test_a_closing_fence_indented_by_one_space_closes_and_the_prose_after_it_is_prose():
    html = render("```\nkubectl get pods\n ```\n\nLa suite est du **texte**.")
    assert html == (
        "<pre><code>kubectl get pods\n</code></pre>\n<p>La suite est du <strong>texte</strong>.</p>"
    )


def test_a_link_whose_address_holds_a_parenthesis():
    html = render("Voir [a](https://x.test/a_(b).) ici.")
    assert html == '<p>Voir <a href="https://x.test/a_(b).">a</a> ici.</p>'


def test_reference_links_with_their_definitions():
    html = render(
        "Stockage : [Rook] [Ceph] et [la doc][doc].\n\n"
        "[Rook]: https://rook.io\n[Ceph]: https://ceph.io\n[doc]: https://docs.ceph.com"
    )
    assert html == (
        '<p>Stockage&nbsp;: <a href="https://rook.io">Rook</a> <a href="https://ceph.io">Ceph</a>'
        ' et <a href="https://docs.ceph.com">la doc</a>.</p>'
    )


def test_a_heading_written_as_h1_is_drawn_as_h2_and_the_checklist_says_so(make_article):
    article = make_article("Un article au titre assez long", body="# Premier\n\n## Détail")
    assert '<h2 id="premier">' in article.body_html and '<h3 id="detail">' in article.body_html
    texts = [check.text for check in check_article(article, tags=[])]
    assert any("1 titre(s) de niveau 1 (« # … »)" in text for text in texts)


# --- Pages: no Markdown shows as written -----------------------------------------------------

RAW_LINE_RE = re.compile(r"^(?:- |\* |\d+\. )|\*\*|```")
SHAPES = "\n\n".join(
    [
        "Les deux leviers :\n- premier\n- second",
        "- Piloter\n  - le pipeline\n   - les prévisions",
        "- Premier point\n\n  Son explication.",
        "1. Déclarez :\n\n   ```yaml\n   # classe\n   ---\n   ```",
        "```\ncode\n ```\n\nLa suite en **gras**.",
        "[a](https://x.test/a_(b).) et [Rook] [Ceph]",
        "[Rook]: https://rook.io\n[Ceph]: https://ceph.io",
    ]
)


class Visible(HTMLParser):
    """Lines of text a reader sees in `<main>`, code left out (it shows Markdown on purpose)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.code, self.skip, self.text = False, 0, 0, []

    def handle_starttag(self, tag, attrs):
        self.inside |= tag in ("main", "channel", "item")
        self.code += tag in ("pre", "code")
        self.skip += tag in ("script", "style")
        if tag in ("p", "li", "br", "h2", "h3", "div", "td", "dd", "dt"):
            self.text.append("\n")

    def handle_endtag(self, tag):
        self.code -= tag in ("pre", "code") and self.code > 0
        self.skip -= tag in ("script", "style") and self.skip > 0

    def handle_data(self, data):
        if self.inside and not self.code and not self.skip:
            self.text.append(data)


def raw_lines(page):
    reader = Visible()
    reader.feed(page)
    lines = "".join(reader.text).split("\n")
    return [line for line in (ln.strip() for ln in lines) if RAW_LINE_RE.search(line)]


def test_pages_cards_and_feeds_show_no_markdown_as_written(
    client, make_article, make_tag, committed
):
    tag = make_tag("stockage")
    article = make_article(
        "Stockage distribué pour les équipes",
        slug="stockage",
        excerpt="Un chapeau en **gras** et en *italique*.",
        description="Une description en **gras** pour les moteurs, de longueur assez correcte.",
        body=f"{SHAPES}\n\n[[roles]]",
        tags=[tag],
    )
    with committed():
        role = Role.objects.create(article=article, title="Coach", slug="coach", intro=SHAPES)
        Mission.objects.create(role=role, position=1, text="Piloter le **pipeline**")
    pages = {
        "article": client.get(article.get_absolute_url()),
        "role": client.get(role.get_absolute_url()),
        "list": client.get("/blog/"),
        "tag": client.get(f"/blog/tag/{tag.slug}/"),
        "search": client.get("/blog/recherche/?q=chapeau"),
        "rss": client.get("/blog/flux/rss/"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        page = response.content.decode()
        if name == "rss":  # the item's description is HTML, escaped in the XML
            page = page.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        assert raw_lines(page) == [], name
        if name == "search":  # a result shows the passage found, as text with its words marked
            assert "Un <mark>chapeau</mark> en gras et en italique." in page, name
        elif name != "role":
            assert "<strong>gras</strong>" in page, name
    description = re.search(r'<meta name="description" content="([^"]*)"', pages["article"].text)
    assert description.group(1).startswith("Une description en gras pour")


# --- Stored HTML of the old renderer --------------------------------------------------------


def test_the_migration_renders_old_html_again_without_a_history_row(make_article, committed):
    article = make_article(
        "Leviers", slug="leviers", body="Les deux leviers :\n- premier\n- second"
    )
    with committed():
        role = Role.objects.create(
            article=article, title="Coach", slug="coach", intro="Ses outils :\n- CRM"
        )
        Mission.objects.create(role=role, position=1, text="Suivre [a](https://x.test/a_(b).)")
    # What Python-Markdown stored: the list kept as a paragraph, the link cut at its `)`.
    Article.objects.update(body_html="<p>Les deux leviers :\n- premier\n- second</p>")
    Role.objects.update(intro_html="<p>Ses outils :\n- CRM</p>")
    Mission.objects.update(html='Suivre <a href="https://x.test/a_(b">a</a>.)')
    history = (Article.history.count(), Role.history.count())
    version = Article.objects.get().version

    migration = importlib.import_module("articles.migrations.0019_rerender_with_commonmark")
    migration.rerender(apps_at("articles", "0019_rerender_with_commonmark"), None)

    saved = Article.objects.get()
    assert "<ul>\n<li>premier</li>\n<li>second</li>\n</ul>" in saved.body_html
    assert "<li>CRM</li>" in Role.objects.get().intro_html
    assert Mission.objects.get().html == 'Suivre <a href="https://x.test/a_(b).">a</a>'
    assert (Article.history.count(), Role.history.count()) == history
    assert saved.version == version


def test_gfm_extras_tables_strikethrough_task_lists_and_footnotes():
    html = render(
        "| Outil | Rôle |\n|---|---|\n| CRM | ~~tableur~~ base |\n\n"
        "- [x] Nettoyer les doublons\n- [ ] Fixer les règles\n\nUne note[^1].\n\n[^1]: Précision."
    )
    assert "<td>CRM</td>\n<td><s>tableur</s> base</td>" in html
    assert '<li class="task-list-item"><span class="task-box">☑</span> Nettoyer' in html
    assert '<span class="task-box">☐</span> Fixer les règles</li>' in html
    assert "<input" not in html
    assert (
        '<a href="#fn1" id="fnref1">[1]</a>' in html
        and '<li id="fn1" class="footnote-item">' in html
    )
