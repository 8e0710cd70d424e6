# Quick start: `make run` serves the site with the real data; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# Dependencies are installed exactly as uv.lock says, by uv: the one on PATH, or
# this version from PyPI into .tools/ when there is none.
UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)
# Never download a Python: use the one found below.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

# The first Python 3.12+ found: pyenv's, then the usual names.
FIND_PYTHON := for p in $${PYTHON:-} python3.13 python3.12 python3 python \
	$$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
	  [ -n "$$p" ] && command -v "$$p" >/dev/null 2>&1 && \
	  "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && \
	  { command -v "$$p"; exit 0; }; \
	done; exit 1
BASE_PYTHON := $(shell $(FIND_PYTHON))
NEED_PYTHON = @[ -n "$(BASE_PYTHON)" ] || { echo "error: Python 3.12 or newer is required and none was found (set PYTHON=/path/to/python3.12)."; exit 1; }

.PHONY: help run test lint lock check clean

help:
	@echo "make run   - set up, load the station data once and serve http://127.0.0.1:$(PORT)"
	@echo "             (with the background worker that makes image renditions)"
	@echo "make test  - run the whole test suite (browser tests need Chromium)"
	@echo "make lint  - ruff, manage.py check, makemigrations --check, uv.lock up to date"
	@echo "make lock  - update uv.lock after editing pyproject.toml (UPGRADE=name: upgrade one package)"

.tools/bin/uv:
	$(NEED_PYTHON)
	"$(BASE_PYTHON)" -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# --locked: stop, rather than install something else, when uv.lock and pyproject.toml disagree.
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(NEED_PYTHON)
	$(UV) sync --locked --quiet --python "$(BASE_PYTHON)"
	@touch $@

# The background worker (image renditions) runs beside the server and stops with it: the
# trap ends it when runserver exits, by Ctrl+C or otherwise.
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_initial_data
	$(PY) manage.py create_local_staff
	$(PY) manage.py db_worker --no-startup-delay --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(UV) lock --check --quiet --python "$(BASE_PYTHON)"
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# `make lock UPGRADE=name` moves that one package (and only what it needs) to its newest release.
lock: | $(UV)
	$(NEED_PYTHON)
	$(UV) lock --python "$(BASE_PYTHON)" $(if $(UPGRADE),--upgrade-package $(UPGRADE))

clean:
	rm -rf $(VENV) .tools var/staticfiles
