"""SQLite locked by another writer for longer than the busy timeout: the request gets a French
« réessayez » page (503, Retry-After), never a 500 (issue 17, item 11).

A real database file, not the test suite's in-memory one (whose shared cache locks tables at
once instead of waiting), and two connections in one process: one holds a write transaction,
the other serves the request, with the busy timeout shortened to half a second."""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.db import connections

pytestmark = pytest.mark.skipif(
    connections["default"].vendor != "sqlite", reason="SQLite's write lock only"
)

SETUP = textwrap.dedent(
    """
    import os
    os.environ["DJANGO_SETTINGS_MODULE"] = "revops_site.settings"
    import django
    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from articles.models import Article, Author
    call_command("migrate", verbosity=0)
    User.objects.create_superuser("redaction", "r@example.com", "un-mot-de-passe-solide-42")
    author = Author.objects.create(name="Camille Martin", slug="camille-martin")
    Article.objects.create(
        title="Texte partagé", slug="partage", author=author, body="Texte d'origine."
    )
    """
)


def sqlite_env(database, tmp_path, **extra):
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PAGE_CACHE_GENERATION_FILE": str(tmp_path / "page-generation"),
        "PAGE_CACHE_SECONDS": "0",
        "PYTHONPATH": str(settings.BASE_DIR),
        **extra,
    }


def run_script(source, database, tmp_path, *args, **env):
    script = tmp_path / "scenario.py"
    script.write_text(textwrap.dedent(source))
    done = subprocess.run(
        [sys.executable, str(script), str(database), *map(str, args)],
        cwd=settings.BASE_DIR,
        env=sqlite_env(database, tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory):
    """A migrated SQLite file with an editor and an article, made once and copied per test."""
    folder = tmp_path_factory.mktemp("sqlite-file")
    database = folder / "template.sqlite3"
    script = folder / "setup.py"
    script.write_text(SETUP)
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=settings.BASE_DIR,
        env=sqlite_env(database, folder),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return database


@pytest.fixture
def database_file(migrated_file, tmp_path):
    copy = tmp_path / "site.sqlite3"
    shutil.copy(migrated_file, copy)
    return copy


LOCKED_SAVE = """
    import json, os, sqlite3, sys
    os.environ["DJANGO_SETTINGS_MODULE"] = "revops_site.settings"
    import django
    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client, override_settings
    from articles.models import Article
    from tests.test_admin_roles import opened

    override_settings(DEBUG=sys.argv[2] == "1").enable()  # static files as in development
    article = Article.objects.get(slug="partage")
    url = f"/admin/articles/article/{article.pk}/change/"
    editor = Client(raise_request_exception=False)
    editor.force_login(User.objects.get(username="redaction"))
    data = {**opened(editor, url), "body": "Texte revu pendant l'import."}
    holder = sqlite3.connect(sys.argv[1])  # another writer (an import) holds the write lock
    holder.execute("BEGIN IMMEDIATE")
    saved = editor.post(url, data)
    login = Client(raise_request_exception=False).post(
        "/admin/login/", {"username": "redaction", "password": "un-mot-de-passe-solide-42"}
    )
    holder.rollback()
    print(json.dumps({
        "save": [saved.status_code, saved.get("Retry-After"), saved.content.decode()],
        "login": [login.status_code, login.get("Retry-After"), login.content.decode()],
        "body": Article.objects.get(pk=article.pk).body,
    }))
"""


@pytest.mark.parametrize("debug", ["0", "1"])
def test_a_save_while_the_database_is_locked_gets_the_retry_page(database_file, tmp_path, debug):
    """An editor's save and a login, while another connection holds the write lock: each gets
    the « réessayez » page (503, Retry-After), in French, nothing saved; DEBUG on or off."""
    result = run_script(LOCKED_SAVE, database_file, tmp_path, debug, SQLITE_BUSY_TIMEOUT="0.5")
    for status, retry_after, html in (result["save"], result["login"]):
        assert status == 503, html[:800]
        assert retry_after and int(retry_after) > 0
        assert "Le site est occupé, réessayez dans quelques secondes" in html
        assert "rien n'a été enregistré" in html and 'lang="fr"' in html
    assert result["body"] == "Texte d'origine."
