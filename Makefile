# Continuum: `make run` and `make test` set everything up themselves on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bootstrap venv node assets chromium migrate reference demo lint format check pytest benchmark clean

run: bootstrap migrate reference demo ## set up, load reference and demo data, serve on 127.0.0.1:8000
	@$(MANAGE) demo_accounts
	@echo "Continuum is starting at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: bootstrap chromium lint check pytest ## set up, then lint, migration check and every test

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

demo: venv ## one account per role and a demo set (development only)
	$(MANAGE) seed_demo
	$(MANAGE) seed_demo_requests

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: venv
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check

pytest: venv assets
	$(VENV)/bin/pytest $(PYTEST_ARGS)

benchmark: bootstrap migrate ## measured on demand; results go in docs/performance.md
	$(PY) benchmarks/import_agencies.py
	$(PY) benchmarks/triage_queue.py

clean:
	rm -rf $(VENV) node_modules static var .pytest_cache .ruff_cache
