# Quick start: `make run` serves the site with the real data; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# The first Python 3.12+ found: pyenv's, then the usual names.
FIND_PYTHON := for p in $${PYTHON:-} python3.13 python3.12 python3 python \
	$$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
	  [ -n "$$p" ] && command -v "$$p" >/dev/null 2>&1 && \
	  "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && \
	  { command -v "$$p"; exit 0; }; \
	done; exit 1

.PHONY: help run test lint check clean

help:
	@echo "make run   - set up, load the station data once and serve http://127.0.0.1:$(PORT)"
	@echo "make test  - run the whole test suite (browser tests need Chromium)"
	@echo "make lint  - ruff, manage.py check, makemigrations --check"

$(VENV)/.installed: pyproject.toml
	@python=$$($(FIND_PYTHON)) || { echo "error: Python 3.12 or newer is required and none was found (set PYTHON=/path/to/python3.12)."; exit 1; }; \
	echo "Using $$python"; \
	[ -x $(PY) ] || "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_initial_data
	$(PY) manage.py create_local_staff
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var/staticfiles
