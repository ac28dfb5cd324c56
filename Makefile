# The two commands: `make demo` sets up and serves the demo site; `make test` runs the tests.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
RUN := $(UV) run --frozen
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test services install uv migrate seed serve worker beat lint format e2e clean

demo: install migrate seed serve  ## Set up everything (SQLite, no services) and serve the demo site

# 0: one process, so -x, --pdb and print() behave as usual while working on a test and a laptop
# stays usable; `TEST_WORKERS=auto` runs a pytest-xdist worker per core, as CI does (README).
TEST_WORKERS ?= 0

test: install  ## Run the test suite (PostgreSQL, Redis, Elasticsearch when their URLs are set)
	$(RUN) pytest -n $(TEST_WORKERS) -m "not alone" $(PYTEST_ARGS)
	@# Exit 5 is "none of the chosen tests is marked alone" (e.g. PYTEST_ARGS=tests/core).
	$(RUN) pytest -p no:xdist -m alone $(PYTEST_ARGS) || [ $$? -eq 5 ]

services:  ## Install when missing and start PostgreSQL, Redis and Elasticsearch (once per machine)
	bash .ci/services

uv:
	@command -v uv >/dev/null 2>&1 || [ -x $(HOME)/.local/bin/uv ] || python3 -m pip install --user --quiet uv

install: uv  ## Install the locked dependencies into .venv
	$(UV) sync --frozen --quiet

migrate:
	$(RUN) python manage.py migrate --no-input -v 0

seed:
	$(RUN) python manage.py seed_demo

serve:
	$(RUN) python manage.py runserver $(HOST):$(PORT)

worker:  ## A Celery worker (needs REDIS_URL)
	$(RUN) celery -A config worker --loglevel=INFO

beat:  ## The Celery beat scheduler (needs REDIS_URL); run exactly one
	$(RUN) celery -A config beat --loglevel=INFO

e2e: install  ## Browser journeys only (installs Debian's chromium when missing)
	bash .ci/install-browser
	$(RUN) pytest tests/e2e

lint:
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) lint-imports

format:
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

clean:
	rm -rf .venv db.sqlite3 media staticfiles .pytest-media test-results
