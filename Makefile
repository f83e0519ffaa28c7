# Two commands for a fresh machine: `make run` (demo on SQLite) and `make test`.
# Django 6 needs Python 3.12+: use the first suitable interpreter we find.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell for c in python3.13 python3.12 "$$(pyenv prefix 3.12 2>/dev/null)/bin/python" python3; do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	command -v $$c; break; fi; done)

.PHONY: run test bench venv install install-test lint format messages clean

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "No Python 3.12 or newer found: install one (Django 6 needs it) or set PYTHON=/path/to/python3.12"; exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## Run the application with demo data on SQLite at http://127.0.0.1:8000
## (with the task worker beside it: meeting e-mails appear in this console)
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py db_worker --no-reload & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

## Run the whole test suite (SQLite; PostgreSQL when DATABASE_URL is set), in parallel:
## one pytest-xdist worker per core, at most four (each has its own test database, live
## server and Chromium); TEST_WORKERS=0 runs it in one process
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); echo $$(( n > 4 ? 4 : n )))
test: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m bandit -q -r gugustugas members actionplans budgets meetings monitoring reports \
		-x '*/migrations/*' --severity-level medium
	DJANGO_ENV=production SECRET_KEY=check-deploy-$$RANDOM-$$RANDOM-not-a-real-secret-key-0123456789 \
		ALLOWED_HOSTS=sigt.example.id DATABASE_URL=sqlite:///var/check-deploy.sqlite3 \
		$(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_ENV=test $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

$(VENV)/.installed-bench: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[bench]'
	@touch $@

## Load benchmark on PostgreSQL (bench/README.md): builds the national data set in its own
## database once, starts gunicorn with the production settings on 127.0.0.1 and drives it
## with Locust at 20, 50 and 100 users; results in bench/results/. Short run:
## BENCH_DURATION=30 BENCH_USERS=20,50 make bench
bench: $(VENV)/.installed-bench
	$(PY) bench/load.py

lint:
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

## Refresh both message catalogues after adding strings (needs gettext)
messages:
	$(PY) manage.py makemessages -l id -l en --no-obsolete --no-location
	$(PY) manage.py compilemessages

clean:
	rm -rf $(VENV) var
