"""Feeds, sitemap, robots.txt, meta tags and JSON-LD: exactly the published items, matching the page."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article
from roles.models import AlternativeTitle, Mission, Role

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# DEBUG is off in tests: absolute links are on SITE_URL whatever the host asked (test_site_url).
SITE = settings.SITE_URL


@pytest.fixture
def blog(make_article, make_tag, make_asset):
    ops = make_tag("ops", "L'Ops")
    data = make_tag("data", "Data")
    hero = make_asset(alt="Une équipe au travail", credit="Photo : nous")
    live = make_article(
        "Les rôles RevOps", slug="roles-revops", tags=[ops], hero_image=hero,
        description="Qui fait quoi dans une équipe RevOps.", excerpt="Le chapeau de l'article.",
        body="## Introduction\n\n" + "mot " * 300,
    )  # fmt: skip
    other = make_article(
        "Données propres", slug="donnees", tags=[ops, data], days_ago=5,
        hero_image_url="https://images.unsplash.com/photo-1?ixlib=rb-4.1.0&w=4800",
        hero_image_alt="Des tableaux",
    )  # fmt: skip
    draft = make_article(
        "Brouillon secret", slug="brouillon", tags=[ops], status=Article.Status.DRAFT
    )
    future = make_article("Futur secret", slug="futur", tags=[ops, data], days_ago=-2)
    role = Role.objects.create(
        article=live, order=1, title="Revenue Analyst", slug="revenue-analyst",
        nickname="la tour de contrôle", intro="Il **mesure** la performance.",
    )  # fmt: skip
    Mission.objects.create(role=role, position=1, text="Construire les tableaux de bord")
    Mission.objects.create(role=role, position=2, text="Prévoir le revenu")
    AlternativeTitle.objects.create(role=role, position=1, title="Business Analyst")
    Role.objects.create(article=draft, title="Rôle caché", slug="role-cache")
    Role.objects.create(article=future, title="Rôle futur", slug="role-futur")
    return {"live": live, "other": other, "draft": draft, "future": future, "role": role}


def parse(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)


@pytest.mark.parametrize("url", ["/blog/flux/rss/", "/blog/tag/ops/rss/"])
def test_rss_feeds_list_exactly_the_published_articles(client, blog, url):
    root = parse(client.get(url))
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Les rôles RevOps", "Données propres"]
    first = items[0]
    assert first.findtext("link") == f"{SITE}/blog/roles-revops/"
    assert "Le chapeau de l&#x27;article." in first.findtext("description") or (
        "Le chapeau de l" in first.findtext("description")
    )
    assert [c.text for c in first.findall("category")] == ["L'Ops"]
    assert first.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Camille Martin"
    enclosure = first.find("enclosure")
    assert enclosure.get("url").startswith(f"{SITE}/media/images/")
    assert enclosure.get("type") == "image/png" and int(enclosure.get("length")) > 0
    assert items[1].find("enclosure").get("url").endswith("w=1200")


def test_feed_has_last_modified(client, blog):
    response = client.get("/blog/flux/rss/")
    assert response.has_header("Last-Modified")


@pytest.mark.parametrize("url", ["/blog/flux/atom/", "/blog/tag/data/atom/"])
def test_atom_feeds(client, blog, url):
    root = parse(client.get(url))
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    expected = ["Les rôles RevOps", "Données propres"] if "tag" not in url else ["Données propres"]
    assert titles == expected
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Camille Martin"
    assert entry.find(f"{ATOM}updated") is not None


def test_unknown_tag_feed_is_404(client, blog):
    assert client.get("/blog/tag/inconnu/rss/").status_code == 404


def test_every_page_links_its_feeds(client, blog):
    html = client.get("/blog/tag/ops/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/blog/flux/atom/"' in html and 'href="/blog/tag/ops/rss/"' in html


def test_sitemap_lists_published_articles_roles_and_tags_with_lastmod(client, blog):
    root = parse(client.get("/sitemap.xml"))
    urls = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root}
    assert set(urls) == {
        f"{SITE}/blog/",
        f"{SITE}/blog/roles/",
        f"{SITE}/clients/",  # the case studies' index (no case study published here)
        f"{SITE}/series/",  # the series' index (no series here)
        f"{SITE}/blog/roles-revops/",
        f"{SITE}/blog/donnees/",
        f"{SITE}/blog/roles-revops/revenue-analyst/",
        f"{SITE}/blog/tag/ops/",
        f"{SITE}/blog/tag/data/",
    }
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", lastmod) for lastmod in urls.values())


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in body and "Disallow: /admin/" in body


def test_article_page_meta_tags(client, blog):
    html = client.get("/blog/roles-revops/").content.decode()
    assert "<title>Les rôles RevOps — RevOps Conseil</title>" in html
    assert '<meta name="description" content="Qui fait quoi dans une équipe RevOps.">' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/blog/roles-revops/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Les rôles RevOps">' in html
    assert '<meta property="article:published_time" content="' in html
    assert '<meta property="article:tag" content="L&#x27;Ops">' in html
    assert '<meta property="og:image:width" content="320">' in html
    assert '<meta property="og:image:height" content="180">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'name="robots"' not in html


def test_external_cdn_hero_gets_a_share_image_of_known_size_and_a_srcset(client, blog):
    html = client.get("/blog/donnees/").content.decode()
    assert (
        'property="og:image" content="https://images.unsplash.com/photo-1?ixlib=rb-4.1.0&amp;w=1200&amp;h=630&amp;fit=crop"'
        in html
    )
    assert '<meta property="og:image:width" content="1200">' in html
    assert 'srcset="https://images.unsplash.com/photo-1?ixlib=rb-4.1.0&amp;w=480 480w' in html
    assert "w=4800" not in html.split("<body>")[1]  # never the 4,800 px original on the page
    assert 'fetchpriority="high"' in html


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_article_json_ld_is_valid_and_matches_the_page(client, blog):
    html = client.get("/blog/roles-revops/").content.decode()
    posting, crumbs = json_ld(html)
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == "Les rôles RevOps" and "<h1>Les rôles RevOps</h1>" in html
    assert posting["author"]["name"] == "Camille Martin" and "Camille Martin</a>" in html
    assert posting["inLanguage"] == "fr"
    assert posting["keywords"] == ["L'Ops"]
    assert posting["wordCount"] == 301 + 4  # body and role intro, as counted for reading time
    assert posting["image"]["width"] == 320
    assert posting["datePublished"] == blog["live"].published_at.isoformat()
    assert [i["name"] for i in crumbs["itemListElement"]] == ["Blog", "Les rôles RevOps"]


def test_role_json_ld_describes_the_occupation_as_shown(client, blog):
    html = client.get("/blog/roles-revops/revenue-analyst/").content.decode()
    occupation, crumbs = json_ld(html)
    assert occupation["@type"] == "Occupation"
    assert occupation["name"] == "Revenue Analyst"
    assert occupation["alternateName"] == ["Business Analyst"] and "Business Analyst" in html
    assert occupation["skills"] == ["Construire les tableaux de bord", "Prévoir le revenu"]
    assert occupation["description"] == "Il mesure la performance."
    assert [i["name"] for i in crumbs["itemListElement"]] == [
        "Blog", "Les rôles RevOps", "Revenue Analyst",
    ]  # fmt: skip


def test_json_ld_cannot_be_broken_out_of(client, make_article):
    make_article("</script><script>alert(1)</script>", slug="piege")
    html = client.get("/blog/piege/").content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)[0]["headline"] == "</script><script>alert(1)</script>"


def test_noindex_on_previews_and_filtered_pages_beyond_page_one(
    staff_client, client, blog, settings
):
    assert 'content="noindex"' in staff_client.get("/blog/brouillon/").content.decode()
    settings.ARTICLES_PER_PAGE = 1
    assert 'content="noindex"' not in client.get("/blog/").content.decode()
    assert 'content="noindex"' not in client.get("/blog/tag/ops/").content.decode()
    assert 'content="noindex"' in client.get("/blog/?page=2").content.decode()
    assert 'content="noindex"' in client.get("/blog/?tag=ops&tag=data").content.decode()


def test_related_articles_share_tags_and_exclude_drafts(client, blog, make_article, make_tag):
    html = client.get("/blog/donnees/").content.decode()
    related = html.split('id="related-title"')[1]
    assert "Les rôles RevOps" in related
    assert "Brouillon secret" not in related and "Futur secret" not in related


def test_roles_index_groups_published_roles_by_title(client, blog, make_article):
    other = make_article("Autre équipe", slug="autre")
    Role.objects.create(
        article=other, title="Revenue Analyst", slug="analyste", nickname="le guetteur"
    )
    html = client.get("/blog/roles/").content.decode()
    assert html.count("<h2>Revenue Analyst</h2>") == 1
    assert "la tour de contrôle" in html and "le guetteur" in html
    assert "Rôle caché" not in html and "Rôle futur" not in html


def test_author_page_lists_published_articles(client, blog):
    html = client.get("/blog/auteur/camille-martin/").content.decode()
    assert "<h1>Camille Martin</h1>" in html
    assert "Les rôles RevOps" in html and "Brouillon secret" not in html
    assert client.get("/blog/auteur/inconnu/").status_code == 404


def test_scheduled_article_appears_in_feeds_and_sitemap_once_its_time_has_come(client, blog):
    Article.objects.filter(pk=blog["future"].pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )
    assert b"Futur secret" in client.get("/blog/flux/rss/").content
    assert b"/blog/futur/" in client.get("/sitemap.xml").content
