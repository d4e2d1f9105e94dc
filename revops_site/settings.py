"""Settings for revops_site: one module, driven by environment variables.

Development defaults are safe to run on a laptop (SQLite in WAL mode, DEBUG on, local hosts
only). `DJANGO_ENV=production` turns DEBUG off; with DEBUG off a real SECRET_KEY is required.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from articles.embeds import FRAME_ORIGINS, HUBSPOT_SHARE_HOSTS

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


ENVIRONMENT = os.environ.get("DJANGO_ENV", "development").lower()
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)

# Development only (DEBUG on): a fixed key so sessions survive restarts. It is public, so
# anything it signs (sessions, shared preview links) can be forged: refused with DEBUG off.
DEV_SECRET_KEY = "dev-insecure-revops-site-key-do-not-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
WEAK_SECRET_KEY = (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure")
    or SECRET_KEY == DEV_SECRET_KEY
)
if PRODUCTION and WEAK_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in production to a strong random value of 50 characters or "
        "more (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
if not DEBUG and WEAK_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off: without it the public development key would "
        "sign sessions and shared preview links. Set the SECRET_KEY environment variable to a "
        'strong random value of 50 characters or more (for example: export SECRET_KEY="$(python '
        "-c 'import secrets; print(secrets.token_urlsafe(50))')\"); `make serve` creates and "
        "keeps one in .secret_key."
    )
if not SECRET_KEY:
    SECRET_KEY = DEV_SECRET_KEY

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the site's host names in production (comma-separated)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the widgets' own templates, for FORM_RENDERER below
    "django.contrib.sitemaps",
    "taggit",
    "markdownx",
    "simple_history",
    "axes",
    "articles",
    "roles",
    "clients",
    "series",
    "publishing",
]

MIDDLEWARE = [
    # A database locked past the busy timeout (SQLite) is a French « réessayez » page (503).
    "revops_site.busy.DatabaseBusyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag/Last-Modified → 304 on misses (the page cache answers them itself on hits).
    "django.middleware.http.ConditionalGetMiddleware",
    # Absolute links follow the request's address in development (revops_site.site_url).
    "revops_site.site_url.SiteURLMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "revops_site.middleware.SiteCSPMiddleware",
    # An address holding a control character is the 404 page (with the headers above) before
    # any view, redirect lookup or history middleware reads it.
    "revops_site.middleware.UnreadablePathMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "articles.redirects.RedirectFallbackMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "revops_site.urls"
# Widgets render with the project's templates too: templates/admin/widgets/ overrides Django's
# (the related-object links say « Modifier l’auteur sélectionné », articles.admin_french).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "revops_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

# SQLite by default, tuned for concurrent writers: WAL journal, IMMEDIATE transactions so a
# writer takes the lock up front instead of failing mid-transaction, and a busy timeout (past
# it, the request gets the « réessayez » page, revops_site.busy).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif env_bool("DATABASE_POOL", False):
    # psycopg 3's connection pool (Django 5.1+) instead of persistent connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", "2")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default (each process its own pages, the generation that invalidates
# them in a file all of them read); Redis when REDIS_URL is set, so that every app server
# shares the pages and the generation.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "revops_site.redis_cache.RedisCache",  # one client reused, not one per call
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "revops"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_ALIAS = "default"
# Without a shared cache, the content generation that invalidates cached pages lives in a file
# every process of the machine reads (a command's change reaches the server's pages).
PAGE_CACHE_GENERATION_FILE = (
    None
    if REDIS_URL
    else os.environ.get("PAGE_CACHE_GENERATION_FILE", str(BASE_DIR / "var" / "page-generation"))
)
# Longest time a page stays cached (0 turns the page cache off); invalidation is exact anyway.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
# The project's own French for the admin's messages (locale/fr), before Django's.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Security -------------------------------------------------------------------------------
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    # Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy on every response: no inline script or style on public pages.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],  # media storage and image CDNs
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        # The players and forms a reader loads with a click (articles.embeds), nothing else.
        "frame-src": list(FRAME_ORIGINS),
    }
}

# HubSpot forms (`{% hubspotForm formId="…" /%}` in an article): the account's number (« Hub
# ID ») and its data centre (na1, or eu1 for an account hosted in Europe). Without a number the
# article says the form is unavailable.
# The call to action under articles and role pages (« Parler à un expert »): off without a URL.
CTA_URL = os.environ.get("CTA_URL", "").strip()
CTA_TEXT = " ".join(os.environ.get("CTA_TEXT", "").split()) or "Parler à un expert"
if CTA_URL and not CTA_URL.startswith(("https://", "http://", "/", "mailto:")):
    raise ImproperlyConfigured(
        f"CTA_URL must be an address (https://…, a path starting with / or mailto:…), not "
        f"{CTA_URL!r}."
    )
if len(CTA_TEXT) > 80:
    raise ImproperlyConfigured("CTA_TEXT is a button's text: 80 characters at most.")
# The case studies' call to action (« Discutons de votre projet »): CTA_URL unless set apart.
CLIENTS_CTA_URL = os.environ.get("CLIENTS_CTA_URL", "").strip() or CTA_URL
CLIENTS_CTA_TEXT = " ".join(os.environ.get("CLIENTS_CTA_TEXT", "").split()) or (
    "Discutons de votre projet"
)
if CLIENTS_CTA_URL and not CLIENTS_CTA_URL.startswith(("https://", "http://", "/", "mailto:")):
    raise ImproperlyConfigured(
        f"CLIENTS_CTA_URL must be an address (https://…, a path starting with / or mailto:…), "
        f"not {CLIENTS_CTA_URL!r}."
    )
HUBSPOT_PORTAL_ID = os.environ.get("HUBSPOT_PORTAL_ID", "").strip()
HUBSPOT_REGION = os.environ.get("HUBSPOT_REGION", "na1").strip().lower() or "na1"
if HUBSPOT_PORTAL_ID and not HUBSPOT_PORTAL_ID.isdigit():
    raise ImproperlyConfigured("HUBSPOT_PORTAL_ID is the HubSpot account's number (digits only).")
if HUBSPOT_REGION not in HUBSPOT_SHARE_HOSTS:
    raise ImproperlyConfigured(f"HUBSPOT_REGION must be one of {', '.join(HUBSPOT_SHARE_HOSTS)}.")

# Admin login throttling (django-axes): 5 failures for one account from one client address
# lock that pair for an hour; the same account from another address still logs in. Behind
# reverse proxies the client address comes from X-Forwarded-For: TRUSTED_PROXY_COUNT is the
# number of proxies in front of the app (1 for the documented nginx; 0 = no proxy, the
# connection's address is used and the header ignored, as it could be forged).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "revops_site.client_ip.client_ip"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "revops_site.login.axes_username"  # cut to what axes' column holds
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_RESET_ON_SUCCESS = True
# Its admin pages are registered by articles.admin.sign_in (one action takes a permission).
AXES_ENABLE_ADMIN = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Fingerprinted and compressed (gzip, brotli) whenever DEBUG is off: WhiteNoise then
        # serves them with far-future, immutable caching.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Media on S3-compatible object storage when a bucket is configured (AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY are read by boto3 from the environment); local disk otherwise. Each
# object's Content-Type comes from its name: the image pipeline stores re-encoded bytes (never
# an upload with the type its browser gave) named by their real format (`images/<id>.png`,
# renditions), so no object is served as text/html (tests/test_import_hardening.py).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
        },
    }
# Uploads on the admin's import page wait here, out of public media, until the editor confirms
# or cancels them; unconfirmed ones are deleted after PENDING_IMPORT_MAX_AGE seconds. With
# several app servers, a folder they share.
PENDING_IMPORT_DIR = Path(os.environ.get("PENDING_IMPORT_DIR", BASE_DIR / "var" / "imports"))
PENDING_IMPORT_MAX_AGE = int(os.environ.get("PENDING_IMPORT_MAX_AGE", "3600"))
# An import (not its dry run) commits every IMPORT_BATCH_SECONDS, then pauses IMPORT_BATCH_PAUSE
# seconds: SQLite lets one writer in at a time, and editors saving during a long import would
# otherwise wait for its end (now 2 s at most; the pauses cost a long import about 7 %). A
# failed run is undone as a whole all the same (publishing.batches). 0: one transaction,
# PostgreSQL's default (its row locks leave editors of other articles free).
IMPORT_BATCH_SECONDS = float(
    os.environ.get(
        "IMPORT_BATCH_SECONDS", "2" if DATABASES["default"]["ENGINE"].endswith("sqlite3") else "0"
    )
)
IMPORT_BATCH_PAUSE = float(os.environ.get("IMPORT_BATCH_PAUSE", "0.15"))
# Serve uploaded media from Django (development and `make serve`); production uses the web
# server or object storage instead.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

# The one Markdown pipeline also drives the admin's live preview.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.editor.markdownify"
MARKDOWNX_URLS_PATH = "/admin-markdown/apercu/"
MARKDOWNX_UPLOAD_URLS_PATH = "/admin-markdown/image/"
MARKDOWNX_SERVER_CALL_LATENCY = 400

TAGGIT_CASE_INSENSITIVE = True

SITE_NAME = os.environ.get("SITE_NAME", "RevOps Conseil")
# The public address. Required in production (deploy check revops_site.E001); in development
# absolute links follow the address asked (revops_site.site_url), this is only their fallback.
SITE_URL_SET = bool(os.environ.get("SITE_URL", "").strip())
SITE_URL = (os.environ.get("SITE_URL", "").strip() or "http://127.0.0.1:8000").rstrip("/")
# How long a preview link shared with a reviewer stays valid (seconds; default 7 days).
PREVIEW_LINK_MAX_AGE = int(os.environ.get("PREVIEW_LINK_MAX_AGE", str(7 * 24 * 3600)))
ARTICLES_PER_PAGE = int(os.environ.get("ARTICLES_PER_PAGE", "12"))
IMAGE_UPLOAD_MAX_BYTES = int(os.environ.get("IMAGE_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
# Width × height × frames: checked from the header, before anything is decompressed.
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", str(40_000_000)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "revops_site.logging.JSONFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env_bool("LOG_JSON", PRODUCTION) else None,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # One line per request error (the 5xx with its traceback inside the JSON line).
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Links to these addresses of the original site become local links on import when the article
# exists here (`/blog/<slug>/`); `manage.py check_links` reports the others.
LEGACY_BLOG_URLS = env_list("LEGACY_BLOG_URLS", ["https://www.ocobo.co/blog/"])

# Requests Django refuses (too many parameters, too big a body) answered with the French 400
# page in every mode, before anything reads them (with DEBUG on, Django's page ended in a 500).
# Then the page cache: an anonymous reader's cached page is answered before everything that
# only a miss needs (sessions, authentication, CSRF, messages, templates), with the headers the
# whole stack gave the miss that stored it (articles.cache.PageCacheMiddleware).
MIDDLEWARE = [
    "revops_site.middleware.BadRequestMiddleware",
    "articles.cache.PageCacheMiddleware",
    *MIDDLEWARE,
]
