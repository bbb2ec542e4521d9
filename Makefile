# Worth: `make demo` and `make test` set up everything they need on a fresh machine.
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
export WORTH_DATA_DIR ?= $(CURDIR)/data

.PHONY: demo test lint typecheck unit test-sqlite test-sqlite-split test-postgres test-browser bench bench-quick setup browser spreadsheet wrk help

help:
	@echo "make demo   - install, migrate, load the demo case and serve http://127.0.0.1:8000/"
	@echo "make test   - install and run the whole suite (lint, types, SQLite, PostgreSQL, browser, quick benchmarks)"
	@echo "make lint   - ruff and mypy only"
	@echo "make bench  - run the benchmarks (figures as ratios to baselines measured in the same run)"
	@echo "make bench-quick - every benchmark in a short run (small data, fewer rounds), then the table"

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install -q "uv==$(UV_VERSION)"

# Re-synced only when the lock changes, so a second `make demo` starts at once.
$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

setup: $(VENV)/.synced

# Debian's Chromium for the browser tests (Playwright must not download a browser of its own).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Debian's LibreOffice Calc and Impress: the suite recalculates the value calculators' spreadsheets with
# a real spreadsheet program (every output cell against the engine) and renders the slide decks.
spreadsheet:
	@dpkg -s libreoffice-calc libreoffice-impress >/dev/null 2>&1 || { \
	  echo "Installing Debian's libreoffice-calc and libreoffice-impress for the spreadsheet and slide tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc libreoffice-impress >/dev/null; }

# Debian's wrk for the load benchmark (make bench); the suite does not need it.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing Debian's wrk for the load benchmark..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

demo: setup
	$(BIN)/worth demo --serve

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src
	$(BIN)/lint-imports
	WORTH_DATA_DIR=$$(mktemp -d) $(BIN)/worth manage makemigrations --check --dry-run

# The whole suite on the embedded SQLite default (engine, analytics, web, browser, CLI).
test-sqlite: setup browser spreadsheet
	$(BIN)/pytest -q

# The database tests again on PostgreSQL: the suite creates and drops its own test database.
# Its own data folder and Redis databases, so it may run beside the SQLite suite (make test does).
test-postgres: setup
	WORTH_DATA_DIR=$(CURDIR)/.data-postgres DATABASE_URL=$(TEST_DATABASE_URL) WORTH_TEST_BACKEND=postgres \
	  WORTH_TEST_REDIS=redis://127.0.0.1:6379/13 WORTH_TEST_REDIS_CACHE=redis://127.0.0.1:6379/12 \
	  $(BIN)/pytest -q tests/web -m "not browser"

# The SQLite suite as make test runs it beside the PostgreSQL run, one process each on two cores: the
# browser tests first (they wait on Chromium more than they compute), then the rest.
test-sqlite-split: setup browser spreadsheet
	$(BIN)/pytest -q -m browser
	$(BIN)/pytest -q -m "not browser"

# Last, a quick run of every benchmark: they keep working (a missed aim is reported, not failed).
test: lint
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite-split test-postgres
	$(MAKE) --no-print-directory bench-quick

# Every benchmark but the long soak run (bench-quick: each with --quick), then one table of all figures.
# A benchmark that fails does not stop the others; it fails the target after the table.
bench bench-quick: setup wrk
	@start=$$(date +%s); failed=""; \
	for b in $(sort $(filter-out benchmarks/bench_soak.py,$(wildcard benchmarks/bench_*.py))); do \
	  echo "== $$b $(if $(filter bench-quick,$@),--quick)"; \
	  $(BIN)/python $$b $(if $(filter bench-quick,$@),--quick) || failed="$$failed $$b"; \
	done; \
	$(BIN)/python benchmarks/report.py --since $$start; \
	test -z "$$failed" || { echo "benchmarks failed:$$failed"; exit 1; }
