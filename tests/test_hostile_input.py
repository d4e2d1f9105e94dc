"""Input from outside never ends in a 500: addresses holding control characters, invalid UTF-8
or thousands of characters are a 404 (before any database lookup), the admin's addresses
naming no object or revision are a 404 or its own redirect, and an over-long user name on the
sign-in form is the form's error. Run on SQLite and PostgreSQL (which refuses a NUL)."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client

from articles.models import Redirect
from revops_site.login import axes_username
from roles.models import Role

pytestmark = pytest.mark.django_db

CONTROL = [f"%{code:02x}" for code in [*range(0x00, 0x20), 0x7F]]
PUBLIC = [
    "/%00", "/blog/%00/", "/blog/auteur/%00/", "/blog/tag/%00/", "/blog/x%00y/",
    "/blog/existant/%00/", "/blog/recherche/%00", "/blog/flux/%00/", "/blog/apercu/%00/",
    "/%00/blog/", "/robots.txt%00", "/media/%00.png", "/static/%00.css",
    *(f"/blog/a{char}b/" for char in CONTROL),
    *(f"/blog/tag/a{char}/" for char in CONTROL[::4]),
    *(f"/blog/auteur/{char}/" for char in CONTROL[::4]),
    "/blog/%ff/", "/%c3%28", "/blog/auteur/%fe%ff/", "/blog/tag/%e9t%e9/", "/blog/%ed%a0%80/",
    "/blog/" + "a" * 600 + "/", "/" + "b" * 5000, "/blog/tag/" + "c" * 300 + "/",
    "/blog/auteur/" + "d" * 1000 + "/", "/blog/existant/" + "e" * 600 + "/",
]  # fmt: skip
ADMIN = [
    "/admin/articles/article/abc/change/", "/admin/articles/article/abc/history/",
    "/admin/articles/article/{article}/history/abc/", "/admin/roles/role/abc/history/1/",
    "/admin/roles/role/{role}/history/abc/", "/admin/articles/article/{article}/history/1x/",
    "/admin/articles/article/{article}/history/99999999999999999999/",
    "/admin/articles/article/99999999999999999999/history/1/",
    "/admin/articles/article/%00/change/", "/admin/articles/article/{article}/history/%00/",
    "/admin/articles/article/abc/history/1/diff/", "/admin/articles/article/abc/apercu/",
    "/admin/articles/imageasset/abc/change/", "/admin/articles/tag/%ff/change/",
    "/admin/r/abc/1/", "/admin/articles/article/" + "9" * 600 + "/change/",
]  # fmt: skip


@pytest.fixture
def existing(make_article):
    article = make_article("Un article", slug="existant")
    role = Role.objects.create(article=article, title="Coach", slug="coach")
    Redirect.objects.create(old_path="/ancienne/", new_path="/blog/existant/")
    return {"article": article.pk, "role": role.pk}


@pytest.fixture(params=["anonymous", "staff"])
def visitor(request, staff_user):
    client = Client()
    if request.param == "staff":
        client.force_login(staff_user)
    return client


def test_hostile_addresses_are_a_404(visitor, existing):
    """Every hostile public address: a 404 (the French page), GET and POST, anonymous or not."""
    failures = []
    for path in PUBLIC:
        for method in (visitor.get, visitor.post):
            response = method(path)
            if response.status_code != 404:
                failures.append(f"{method.__name__.upper()} {path[:80]}: {response.status_code}")
    assert failures == []
    page = visitor.get("/blog/%00/")
    assert "Page introuvable" in page.content.decode()
    assert "Content-Security-Policy" in page and page["X-Content-Type-Options"] == "nosniff"


def test_an_unreadable_address_reaches_no_database(client, django_assert_num_queries):
    """A control character in the address: the 404 is answered before any lookup (the
    redirect fallback's would fail on PostgreSQL), on every database."""
    for path in ("/blog/%00/", "/%00", "/blog/auteur/a%1fb/", "/" + "b" * 5000):
        with django_assert_num_queries(0):
            assert client.get(path).status_code == 404


def test_hostile_admin_addresses_never_fail(visitor, existing):
    """The admin's addresses naming no object or revision: a 4xx, or Django's redirect (to the
    sign-in page, or to the index saying the object does not exist); never a 500."""
    failures = []
    for path in ADMIN:
        url = path.format(**existing)
        response = visitor.get(url)
        if not (response.status_code == 302 or 400 <= response.status_code < 500):
            failures.append(f"GET {url[:80]}: {response.status_code}")
    assert failures == []


def test_an_address_naming_no_revision_is_a_404(staff_client, existing):
    for path in ("/admin/articles/article/{article}/history/abc/",
                 "/admin/articles/article/abc/history/", "/admin/roles/role/abc/history/1/",
                 "/admin/articles/article/{article}/history/99999999999999999999/"):  # fmt: skip
        assert staff_client.get(path.format(**existing)).status_code == 404, path


@pytest.mark.parametrize("username", ["a" * 151, "é" * 256, "x" * 5000])
def test_an_over_long_user_name_is_the_sign_in_form_s_error(client, username):
    """The sign-in form says the name is too long, in French; the attempt is not counted
    against another name, and nothing fails on the way."""
    response = client.post("/admin/login/", {"username": username, "password": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "au plus 150 caractères" in html
    assert all(len(name or "") <= 255 for name in AccessAttempt.objects.values_list("username",
                                                                                  flat=True))  # fmt: skip
    assert AccessFailureLog.objects.filter(username__startswith="aaaa").count() == 0


def test_the_lockout_names_at_most_what_its_column_holds(rf):
    """Whatever sends credentials to axes (another form, an API), the name it records fits."""
    request = rf.post("/admin/login/", {"username": "z" * 300})
    assert axes_username(request, None) == "z" * 255
    assert axes_username(request, {"username": "a\x00b"}) == "ab"
