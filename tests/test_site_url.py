"""Absolute links follow the address served in development and SITE_URL in production:
canonical, Open Graph, JSON-LD, feeds, sitemap, robots.txt, shared preview links; the page
cache never serves a page cached for one address at another; `check --deploy` requires
SITE_URL."""

import html
import json
import re
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from roles.models import Role
from tests.html_validity import assert_valid_xml
from tests.test_security import production

pytestmark = pytest.mark.django_db

PUBLIC = "https://blog.exemple.fr"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def article(make_article, make_tag, make_asset):
    article = make_article(
        "Un article partagé", slug="partage", tags=[make_tag("crm", "CRM")], hero_image=make_asset()
    )
    Role.objects.create(article=article, order=1, title="Analyste", slug="analyste")
    return article


def absolute_links(client, host):
    """Every absolute address a reader, a feed reader or a search engine is given."""
    found = []
    for path in ("/blog/partage/", "/blog/partage/analyste/", "/blog/?tag=crm", "/blog/roles/"):
        page = client.get(path, HTTP_HOST=host).content.decode()
        found += [
            html.unescape(u) for u in re.findall(r'<link rel="canonical" href="([^"]+)"', page)
        ]
        found += [
            html.unescape(u) for u in re.findall(r'<meta property="og:url" content="([^"]+)"', page)
        ]
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
            found += re.findall(r'"(https?://[^"]+)"', json.dumps(json.loads(block)))
    rss = ElementTree.fromstring(client.get("/blog/flux/rss/", HTTP_HOST=host).content)
    found += [rss.find("channel/link").text]
    found += [item.find("link").text for item in rss.iter("item")]
    found += [e.get("url") for e in rss.iter("enclosure")]
    atom = ElementTree.fromstring(client.get("/blog/flux/atom/", HTTP_HOST=host).content)
    found += [link.get("href") for link in atom.iter(f"{ATOM}link")]
    sitemap = assert_valid_xml(client.get("/sitemap.xml", HTTP_HOST=host), "sitemap")
    found += [loc.text for loc in sitemap.iter(f"{SITEMAP}loc")]
    robots = client.get("/robots.txt", HTTP_HOST=host).content.decode()
    found += re.findall(r"Sitemap: (\S+)", robots)
    return [link for link in found if "youtube" not in link and "schema.org" not in link]


def test_in_development_absolute_links_follow_the_address_asked(client, settings, article):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    for host in ("127.0.0.1:8301", "localhost:8000"):
        links = absolute_links(client, host)
        assert len(links) > 15
        assert all(link.startswith(f"http://{host}/") for link in links), links
    links = absolute_links(client, "127.0.0.1:8301")
    assert "http://127.0.0.1:8301/blog/partage/" in links
    assert "http://127.0.0.1:8301/blog/partage/analyste/" in links
    assert "http://127.0.0.1:8301/sitemap.xml" in links


def test_in_development_a_host_outside_allowed_hosts_is_refused(client, settings, article):
    settings.DEBUG = True
    assert client.get("/blog/partage/", HTTP_HOST="evil.example:8000").status_code == 400


def test_in_production_absolute_links_are_on_site_url_whatever_the_host(client, settings, article):
    settings.DEBUG = False
    settings.SITE_URL = PUBLIC
    settings.ALLOWED_HOSTS = ["blog.exemple.fr", "10.0.0.5"]
    for host in ("blog.exemple.fr", "10.0.0.5:8000"):
        links = absolute_links(client, host)
        assert len(links) > 15
        assert all(link.startswith(f"{PUBLIC}/") for link in links), links


def test_the_shared_preview_link_follows_the_admin_address(staff_client, settings, article):
    settings.DEBUG = True
    page = staff_client.get(
        f"/admin/articles/article/{article.pk}/change/", HTTP_HOST="127.0.0.1:8301"
    ).content.decode()
    link = re.search(r'value="(http[^"]+/apercu/[^"]+)"', page)[1]
    assert link.startswith("http://127.0.0.1:8301/blog/apercu/")
    assert staff_client.get(link.removeprefix("http://127.0.0.1:8301")).status_code == 200


def test_the_page_cache_keeps_one_copy_per_address(client, settings, article):
    settings.DEBUG = True
    settings.PAGE_CACHE_SECONDS = 3600
    canonical = re.compile(r'<link rel="canonical" href="([^"]+)"')
    seen = {}
    for host in ("127.0.0.1:8301", "localhost:8000", "127.0.0.1:8301", "localhost:8000"):
        response = client.get("/blog/partage/", HTTP_HOST=host)
        seen.setdefault(host, []).append(response["X-Cache"])
        assert canonical.search(response.content.decode())[1] == f"http://{host}/blog/partage/"
    assert seen == {"127.0.0.1:8301": ["MISS", "HIT"], "localhost:8000": ["MISS", "HIT"]}
    # The same host over https is another page too (links say https there).
    secure = client.get("/blog/partage/", HTTP_HOST="localhost:8000", secure=True)
    assert secure["X-Cache"] == "MISS"
    assert canonical.search(secure.content.decode())[1] == "https://localhost:8000/blog/partage/"


def deploy_check_output(capsys):
    try:
        call_command("check", deploy=True)
    except SystemCheckError as error:
        return str(error)
    return capsys.readouterr().err + capsys.readouterr().out


def test_check_deploy_requires_site_url(settings, capsys):
    settings.SITE_URL_SET = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    output = deploy_check_output(capsys)
    assert "revops_site.E001" in output
    assert "SITE_URL n'est pas défini" in output
    assert "SITE_URL=https://www.exemple.fr" in output


@pytest.mark.parametrize(
    ("value", "expected", "absent"),
    [
        ("http://127.0.0.1:8000", "revops_site.W001", "revops_site.E00"),
        ("blog.exemple.fr", "revops_site.E002", "revops_site.E001"),
        (PUBLIC, None, "revops_site."),
    ],
)
def test_check_deploy_judges_the_site_url_given(settings, capsys, value, expected, absent):
    settings.SITE_URL_SET = True
    settings.SITE_URL = value
    output = deploy_check_output(capsys)
    if expected:
        assert expected in output
    assert absent not in output


def test_production_without_site_url_fails_the_deploy_check():
    result = production("manage.py", "check", "--deploy", SITE_URL="")  # as if unset
    assert result.returncode != 0
    assert "revops_site.E001" in result.stderr and "SITE_URL n'est pas défini" in result.stderr
