"""Load and faults: wrk at 64 connections for 30 s against the article and list pages under
gunicorn (page cache on Redis); the same while an editor saves articles in a loop; and with a
gunicorn worker killed in the middle. Prints non-2xx responses, socket errors and p99 latency.

Run with `make bench-load` (needs Redis on 127.0.0.1:6379 and wrk).
"""

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from site_bench import gunicorn, setup, wrk  # noqa: E402

EDITOR = textwrap.dedent(
    """
    import os, time, django
    django.setup()
    from articles.models import Article
    saves = 0
    deadline = time.time() + float(os.environ["EDITOR_SECONDS"])
    while time.time() < deadline:
        article = Article.objects.get(slug=f"article-{saves % 50 + 1}")
        article.body += "\\n\\nUne phrase de plus."
        article.save()
        saves += 1
        time.sleep(0.1)
    print(saves)
    """
)


def report(name, result):
    print(
        f"  {name:<44} {result['rps']:7.0f} req/s  p99 {result['p99']:>8}  "
        f"non-2xx {result['non_2xx']}  socket errors: {result['socket_errors']}"
    )


def main():
    tmp = Path(tempfile.mkdtemp(prefix="revops-load-"))
    setup(tmp)
    from bigdb import build

    build()
    env = {
        "PAGE_CACHE_SECONDS": "3600",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
    }
    server = gunicorn(tmp, 8201, **env)
    base = "http://127.0.0.1:8201"
    try:
        print("wrk, 64 connections, 30 s each (client and server share the 2 cores):")
        report("article page", wrk(f"{base}/blog/article-1/", seconds=30))
        report("list page", wrk(f"{base}/blog/", seconds=30))

        script = tmp / "editor.py"
        script.write_text(EDITOR)
        editor = subprocess.Popen(
            [sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
            env={**os.environ, **env, "EDITOR_SECONDS": "30", "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        result = wrk(f"{base}/blog/article-1/", seconds=30)
        saves = editor.communicate(timeout=60)[0].strip()
        report(f"article page while an editor saves ({saves} saves)", result)

        killed = []

        def kill_a_worker():  # chosen at that moment: workers are recycled (max_requests)
            workers = subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
            )
            victim = int(workers.stdout.split()[0])
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

        killer = threading.Timer(10, kill_a_worker)
        killer.start()
        result = wrk(f"{base}/blog/article-1/", seconds=30)
        killer.join()
        report(f"article page, worker {killed[0]} killed (SIGKILL) at 10 s", result)
        print("  (a killed worker can only fail the requests it was serving: at most its open "
              "connections)")  # fmt: skip
        health = subprocess.run(["curl", "-s", f"{base}/healthz"], capture_output=True, text=True)
        print(f"  after the kill, /healthz says: {health.stdout}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        time.sleep(0.5)


if __name__ == "__main__":
    main()
