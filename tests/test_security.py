"""Security: deploy checks, headers and CSP, login throttling, hostile input, bounded rendering."""

import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

from articles.models import Article
from roles.models import Role

pytestmark = pytest.mark.django_db
STRONG_KEY = "k" * 20 + "Zx9-_Qw7Er5Ty3Ui1Op0As2Df4Gh6Jk8Lz"


def production(*args, **env):
    environment = {**os.environ, "DJANGO_ENV": "production", "SECRET_KEY": STRONG_KEY,
                   "ALLOWED_HOSTS": "blog.example.com", "SITE_URL": "https://blog.example.com", **env}  # fmt: skip
    # Set for the browser tests in this process (see tests/browser/conftest.py), never in
    # production: Django's deploy checks rightly refuse it.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_deploy_checks_pass_with_production_settings():
    result = production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_are_secure_by_default():
    code = (
        "import revops_site.settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER[0], s.X_FRAME_OPTIONS)"
    )
    result = production("-c", code)
    assert result.stdout.split() == [
        "False",
        "True",
        "31536000",
        "True",
        "True",
        "HTTP_X_FORWARDED_PROTO",
        "DENY",
    ]


@pytest.mark.parametrize("key", ["", "short", "django-insecure-" + "x" * 60, "a" * 60])
def test_production_refuses_to_start_without_a_strong_secret_key(key):
    result = production("-c", "import revops_site.settings", SECRET_KEY=key)
    assert result.returncode != 0 and "SECRET_KEY must be set in production" in result.stderr


def test_production_requires_allowed_hosts():
    result = production("-c", "import revops_site.settings", ALLOWED_HOSTS="")
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_s3_media_when_a_bucket_is_configured():
    code = "import revops_site.settings as s; print(s.STORAGES['default']['BACKEND'])"
    assert production("-c", code, AWS_STORAGE_BUCKET_NAME="media").stdout.strip() == (
        "storages.backends.s3.S3Storage"
    )
    assert "FileSystemStorage" in production("-c", code).stdout


