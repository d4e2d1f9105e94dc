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
