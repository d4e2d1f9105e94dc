"""gunicorn settings for revops_site (`gunicorn -c gunicorn.conf.py revops_site.wsgi`).

Environment: PORT (8000), WEB_CONCURRENCY (2 workers per core, with REDIS_URL; without it,
one process with GUNICORN_THREADS threads), GUNICORN_TIMEOUT (30 s).
Workers are stateless: sessions, pages and invalidation live in the database and the cache.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
if os.environ.get("REDIS_URL"):
    # The cache (pages and their invalidation) is shared in Redis: any number of processes.
    workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
    worker_class = "sync"
else:
    # Without Redis the cache lives in one process's memory: one process, several threads,
    # so that an edit invalidates every cached page at once.
    workers = 1
    worker_class = "gthread"
    threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # a stuck worker is replaced
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for stdout
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
