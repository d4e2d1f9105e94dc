"""SQLite under concurrent writers: admin saves from several real processes never fail."""

import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.db import connections

pytestmark = pytest.mark.skipif(
    connections["default"].vendor != "sqlite", reason="SQLite's locking only"
)

WRITER = textwrap.dedent(
    """
    import os, sys
    os.environ["DJANGO_SETTINGS_MODULE"] = "revops_site.settings"
    import django
    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from articles.models import Article

    worker = int(sys.argv[1])
    client = Client()
    client.force_login(User.objects.get(username="redaction"))
    for n in range(int(sys.argv[2])):
        slug = f"w{worker}-{n}"
        response = client.post("/admin/articles/article/add/", {
            "title": f"Article {worker}-{n}", "slug": slug, "status": "draft",
            "published_at_0": "17/11/2025", "published_at_1": "09:00:00",
            "body": "## Texte\\n\\nUn paragraphe.", "front_matter_extra": "{}",
            "roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "0", "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000", "roles-0-order": "1", "roles-0-title": "Coach",
            "roles-0-slug": "coach", "roles-0-intro": "Intro.",
        })
        assert response.status_code == 302, response.content[:500]
        article = Article.objects.get(slug=slug)
        article.body += "\\n\\nModifié."
        article.save()
    print("ok")
    """
)


def test_concurrent_admin_saves_from_several_processes(tmp_path, django_db_blocker):
    database = tmp_path / "concurrent.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "MEDIA_ROOT": str(tmp_path / "m"),
           "PAGE_CACHE_SECONDS": "0", "PYTHONPATH": str(settings.BASE_DIR)}  # fmt: skip
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert run("manage.py", "migrate", "-v0").returncode == 0
    setup = "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='revops_site.settings';django.setup();from django.contrib.auth.models import User;User.objects.create_superuser('redaction','r@example.com','x-long-pass-42')"
    assert run("-c", setup).returncode == 0
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    processes = [
        subprocess.Popen(
            [sys.executable, str(script), str(w), "15"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for w in range(4)
    ]
    outputs = [p.communicate(timeout=300) for p in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0 and "database is locked" not in err, err[-2000:]
        assert out.strip() == "ok"
    count = run(
        "-c",
        "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='revops_site.settings';django.setup();from articles.models import Article;print(Article.objects.count())",
    )
    assert count.stdout.strip() == "60"
