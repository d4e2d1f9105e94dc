"""Benchmark search at 10,000 articles (bench/bigdb.py): the search page, rendered without the
page cache, median milliseconds per query, on SQLite and, when it answers, PostgreSQL.

Target on the 2-core development machine: under 20 ms median on both.

    python bench/search_bench.py                      # SQLite, then PostgreSQL if reachable
    BENCH_DATABASE_URL=postgres://… python bench/search_bench.py --one   # that database only

Each database runs in its own process (the settings read `DATABASE_URL` once). The PostgreSQL
database (`BENCH_SEARCH_PG_URL`, default postgres://postgres@127.0.0.1:5432/search_bench) is
emptied and rebuilt.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import site_bench  # noqa: E402 (bench/ is on the path just above)

PG_URL = os.environ.get("BENCH_SEARCH_PG_URL", "postgres://postgres@127.0.0.1:5432/search_bench")
# Words every article holds (bigdb's vocabulary), a pair, a title number, a word no text has.
QUERIES = ("pipeline", "prévision", "role", "équipe vente", "article 4217", "introuvable")
SAMPLES = 30


def setup(tmp, url):
    os.environ.pop("REDIS_URL", None)
    site_bench.configure(tmp, DATABASE_URL=url, PAGE_CACHE_SECONDS="0")
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a fresh database, whatever a past run left
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


class SqlTime:
    """The time the database took for the statements run inside (an execute wrapper)."""

    def __init__(self):
        self.ms = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - started) * 1000


def measure():
    """{query: (page ms, its SQL ms, this process's CPU ms, articles on page 1)}, medians, for
    the search page (its count and tag counts are shared fragments: computed by the warming
    request). CPU time is this process's: with SQLite it holds the database's work too, and
    says what a request costs whatever else the machine runs."""
    from django.db import connection
    from django.test import Client

    client = Client()
    results = {}
    for query in QUERIES:
        client.get("/blog/recherche/", {"q": query})  # warm templates, fragments, the planner
        pages, sql, cpu = [], [], []
        for _ in range(SAMPLES):
            timer = SqlTime()
            started, process = time.perf_counter(), time.process_time()
            with connection.execute_wrapper(timer):
                response = client.get("/blog/recherche/", {"q": query})
            pages.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - process) * 1000)
            sql.append(timer.ms)
            assert response.status_code == 200, (query, response.status_code)
        found = response.content.decode().count('class="card__title"')
        results[query] = (
            statistics.median(pages),
            statistics.median(sql),
            statistics.median(cpu),
            found,
        )
    return results


def run_one(url):
    tmp = Path(tempfile.mkdtemp(prefix="revops-search-bench-"))
    setup(tmp, url)
    from bigdb import build
    from django.db import connection

    started = time.perf_counter()
    sizes = build()
    print(f"{connection.vendor}: {sizes['articles']} articles, {sizes['roles']} roles, built in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    results = measure()
    print(f"  search page, median of {SAMPLES} requests (no page cache): wall, SQL, CPU")
    for query, (ms, sql, cpu, found) in results.items():
        print(f"  « {query} »{'':<{14 - len(query)}} {ms:6.1f} ms  SQL {sql:5.1f} ms  "
              f"CPU {cpu:5.1f} ms  ({found} cards on page 1)")  # fmt: skip
    page, sql, cpu = (statistics.median(r[i] for r in results.values()) for i in range(3))
    print(f"  median over the queries: page {page:.1f} ms, SQL {sql:.1f} ms, CPU {cpu:.1f} ms "
          "(target under 20 ms)")  # fmt: skip
    load = os.getloadavg()[0]
    print(f"  machine: {os.cpu_count()} cores, load average {load:.1f} at the end of the run")


def pg_reachable():
    try:
        import psycopg
    except ImportError:
        return False
    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    name = PG_URL.rsplit("/", 1)[1]
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        return False
    return True


def main():
    if "--one" in sys.argv:
        run_one(os.environ["BENCH_DATABASE_URL"])
        return
    with tempfile.TemporaryDirectory() as tmp:
        targets = [f"sqlite:///{Path(tmp) / 'search.sqlite3'}"]
        if pg_reachable():
            targets.append(PG_URL)
        else:
            print(f"PostgreSQL not reachable at {PG_URL}: SQLite only")
        for url in targets:
            env = {**os.environ, "BENCH_DATABASE_URL": url}
            subprocess.run([sys.executable, __file__, "--one"], env=env, check=True)


if __name__ == "__main__":
    main()
