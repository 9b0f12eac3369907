# Two commands for a fresh machine: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := run
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# The embedded default (SQLite, tasks in-process) is a development setup; production sets DEBUG=false.
export DEBUG ?= true
# `make run PORT=8101`: the address served is also the one links in e-mails and PDFs point to.
PORT ?= 8000

.PHONY: run test bootstrap install system-packages messages translations lint ci-checks bench clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

system-packages:
	@scripts/ensure-system-packages

messages: install system-packages
	@$(MANAGE) compilemessages --ignore=.venv --verbosity 0

# Refresh the catalogue after changing translatable strings. No source locations: they change with every
# edit and would make every branch's catalogue conflict with every other's (so would the creation date).
translations: install
	@$(MANAGE) makemessages -l zh_Hant --no-location --ignore=.venv --ignore=tests --ignore=bench \
		--ignore=staticfiles --verbosity 0
	@sed -i '/^"POT-Creation-Date: /d' locale/zh_Hant/LC_MESSAGES/django.po

bootstrap: messages
	@$(MANAGE) migrate --noinput --verbosity 0
	@$(MANAGE) load_guideline
	@$(MANAGE) seed_demo

# Also seen by bootstrap (a prerequisite): the demo reports print the address actually served.
run: export PORTAL_BASE_URL ?= http://127.0.0.1:$(PORT)
run: bootstrap
	@echo "Serving $(PORTAL_BASE_URL)/ (Ctrl-C stops)"
	@$(MANAGE) runserver 127.0.0.1:$(PORT)

test: bootstrap
	@$(VENV)/bin/pytest

# Pages, load, scoring and reports as ratios to baselines measured in the same run (README.md, Development).
# SQLite by default; PostgreSQL (+ a real worker's settings) when DATABASE_URL / CELERY_BROKER_URL are set.
bench: install
	@scripts/ensure-system-packages wrk
	@$(PY) bench/bench_web.py
	@$(PY) bench/bench_scoring.py
	@$(PY) bench/bench_report.py
	@$(PY) bench/bench_scale.py

lint: install
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

ci-checks: install
	@$(MANAGE) makemigrations --check --dry-run
	@DEBUG=false SECRET_KEY=ci-only-dummy-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz \
		ALLOWED_HOSTS=portal.example.org PORTAL_BASE_URL=https://portal.example.org DATABASE_URL=postgres://portal@127.0.0.1:5432/portal \
		CACHE_URL=rediscache://127.0.0.1:6379/1 \
		$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles portal.sqlite3
