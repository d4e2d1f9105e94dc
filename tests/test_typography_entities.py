"""French spacing never lands inside an HTML entity: « Sales & Marketing ; l'équipe » reads the
same in the page, the role page, the listings, search and the feeds."""

import html
import re
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template

from articles.templatetags.blog import typo
from roles.models import Role

pytestmark = pytest.mark.django_db

TITLE = "Sales & Marketing ; l'équipe"
BROKEN = ("&amp\u202f;", "&amp;amp;", "&amp\u00a0;", "&#x27\u202f;", "&quot\u202f;")


@pytest.fixture
def sales_article(make_article, make_tag, committed):
    tag = make_tag("ops", label="Sales & Ops ; R&D")
    article = make_article(
        TITLE, slug="sales-marketing", excerpt="Sales & Marketing ; qui fait quoi ?", tags=[tag]
    )
    with committed():
        Role.objects.create(
            article=article, title="R&D ; produit", slug="r-d", nickname="Q&A ; support"
        )
    return article


def assert_clean(text):
    for broken in BROKEN:
        assert broken not in text, (broken, re.findall(r".{40}" + re.escape(broken), text))


def test_article_page_role_page_and_listings_keep_entities_whole(client, sales_article):
    role = sales_article.roles.get()
    pages = {
        "article": sales_article.get_absolute_url(),
        "role": role.get_absolute_url(),
        "list": "/blog/",
        "roles": "/blog/roles/",
        "tag": "/blog/tag/ops/",
        "search": "/blog/recherche/?q=marketing",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        page = response.content.decode()
        assert_clean(page)
    article_page = client.get(sales_article.get_absolute_url()).content.decode()
    assert "<h1>Sales &amp; Marketing\u202f; l’équipe</h1>" in article_page
    role_page = client.get(role.get_absolute_url()).content.decode()
    assert "<h1>R&amp;D\u202f; produit</h1>" in role_page
    assert "<strong>Q&amp;A\u202f; support</strong>" in role_page


@pytest.mark.parametrize("url", ["/blog/flux/rss/", "/blog/flux/atom/", "/blog/tag/ops/rss/"])
def test_feeds_keep_entities_whole(client, sales_article, url):
    raw = client.get(url).content.decode()
    assert "&amp\u202f;" not in raw and "&amp;amp\u202f;" not in raw
    root = ET.fromstring(raw)
    texts = [element.text or "" for element in root.iter()]
    assert TITLE in texts
    for text in texts:  # descriptions are HTML inside XML: their entities read once
        assert_clean(text)
        assert "&amp;amp;" not in text
    descriptions = [html.unescape(t) for t in texts if "qui fait quoi" in t]
    assert descriptions and all(
        "Sales & Marketing\u202f; qui fait quoi\u202f?" in d for d in descriptions
    )


def test_typo_on_html_spaces_the_text_never_an_entity_or_a_tag():
    assert typo("Sales & Marketing ; l'équipe") == "Sales &amp; Marketing\u202f; l’équipe"
    rendered = Template("{% load blog %}{{ \"R&amp;D ; <b title='a ; b'>Q&amp;A ?</b>\"|typo }}")
    out = rendered.render(Context())
    assert out == "R&amp;D\u202f; <b title='a ; b'>Q&amp;A\u202f?</b>"
    safe = Template('{% load blog %}{{ "Sales &amp; Marketing ; <code>a ; b</code>"|typo }}')
    assert safe.render(Context()) == "Sales &amp; Marketing\u202f; <code>a ; b</code>"
