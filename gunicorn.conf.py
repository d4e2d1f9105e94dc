"""gunicorn settings for revops_site (`gunicorn -c gunicorn.conf.py revops_site.wsgi`).

Environment: PORT (8000), WEB_CONCURRENCY (worker processes, 2 per core by default),
GUNICORN_THREADS (threads per worker: set it to run threaded workers instead of the default
single-threaded ones), GUNICORN_TIMEOUT (30 s).
Workers are stateless: sessions live in the database; pages live in each process's memory (or
in Redis with REDIS_URL, shared), and the content generation that invalidates them lives in a
file every process of the machine reads (or in Redis), so an edit made in one worker (or by a
command) reaches the cached pages of every worker at once.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
if os.environ.get("GUNICORN_THREADS"):
    worker_class = "gthread"
    threads = int(os.environ["GUNICORN_THREADS"])
else:
    worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # a stuck worker is replaced
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for stdout
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
