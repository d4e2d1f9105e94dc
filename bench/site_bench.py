"""Benchmark the reading side: cold render time and queries per page type at 10,000 articles,
then throughput under gunicorn (warm = page cache, cold = no cache) against a bare Django view
that returns the same bytes through the same middleware. Case-study, case-study list, series
and episode pages are measured cold too (target: 12 queries or fewer for a case study and an
episode), and a case-study page warm.

Targets on the 2-core development machine: warm article page at 70 % or more of the bare view;
cold article render under 10 ms median; list and tag pages under 20 ms cold.
Then the worst-case Markdown render: the slowest of the hostile shapes (bench/markdown_bench.py),
each at the largest size the limits accept; target under 1 s.
Run with `make bench` (needs Redis on 127.0.0.1:6379 and wrk, both on the development machine).
"""

import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import markdown_bench  # noqa: E402 (bench/ is on the path just above)


def configure(tmp, **environment):
    """The environment every bench runs Django in: a database and media of its own under
    `tmp` (or BENCH_DATABASE_URL), DEBUG off, then `environment`; Django set up."""
    os.environ.update(
        {
            "DATABASE_URL": os.environ.get(
                "BENCH_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}"
            ),
            "MEDIA_ROOT": str(tmp / "media"),
            "STATIC_ROOT": str(tmp / "static"),
            "DJANGO_SETTINGS_MODULE": "revops_site.settings",
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            **environment,
        }
    )
    import django

    django.setup()


def setup(tmp, **environment):
    configure(tmp, **{"PAGE_CACHE_SECONDS": "0", **environment})
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


def cold_renders(samples=40):
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from clients.models import CaseStudy, Scope
    from roles.models import Role
    from series.models import Series, SeriesEntry

    rng = random.Random(3)
    published = list(Article.objects.published().values_list("slug", flat=True)[:2000])
    roles = list(
        Role.objects.filter(article__slug__in=published[:500]).select_related("article")[:500]
    )
    case_studies = list(CaseStudy.objects.published().values_list("slug", flat=True))
    scopes = list(Scope.objects.values_list("slug", flat=True))
    courses = [s.get_absolute_url() for s in Series.objects.filter(kind=Series.Kind.COURSE)]
    episodes = [
        entry.article.get_absolute_url()
        for entry in SeriesEntry.objects.filter(series__kind=Series.Kind.PODCAST).select_related(
            "article"
        )
    ]
    pages = {
        "article": lambda: f"/blog/{rng.choice(published)}/",
        "role": lambda: rng.choice(roles).get_absolute_url(),
        "list": lambda: "/blog/",
        "list page 40": lambda: "/blog/?page=40",
        "tag": lambda: f"/blog/tag/tag-{rng.randrange(500)}/",
        "two tags": lambda: f"/blog/?tag=tag-{rng.randrange(500)}&tag=tag-{rng.randrange(500)}",
        "search": lambda: (
            f"/blog/recherche/?q={rng.choice(['pipeline', 'prévision', 'role', 'équipe vente'])}"
        ),
        "roles index": lambda: "/blog/roles/",
        "rss": lambda: "/blog/flux/rss/",
        # Issue 21: case studies (200) and series (a podcast of 21, 20 « parcours »).
        "case study": lambda: f"/clients/{rng.choice(case_studies)}/",
        "clients": lambda: "/clients/",
        "clients, scope": lambda: f"/clients/?perimetre={rng.choice(scopes)}",
        "series index": lambda: "/series/",
        "podcast series": lambda: "/series/revenue-echoes/",
        "parcours": lambda: rng.choice(courses),
        "episode": lambda: rng.choice(episodes),
    }
    client = Client()
    results = {}
    for name, url in pages.items():
        client.get(url())  # warm Python's own caches (templates, URL resolver)
        times = []
        for _ in range(samples if name not in ("roles index",) else 5):
            target = url()
            started = time.perf_counter()
            response = client.get(target)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (target, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url())
        for cache in caches.all():  # nothing cached: no shared fragment either
            cache.clear()
        with CaptureQueriesContext(connection) as nothing_cached:
            client.get(url())
        results[name] = (statistics.median(times), len(queries), len(nothing_cached))
    return results


def wait_for(url, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 (localhost)
            return
        except Exception:  # noqa: BLE001
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer at {url}")


def gunicorn(tmp, port, **env):
    environment = {**os.environ, **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}", "revops_site.wsgi"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=open(tmp / f"g{port}.log", "w"),
    )  # fmt: skip
    wait_for(f"http://127.0.0.1:{port}/healthz")
    return process


