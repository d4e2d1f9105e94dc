# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
PIP_VERSION := 26.3
UV_VERSION := 0.13.9

.PHONY: lock run serve test test-postgres install install-dev migrate demo superuser lint format clean bench bench-http bench-load bench-import bench-images bench-migration bench-varnish bench-search

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip==$(PIP_VERSION)

# Installs come from the lock files, every package pinned with its hashes: the same versions on
# every machine and in CI. `make lock` updates them from pyproject.toml's ranges.
$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt | $(BIN)/activate
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

# Re-pin every package (runtime, then runtime + dev) within pyproject.toml's ranges, for every
# platform, with hashes. uv is only needed here, pinned too.
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --quiet --generate-hashes --universal --python-version 3.11
lock: | $(BIN)/activate
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(UV_COMPILE) --output-file requirements.txt
	$(UV_COMPILE) --extra dev --output-file requirements-dev.txt

install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

# Reloads the demo content on purpose (demo articles edited in the admin go back to their files).
demo: migrate
	$(PY) manage.py import_markdown content/

# Loads the demo content only into an empty database: an editor's work survives a restart.
run: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# DEBUG off needs a secret key of its own: `make serve` creates one once and keeps it there
# (gitignored), unless SECRET_KEY is already set.
SECRET_KEY_FILE ?= .secret_key
$(SECRET_KEY_FILE):
	umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
# Absolute links are written with SITE_URL when DEBUG is off: the address served, unless set.
SERVE_ENV = DEBUG=0 SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" \
	SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"

# Production-like on this machine: DEBUG off, static files collected and compressed, gunicorn.
serve: install $(SECRET_KEY_FILE)
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) SERVE_MEDIA=1 $(BIN)/gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT) revops_site.wsgi

# Asks in French: « Nom d'utilisateur », « Adresse e-mail », « Mot de passe » (twice).
superuser: migrate
	$(PY) manage.py superuser

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The suite runs on every core (pytest-xdist), each test file on one worker: the files that
# start servers or share a Redis database keep their order. TEST_WORKERS=0 runs it serially.
TEST_WORKERS ?= auto
PYTEST = $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PYTEST)

# The same suite on PostgreSQL (production's database); .ci/run calls it when one is reachable.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
test-postgres: install-dev
	DATABASE_URL=$(POSTGRES_URL) $(PYTEST) -p no:cacheprovider

# Benchmarks print figures; they are not tests.
bench-import: install
	$(PY) bench/import_bench.py

bench: install
	$(PY) bench/site_bench.py
	$(PY) bench/search_bench.py

# Search at 10,000 articles: SQLite, then PostgreSQL when it answers (BENCH_SEARCH_PG_URL,
# default postgres://postgres@127.0.0.1:5432/search_bench, emptied and rebuilt).
bench-search: install
	$(PY) bench/search_bench.py

# Served pages under load: a page-cache hit in both modes against a bare Django view.
bench-http: install
	$(PY) bench/http_bench.py

bench-load: install
	$(PY) bench/load_faults.py

bench-migration: install
	$(PY) bench/migration_bench.py

bench-images: install
	$(PY) bench/renditions_bench.py

# The article through Varnish (deploy/varnish.vcl) against nginx serving the same bytes; needs
# varnishd (apt-get install varnish varnish-modules), wrk, and nginx for the ratio.
bench-varnish: install
	$(PY) bench/varnish_bench.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media staticfiles