def test_security_headers_and_csp_on_public_pages(client, make_article):
    make_article("Sécurisé", slug="securise")
    response = client.get("/blog/securise/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp


@pytest.mark.parametrize(
    "url",
    [
        "/blog/",
        "/blog/securise/",
        "/blog/securise/coach/",
        "/blog/recherche/?q=x",
        "/blog/inconnu/",
    ],
)
def test_public_pages_have_no_inline_script_or_style(client, make_article, url):
    article = make_article(
        "Sécurisé", slug="securise", body="Texte <span style='color:red'>rouge</span>."
    )
    Role.objects.create(article=article, title="Coach", slug="coach")
    html = client.get(url).content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all('type="application/ld+json"' in attrs or "src=" in attrs for attrs in scripts)
    assert " style=" not in html and "<style" not in html


def test_admin_keeps_working_under_its_csp(staff_client):
    response = staff_client.get("/admin/articles/article/add/")
    assert response.status_code == 200
    assert "style-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_admin_login_is_throttled_after_repeated_failures(django_user_model):
    django_user_model.objects.create_user(
        "editeur", password="le-bon-mot-de-passe-42", is_staff=True
    )
    browser = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        browser.post("/admin/login/", {"username": "editeur", "password": "mauvais"})
    response = browser.post(
        "/admin/login/", {"username": "editeur", "password": "le-bon-mot-de-passe-42"}
    )
    assert response.status_code == 429
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert "_auth_user_id" not in browser.session


def fail_five_times_then_log_in(good_from, bad_from="203.0.113.7"):
    """Five wrong passwords for the editor's account from one client, behind the proxy (every
    connection comes from 127.0.0.1), then the right password from `good_from`."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker = Client(HTTP_X_FORWARDED_FOR=bad_from)
        attacker.post("/admin/login/", {"username": "editeur", "password": "mauvais"})
    editor = Client(HTTP_X_FORWARDED_FOR=good_from)
    response = editor.post(
        "/admin/login/", {"username": "editeur", "password": "le-bon-mot-de-passe-42"}
    )
    return response, editor


def test_behind_the_proxy_a_lockout_holds_only_for_the_failing_client(django_user_model, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    django_user_model.objects.create_user(
        "editeur", password="le-bon-mot-de-passe-42", is_staff=True
    )
    response, editor = fail_five_times_then_log_in(good_from="198.51.100.20")
    assert response.status_code == 302 and "_auth_user_id" in editor.session
    # The attacker's own address stays locked, even if it claims another one in front.
    locked, attacker = fail_five_times_then_log_in(good_from="10.9.9.9, 203.0.113.7")
    assert locked.status_code == 429 and "_auth_user_id" not in attacker.session


def test_without_trusted_proxy_a_forged_forwarded_header_is_ignored(django_user_model, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    django_user_model.objects.create_user(
        "editeur", password="le-bon-mot-de-passe-42", is_staff=True
    )
    response, _ = fail_five_times_then_log_in(good_from="198.51.100.20")
    assert response.status_code == 429


def test_unknown_host_is_refused(client):
    assert client.get("/blog/", headers={"host": "evil.example.com"}).status_code == 400


def test_server_errors_show_no_traceback(client, monkeypatch):
    client.raise_request_exception = False

    def boom(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr("articles.views.article_list", boom)
    from django.urls import clear_url_caches

    clear_url_caches()
    import importlib

    import articles.urls

    importlib.reload(articles.urls)
    import revops_site.urls

    importlib.reload(revops_site.urls)
    try:
        response = client.get("/blog/")
    finally:
        monkeypatch.undo()
        importlib.reload(articles.urls)
        importlib.reload(revops_site.urls)
        clear_url_caches()
    html = response.content.decode()
    assert response.status_code == 500
    assert "Une erreur est survenue" in html
    assert "secret detail" not in html and "Traceback" not in html


@pytest.mark.parametrize(
    "query",
    [
        "tag=<script>alert(1)</script>",
        "tag=ops%00",
        "tag=" + "a" * 5000,
        "q=r%C3%B4le%00",
        "q=" + "x" * 10000,
        "page=%00",
        "page=99999999999999999999",
    ],
)
def test_hostile_query_strings_give_a_clean_page(client, make_article, make_tag, query):
    make_article("Article", slug="article", tags=[make_tag("ops")])
    for path in ("/blog/", "/blog/recherche/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200, (path, query)
        assert b"<script>alert(1)" not in response.content


def test_too_many_parameters_is_a_400(client):
    query = "&".join(f"tag=t{n}" for n in range(1500))
    assert client.get(f"/blog/?{query}").status_code == 400


def test_pathological_markdown_is_refused_with_a_clear_message(staff_client, author):
    data = {
        "title": "Piège", "slug": "piege", "author": str(author.pk), "status": "draft",
        "published_at_0": "17/11/2025", "published_at_1": "09:00:00", "body": "[" * 20000,
        "front_matter_extra": "{}", "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0", "roles-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    html = staff_client.post("/admin/articles/article/add/", data).content.decode()
    assert "Trop de crochets « [ » (20000, 6000 au plus dans un texte)." in html
    assert not Article.objects.exists()
    deep = staff_client.post("/admin-markdown/apercu/", {"content": "- " * 5000 + "x"})
    assert deep.status_code == 200 and "niveaux de listes ou de citations" in deep.content.decode()


def test_healthz_reports_database_and_cache(client, settings):
    response = client.get("/healthz")
    data = response.json()
    assert (
        response.status_code == 200
        and data["ok"]
        and data["database"]["ok"]
        and data["cache"]["ok"]
    )
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # fmt: skip
    broken = client.get("/healthz")
    assert broken.status_code == 503 and broken.json()["cache"]["ok"] is False


def test_request_errors_are_one_json_line_without_private_data():
    from django.test import RequestFactory

    from revops_site.logging import JSONFormatter

    request = RequestFactory().get("/blog/x/?token=hunter2", HTTP_COOKIE="sessionid=hunter3")
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/blog/x/",),
            sys.exc_info(),
        )
    record.request = request
    record.status_code = 500
    line = JSONFormatter().format(record)
    assert "\n" not in line and "hunter" not in line
    data = json.loads(line)
    assert data["status"] == 500 and data["path"] == "/blog/x/" and data["error"] == "ValueError"


def test_static_files_are_fingerprinted_compressed_and_cached_for_a_year(tmp_path):
    script = (
        "import django, os; django.setup();"
        "from django.core.management import call_command; call_command('collectstatic', '--noinput', verbosity=0);"
        "from django.templatetags.static import static; from django.test import Client;"
        "url = static('css/site.css'); print(url);"
        "r = Client().get(url, secure=True, headers={'host': 'blog.example.com', 'accept-encoding': 'br, gzip'});"
        "print(r.status_code, r['Cache-Control'], r.get('Content-Encoding'))"
    )
    result = production(
        "-c",
        script,
        STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_SETTINGS_MODULE="revops_site.settings",
    )
    url, response = result.stdout.strip().splitlines()[-2:]
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url), result.stderr[-2000:]
    assert response.startswith("200 max-age=315360000, public, immutable")
    assert response.split()[-1] in ("br", "gzip")
    assert (tmp_path / "static" / url.removeprefix("/static/")).with_suffix(".css.gz").exists()
