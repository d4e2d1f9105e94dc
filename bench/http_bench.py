"""Served pages under load: a page-cache hit against a bare Django view returning the same bytes.

Starts three gunicorn servers on the demo content (SQLite, DEBUG off, `gunicorn.conf.py` as
`make serve` runs it): the bare view (the article's bytes through the project's whole
middleware, the ceiling), ours in the default mode (local-memory page cache, the generation in
a file) and ours with REDIS_URL (pages shared in Redis). Each round runs wrk on the three in
turn (the same article, the same bytes); the ratios are taken within a round, so a noisy
machine moves all three together. Target: each mode at 90 % or more of the bare view.

Before the servers, the CPU a hit costs in this process (the WSGI handler called directly, no
server, no network client): a figure that moves little with the machine's load, to compare
commits with; PROFILE=1 also prints where a hit's time goes (cProfile over the hits).

Run with `make bench-http` (needs wrk and Redis on 127.0.0.1:6379). Environment: ROUNDS (3),
SECONDS (10), CONNECTIONS (8), THREADS (1), BENCH_REDIS_URL, PROFILE.
"""

import cProfile
import io
import os
import pstats
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from site_bench import gunicorn, setup, wrk  # noqa: E402 (bench/ is on the path just above)

ARTICLE = "/blog/equipe-revops-cinq-roles/"


def wsgi_get(app, path):
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }  # fmt: skip
    seen = {}
    body = b"".join(app(environ, lambda status, headers, exc=None: seen.update(headers)))
    return seen.get("X-Cache"), body


def hit_cpu(path, caches_setting, hits=3000):
    """CPU microseconds per page-cache hit, the WSGI handler called in this process."""
    from django.core.cache import caches
    from django.core.wsgi import get_wsgi_application
    from django.test import override_settings

    with override_settings(PAGE_CACHE_SECONDS=3600, **caches_setting):
        caches["default"].clear()
        app = get_wsgi_application()
        wsgi_get(app, path)
        assert wsgi_get(app, path)[0] == "HIT", "the page is not served from the cache"
        profile = cProfile.Profile() if os.environ.get("PROFILE") else None
        started = time.process_time()
        if profile:
            profile.enable()
        for _ in range(hits):
            wsgi_get(app, path)
        if profile:
            profile.disable()
        spent = time.process_time() - started
        caches["default"].clear()
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)
    return spent / hits * 1e6


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    rounds = int(os.environ.get("ROUNDS", "3"))
    seconds = int(os.environ.get("SECONDS", "10"))
    connections = int(os.environ.get("CONNECTIONS", "8"))
    threads = int(os.environ.get("THREADS", "1"))
    tmp = Path(tempfile.mkdtemp(prefix="revops-http-bench-"))
    setup(tmp)
    from django.core.management import call_command
    from django.test import Client

    call_command("import_markdown", str(ROOT / "content"), verbosity=0, stdout=io.StringIO())
    body = Client().get(ARTICLE).content
    bare_file = tmp / "bare.html"
    bare_file.write_bytes(body)
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    redis_caches = {
        "CACHES": {
            "default": {
                "BACKEND": "revops_site.redis_cache.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": secrets.token_hex(4),
            }
        },
        "PAGE_CACHE_GENERATION_FILE": None,
    }
    local = {"PAGE_CACHE_GENERATION_FILE": str(tmp / "generation-in-process")}
    print("CPU per page-cache hit in this process (WSGI handler, no server):")
    print(f"  default (local memory) {hit_cpu(ARTICLE, local):6.0f} µs")
    print(f"  REDIS_URL              {hit_cpu(ARTICLE, redis_caches):6.0f} µs\n")
    common = {"PAGE_CACHE_SECONDS": "3600", "BENCH_BARE_FILE": str(bare_file)}
    servers = {
        "bare view (same bytes)": (8121, {**common}),
        "ours, default (local memory)": (
            8122,
            {**common, "PAGE_CACHE_GENERATION_FILE": str(tmp / "generation")},
        ),
        "ours, REDIS_URL": (
            8123,
            {**common, "REDIS_URL": redis_url, "CACHE_KEY_PREFIX": secrets.token_hex(4)},
        ),
    }
    processes, urls = [], {}
    try:
        for name, (port, env) in servers.items():
            processes.append(gunicorn(tmp, port, **env))
            path = "/bench/bare/" if name.startswith("bare") else ARTICLE
            urls[name] = f"http://127.0.0.1:{port}{path}"
            for _ in range(2 * os.cpu_count() + 2):  # every worker's cache filled
                urllib.request.urlopen(urls[name]).read()  # noqa: S310 (localhost)
        for name, url in urls.items():
            with urllib.request.urlopen(url) as r:  # noqa: S310 (localhost)
                same = r.read() == body
                print(f"{name:<30} X-Cache {r.headers.get('X-Cache', '-'):<5} same bytes: {same}")
        print(
            f"\n{len(body) / 1024:.1f} KiB article, wrk -t{threads} -c{connections} "
            f"-d{seconds}s, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f} at start"
        )
        table = {name: [] for name in urls}
        for n in range(1, rounds + 1):
            figures = {name: wrk(url, seconds, connections, threads) for name, url in urls.items()}
            bare = figures["bare view (same bytes)"]["rps"]
            line = "  ".join(
                f"{name.split(',')[-1].strip()}: {r['rps']:7.0f} req/s ({r['rps'] / bare:4.0%})"
                for name, r in figures.items()
            )
            print(f"round {n}: {line}", flush=True)
            for name, r in figures.items():
                table[name].append((r["rps"], r["rps"] / bare, r["non_2xx"]))
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    print(f"\nmedian of {rounds} rounds (ratio to the bare view of the same round):")
    for name, rows in table.items():
        rps = statistics.median(r for r, _, _ in rows)
        ratio = statistics.median(q for _, q, _ in rows)
        errors = sum(e for _, _, e in rows)
        print(f"  {name:<30} {rps:8.0f} req/s  {ratio:5.0%}  non-2xx {errors}")
    print(f"load {os.getloadavg()[0]:.2f} at the end (target: each mode at 90 % or more)")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
