"""No page holds an id twice: a heading named like a part of the page (`## Contenu` beside
`<main id="contenu">`) or like another heading gets an id of its own, on the article page, the
role page and their previews."""

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from articles.headings import heading_id, page_id_prefixes, page_ids
from articles.markdown import render_markdown
from articles.models import ImageAsset
from articles.preview import make_token
from roles.models import Mission, Role
from tests.test_workflow import change_data

pytestmark = pytest.mark.django_db

PAGE_IDS, PAGE_ID_PREFIXES = page_ids(), page_id_prefixes()
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TEMPLATE_ID_RE = re.compile(r'\bid="([^"{]*)(\{\{)?')


class Ids(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs["href"][1:])

    handle_startendtag = handle_starttag


def parsed(html):
    parser = Ids()
    parser.feed(html)
    return parser


def duplicates(html):
    return [value for value, count in Counter(parsed(html).ids).items() if count > 1]


# Every id a page template writes, as a heading: each once, one three times, in attribute
# lists and raw HTML too, and a footnote.
HOSTILE = "\n\n".join(
    [
        *(f"## {name.replace('-', ' ').capitalize()}" for name in sorted(PAGE_IDS)),
        "## Rôle coach",
        "## Contenu",
        "### Contenu",
        "## Ailleurs {#contenu}",
        '<h2 id="roles-title">Brut</h2>',
        '<h2 id="doublon">Brut</h2>',
        '<h2 id="doublon">Brut encore</h2>',
        "## Doublon",
        "Une note[^1].",
        "[^1]: La note.",
    ]
)


def test_every_id_the_page_templates_write_is_reserved():
    """A new `id="…"` in a page template joins `PAGE_IDS` (or `PAGE_ID_PREFIXES`): headings
    then never take it."""
    fixed, built = set(), set()
    for template in TEMPLATES.rglob("*.html"):
        if "admin" in template.relative_to(TEMPLATES).parts:
            continue
        for value, dynamic in TEMPLATE_ID_RE.findall(template.read_text()):
            (built if dynamic else fixed).add(value)
    assert fixed <= PAGE_IDS, fixed - PAGE_IDS
    assert all(prefix.startswith(PAGE_ID_PREFIXES) for prefix in built), built


def test_headings_named_like_the_page_or_each_other_get_ids_of_their_own():
    """`## Contenu` gets `section-contenu`, a second one `section-contenu-2`; the table of
    contents links to those."""
    rendered = render_markdown("## Contenu\n\n## Contenu\n\n## Pourquoi\n\n## Pourquoi", dict)
    ids = parsed(rendered.html).ids
    assert ids == ["section-contenu", "section-contenu-2", "pourquoi", "pourquoi-2"]
    assert [entry["id"] for entry in rendered.toc] == ids
    assert rendered.meta["headings"] == ids


def test_the_article_and_role_pages_and_their_previews_hold_each_id_once(
    client, staff_client, make_article, committed
):
    """Body, role text and missions named after every page id, with duplicates: the article
    page, the role page, the admin's preview and the shared preview link hold every id once,
    and every `#…` link of the body leads to one."""
    image = ImageAsset.objects.create(alt="Portrait")
    article = make_article("Identifiants", slug="identifiants", body=f"{HOSTILE}\n\n[[roles]]")
    with committed():
        role = Role.objects.create(
            article=article, title="Coach", slug="coach", intro=HOSTILE, image=image
        )
        for position in (1, 2):
            Mission.objects.create(role=role, position=position, text="## Contenu[^1]\n\n[^1]: x")
    token = make_token(article)
    pages = {
        "article": client.get(article.get_absolute_url()),
        "role": client.get(role.get_absolute_url()),
        "admin preview": staff_client.post(
            f"/admin/articles/article/{article.pk}/apercu/", change_data(staff_client, article)
        ),
        "shared preview": client.get(f"/blog/apercu/{token}/"),
        "shared role preview": client.get(f"/blog/apercu/{token}/coach/"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        html = response.content.decode()
        assert duplicates(html) == [], name
        assert 'id="contenu"' in html and 'id="section-contenu"' in html, name
        found = parsed(html)
        assert set(found.links) <= set(found.ids), (name, set(found.links) - set(found.ids))
    article_page = pages["article"].content.decode()
    assert f'id="role-{role.slug}"' in article_page and 'id="section-role-coach"' in article_page


def test_heading_ids_stay_stable_ascii():
    """Accents folded, punctuation dropped, as before: shared links to sections keep working."""
    assert heading_id("Rôles clés : l’équipe") == "roles-cles-lequipe"


def test_an_empty_text_names_no_heading_of_the_text_rendered_before_it():
    """The converter is reused per thread; an empty text runs none of its tree processors."""
    import threading

    from articles.markdown import render_markdown

    def lookup(ids):
        return {}

    assert render_markdown("## Un titre", lookup).meta["headings"] == ["un-titre"]
    assert render_markdown("", lookup).meta["headings"] == []
    seen = []  # a thread's first text, empty: its own converter, never run on a text
    thread = threading.Thread(target=lambda: seen.append(render_markdown("", lookup).meta))
    thread.start()
    thread.join()
    assert seen and seen[0]["headings"] == []
