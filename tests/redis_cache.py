"""The page cache in a real Redis, for the tests that need one."""

import pytest
import redis
from django.core.cache import caches


def use_redis(settings, db, prefix):
    """The cache in Redis database `db`, under `prefix`, through the project's backend as
    REDIS_URL sets it (the generation lives there too), emptied; the test is skipped when no
    Redis answers. Each test file takes a database of its own (files run in parallel)."""
    url = f"redis://127.0.0.1:6379/{db}"
    store = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        store.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis not reachable at {url}")
    settings.CACHES = {
        "default": {
            "BACKEND": "revops_site.redis_cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    settings.PAGE_CACHE_GENERATION_FILE = None
    caches["default"].clear()
    return store