def wrk(url, seconds=10, connections=64, threads=2):
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "p99": p99,
        "non_2xx": non_2xx,
        "socket_errors": errors.group(1) if errors else "none",
    }


def utm_traffic(base, redis_url, count=300):
    """Readers arriving from campaigns: one page under `count` distinct `utm_source` values.
    Returns (hits, page keys the cache gained)."""
    import redis

    store = redis.Redis.from_url(redis_url)

    def page_keys():
        return sum(1 for _ in store.scan_iter(match="*page-cache:page:*", count=1000))

    before = page_keys()
    hits = 0
    run = secrets.token_hex(4)  # values of this run only: a page a previous run cached is no hit
    for n in range(count):
        url = f"{base}?utm_source=campagne-{run}-{n}&utm_medium=email"
        with urllib.request.urlopen(url) as r:  # noqa: S310 (localhost)
            hits += r.headers.get("X-Cache") == "HIT"
    return hits, page_keys() - before


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    tmp = Path(tempfile.mkdtemp(prefix="revops-bench-"))
    setup(tmp)
    from bigdb import build

    started = time.perf_counter()
    sizes = build()
    print(f"database: {sizes} built in {time.perf_counter() - started:.1f} s "
          f"({os.environ['DATABASE_URL'].split(':')[0]})")  # fmt: skip
    print(
        "\ncold render (no page cache), median of 40 requests, and queries per page (shared "
        "fragments cached / nothing cached):"
    )
    renders = cold_renders()
    for name, (ms, queries, uncached) in renders.items():
        print(f"  {name:<16} {ms:6.1f} ms  {queries:2d} / {uncached:2d} queries")
    print(
        f"case-study page {renders['case study'][2]} queries, episode page "
        f"{renders['episode'][2]} queries with nothing cached (target: 12 or fewer each)"
    )
    markdown = markdown_bench.measure()
    worst = max(markdown, key=lambda name: markdown[name][1])
    chars, seconds = markdown[worst]
    print(f"\nworst-case Markdown render: {seconds:.2f} s ({worst}, {chars} characters; "
          f"{len(markdown)} hostile shapes at the largest size accepted; target under 1 s)")  # fmt: skip

    from django.test import Client

    article = "/blog/article-1/"
    case_study = "/clients/client-1/"
    body = Client().get(article).content
    (tmp / "bare.html").write_bytes(body)
    print(f"\narticle page: {len(body) / 1024:.1f} KiB")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    warm_port, cold_port = (int(p) for p in os.environ.get("BENCH_PORTS", "8101,8102").split(","))
    warm = gunicorn(
        tmp,
        warm_port,
        PAGE_CACHE_SECONDS="3600",
        REDIS_URL=redis_url,
        BENCH_BARE_FILE=str(tmp / "bare.html"),
    )
    cold = gunicorn(tmp, cold_port, PAGE_CACHE_SECONDS="0", REDIS_URL=redis_url)
    warm_url, cold_url = f"http://127.0.0.1:{warm_port}", f"http://127.0.0.1:{cold_port}"
    try:
        urllib.request.urlopen(f"{warm_url}{article}")  # noqa: S310 (fill the cache)
        urllib.request.urlopen(f"{warm_url}{case_study}")  # noqa: S310
        results = {
            "bare view (same bytes)": wrk(f"{warm_url}/bench/bare/"),
            "article, warm (page cache)": wrk(f"{warm_url}{article}"),
            "article, cold (no cache)": wrk(f"{cold_url}{article}"),
            "list, warm": wrk(f"{warm_url}/blog/"),
            "case study, warm": wrk(f"{warm_url}{case_study}"),
        }
        utm_hits, utm_keys = utm_traffic(f"{warm_url}/blog/article-2/", redis_url)
    finally:
        for process in (warm, cold):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    print("\nthroughput under gunicorn (wrk, 64 connections, 10 s, client on the same 2 cores):")
    for name, r in results.items():
        print(f"  {name:<28} {r['rps']:8.0f} req/s  p99 {r['p99']:>8}  non-2xx {r['non_2xx']}")
    ratio = results["article, warm (page cache)"]["rps"] / results["bare view (same bytes)"]["rps"]
    print(f"\nwarm article / bare view: {ratio:.0%} (target: 70 % or more)")
    print(
        f"campaign traffic (300 requests, each its own utm_source): {utm_hits}/300 hits, "
        f"{utm_keys} page key(s) added to the cache (target: 299 hits, 1 key)"
    )
    (tmp / "results.json").write_text(json.dumps(results))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
