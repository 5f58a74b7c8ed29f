# Continuum: `make run` and `make test` set everything up themselves on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bootstrap venv node assets chromium migrate reference demo lint format check pytest pytest-dates benchmark benchmark-load clean

run: bootstrap migrate reference demo ## set up, load reference and demo data, serve on 127.0.0.1:8000 with a task worker
	@$(MANAGE) demo_accounts
	@echo "Continuum is starting at http://$(HOST):$(PORT)/  (Ctrl+C stops the site and its worker)"
	@# The web server, the task worker (sends the outbox's emails) and the outbox sweep (picks up
	@# messages whose task was lost) run together; Ctrl+C, or any of them stopping, stops all three.
	@pids=""; \
	stop() { trap - INT TERM EXIT; [ -n "$$pids" ] && kill $$pids 2>/dev/null; wait $$pids 2>/dev/null; }; \
	trap 'stop; exit 0' INT TERM; trap stop EXIT; \
	$(MANAGE) db_worker --no-reload --interval 1 --verbosity 0 & pids="$$pids $$!"; \
	$(MANAGE) outbox_deliver --every 60 --verbosity 0 & pids="$$pids $$!"; \
	$(MANAGE) runserver $(HOST):$(PORT) & pids="$$pids $$!"; \
	wait -n; stop

test: bootstrap chromium lint check pytest pytest-dates ## set up, lint, migration check, every test, pinned dates

bootstrap: venv node assets

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Continuum needs Python 3.11 or newer.")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Continuum needs Node.js 20+ and npm to build its pages' styles."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: static/.built
static/.built: node_modules/.installed $(shell find static_src -type f 2>/dev/null)
	npm run --silent build
	touch $@

# Browser tests drive Debian's chromium package; install it when we can, or say how.
chromium:
	@if command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Chromium. Install it with: sudo apt-get install chromium"; exit 1; \
	fi

migrate: venv
	@mkdir -p var
	$(MANAGE) migrate --no-input

reference: venv ## the national agency directory and the tribal list, shipped in the package (idempotent)
	$(MANAGE) import_agencies

demo: venv ## one account per role and a demo set (development only; each step idempotent)
	$(MANAGE) seed_demo
	$(MANAGE) seed_demo_requests
	$(MANAGE) seed_demo_experts
	$(MANAGE) seed_demo_engagements
	$(MANAGE) seed_demo_reports

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The migration check reads the database's migration history too (in memory under SQLite); if it
# cannot, Django only warns and skips that part, so that warning fails the check here.
check: venv
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) \
		-W "error:Got an error checking a consistent migration history:RuntimeWarning" \
		manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check

pytest: venv assets
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The tests marked date_sensitive again, once under each of these moments (America/New_York):
# a Monday morning; a Friday afternoon; 00:30 on the Tuesday after Martin Luther King Jr. Day;
# just after clocks spring forward; late on the Sunday clocks fall back (already Monday in UTC);
# late on New Year's Eve, a Thursday (already next year in UTC). See conftest.py.
TEST_DATES ?= 2026-11-23T09:00 2026-11-20T16:00 2026-01-20T00:30 2026-03-08T03:30 \
	2026-11-01T23:30 2026-12-31T23:30
pytest-dates: venv assets
	$(VENV)/bin/pytest -q -m "date_sensitive and not browser" --dates "$(strip $(TEST_DATES))"

benchmark: bootstrap migrate benchmark-load ## measured on demand; results go in docs/performance.md
	$(PY) benchmarks/import_agencies.py
	$(PY) benchmarks/triage_queue.py

# The load benchmark: gunicorn and wrk on loopback, every page by role at 1x and 10x data, on SQLite
# and PostgreSQL (about half an hour on 2 cores). LOAD_ARGS="--database sqlite --scales 0.05" for a
# quick look. It needs Debian's wrk: installed here when we can, otherwise it says how.
LOAD_ARGS ?=
benchmark-load: bootstrap
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else echo "The load benchmark needs wrk. Install it with: sudo apt-get install wrk"; exit 1; fi; }
	$(PY) benchmarks/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) node_modules static var .pytest_cache .ruff_cache
