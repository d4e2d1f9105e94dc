"""The page cache without Redis, across processes: a command's change reaches a running server.

A real server process (runserver, one process, local-memory cache, as `make run`) and separate
command processes (import_markdown, shell) share only the database and the content-generation
file, as on an operator's machine.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

ARTICLE = """---
title: {title}
slug: {slug}
date: 2025-03-0{day}
status: published
tags: [ops]
---
Un paragraphe de l'article {slug}.
"""


def write_content(root, titles, label="L'Ops"):
    for day, (slug, title) in enumerate(titles.items(), start=1):
        folder = root / slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(ARTICLE.format(title=title, slug=slug, day=day))
    (root / "tags.yml").write_text(f'ops: "{label}"\n')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def site(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PAGE_CACHE_SECONDS": "3600",
        "PAGE_CACHE_GENERATION_FILE": str(tmp_path / "page-generation"),
        "DEBUG": "1",
    }
    env.pop("REDIS_URL", None)

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout

    content = tmp_path / "contenu"
    write_content(content, {"premier": "Premier article", "second": "Second article"})
    manage("migrate", "-v0")
    manage("import_markdown", str(content))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 (our own server)
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield base, manage, content
    finally:
        server.terminate()
        server.wait(timeout=10)


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own server)
        return response.headers.get("X-Cache"), response.read().decode()


def test_a_shell_change_reaches_the_running_servers_cached_list(site):
    """An article set to draft from `manage.py shell` leaves the list at once, not in an hour."""
    base, manage, _ = site
    get(f"{base}/blog/")
    state, html = get(f"{base}/blog/")
    assert state == "HIT" and "Premier article" in html
    manage(
        "shell",
        "-c",
        "from articles.models import Article\n"
        "a = Article.objects.get(slug='premier'); a.status = 'draft'; a.save()",
    )
    state, html = get(f"{base}/blog/")
    assert state == "MISS" and "Premier article" not in html and "Second article" in html


def test_an_import_reaches_the_running_servers_cached_pages(site):
    """Titles and tag labels changed by `import_markdown` show at once on cached pages."""
    base, manage, content = site
    for url in (f"{base}/blog/", f"{base}/blog/second/"):
        get(url)
        assert get(url)[0] == "HIT"
    write_content(
        content, {"premier": "Premier article", "second": "Second, réécrit"}, label="Les Ops"
    )
    manage("import_markdown", str(content))
    state, html = get(f"{base}/blog/")
    assert state == "MISS" and "Second, réécrit" in html and "Les Ops" in html
    assert "Second, réécrit" in get(f"{base}/blog/second/")[1]


@pytest.mark.django_db(transaction=True)
def test_a_tag_label_changed_by_an_import_is_not_kept_by_the_cache(settings, tmp_path):
    """Only tags.yml changes: the import still moves the page cache on (same process)."""
    settings.PAGE_CACHE_SECONDS = 3600
    content = tmp_path / "contenu"
    write_content(content, {"premier": "Premier article"})
    call_command("import_markdown", str(content), verbosity=0)
    client = Client()
    client.get("/blog/")
    assert client.get("/blog/")["X-Cache"] == "HIT"
    write_content(content, {"premier": "Premier article"}, label="Les Ops")
    call_command("import_markdown", str(content), verbosity=0)
    response = client.get("/blog/")
    assert response["X-Cache"] == "MISS" and "Les Ops" in response.content.decode()
