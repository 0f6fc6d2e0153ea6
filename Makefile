# Two commands on a fresh machine: `make run` (demo on SQLite) and `make test` (whole suite).
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
APPS := comptes famille eleves facturation reinscription importation bac_a_sable

.PHONY: run test venv system-deps lint format migrations-check messages demo bench bench-petit

venv: $(VENV)/.synced

$(VENV)/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv \
	  || $(PYTHON) -m pip install --quiet --user --break-system-packages uv
	$(UV) sync --frozen --python 3.11
	@touch $@

# Libraries WeasyPrint and python-magic load, Debian's Chromium for browser tests, and
# redis-server for the several-machines test (tests/reinscription/test_plusieurs_machines.py).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	ldconfig -p | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p | grep -q libmagic.so || missing="$$missing libmagic1"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing system packages:$$missing (run as root or install them with apt-get)"; exit 1; \
	  fi; \
	fi

# The web server and, beside it, the task worker that sends the outbox's e-mails; both
# stop together (Ctrl-C, or either one ending).
# The e-mails' links (PORTAIL_URL) point at the port served, unless given.
RUN_ENV = DEBUG=1 PORTAIL_URL=$${PORTAIL_URL:-http://127.0.0.1:$(PORT)}

run: venv
	$(RUN_ENV) $(MANAGE) migrate --no-input -v0
	$(RUN_ENV) $(MANAGE) demo
	@echo ""
	@echo "Portal: http://127.0.0.1:$(PORT)/   Administration: http://127.0.0.1:$(PORT)/admin/"
	@$(RUN_ENV) $(MANAGE) db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(RUN_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

demo: venv
	DEBUG=1 $(MANAGE) demo

# On PostgreSQL when DATABASE_URL is set, else SQLite. On every core (pytest-xdist, up to
# four workers, one test file per worker: a file's expensive fixtures are built once, each
# worker has its own test database); PYTEST_PARALLEL= runs in one process.
PYTEST_PARALLEL ?= -n auto --maxprocesses 4 --dist loadfile
test: venv system-deps
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: venv
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

# Regenerate the catalogues (needs gettext), then compile them.
messages: venv
	DEBUG=1 $(PY) -m django makemessages --settings=imuse.settings -l fr -l en --no-obsolete \
	  $(foreach app,$(APPS),--ignore=$(app)/*) --ignore=.venv/* --ignore=tests/*
	for app in $(APPS); do (cd $$app && DEBUG=1 PYTHONPATH=$(CURDIR) $(CURDIR)/$(PY) -m django makemessages \
	  --settings=imuse.settings -l fr -l en --no-obsolete); done
	DEBUG=1 $(MANAGE) compilemessages --ignore=.venv

# The benchmark (docs/performance.md), on PostgreSQL, not part of the tests: 100,000
# families generated once in imuse_bench, then every measure; writes bench/RESULTATS.md.
bench: venv
	PYTHONUNBUFFERED=1 $(PY) bench/lancer.py $(BENCH_ARGS)

bench-petit: venv
	PYTHONUNBUFFERED=1 $(PY) bench/lancer.py --petit $(BENCH_ARGS)
