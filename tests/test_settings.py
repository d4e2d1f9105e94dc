"""Settings: French defaults, and SQLite configured for concurrent writers."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper


def test_french_defaults():
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ


@pytest.mark.skipif(
    connections["default"].vendor != "sqlite", reason="SQLite settings only apply to SQLite"
)
def test_sqlite_file_database_uses_wal_immediate_transactions_and_busy_timeout(
    tmp_path, django_db_blocker
):
    """A real file database (not the in-memory test one) opens in WAL mode with a busy timeout."""
    config = {**connections["default"].settings_dict, "NAME": str(tmp_path / "db.sqlite3")}
    wrapper = DatabaseWrapper(config, alias="wal-check")
    with django_db_blocker.unblock():
        try:
            with wrapper.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                assert cursor.fetchone()[0] == "wal"
                cursor.execute("PRAGMA busy_timeout")
                assert cursor.fetchone()[0] == 20_000
            assert wrapper.transaction_mode == "IMMEDIATE"
        finally:
            wrapper.close()


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "DJANGO_ENV": "production", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "-c", "import revops_site.settings"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def run_settings(**env):
    """Import the settings in a fresh process, with DEBUG off outside production (`make serve`)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ENV", "SECRET_KEY")}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import revops_site.settings as s; print(len(s.SECRET_KEY))"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


DEV_KEY = "dev-insecure-revops-site-key-do-not-use-in-production-0123456789"  # noqa: S105


@pytest.mark.parametrize("key", [None, "", DEV_KEY, "django-insecure-" + "x" * 60])
def test_debug_off_refuses_a_missing_or_development_secret_key(key):
    result = run_settings(DEBUG="0", **({} if key is None else {"SECRET_KEY": key}))
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert "export SECRET_KEY=" in result.stderr and "make serve" in result.stderr


def test_debug_off_starts_with_a_key_of_its_own():
    result = run_settings(DEBUG="0", SECRET_KEY="k" * 20 + "Zx9-_Qw7Er5Ty3Ui1Op0As2Df4Gh6Jk8Lz")
    assert result.returncode == 0, result.stderr
    assert run_settings(DEBUG="1").returncode == 0  # development keeps its fixed key


def test_make_serve_creates_and_keeps_a_local_secret_key(tmp_path):
    key_file = tmp_path / "secret"
    make = ["make", "-s", f"PY={sys.executable}", f"SECRET_KEY_FILE={key_file}", str(key_file)]
    assert subprocess.run(make, cwd=settings.BASE_DIR, capture_output=True).returncode == 0
    key = key_file.read_text().strip()
    assert len(key) >= 50 and oct(key_file.stat().st_mode)[-3:] == "600"
    subprocess.run(make, cwd=settings.BASE_DIR, capture_output=True)
    assert key_file.read_text().strip() == key  # kept, not replaced
    assert run_settings(DEBUG="0", SECRET_KEY=key).returncode == 0
