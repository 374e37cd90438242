# Agile PA — the two commands a newcomer needs: `make demo` and `make test`.
# Everything they need is installed from here: Debian packages (only the missing ones), the
# virtualenv and the Python packages, the compiled translations.

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export AGILEPA_DATA_DIR ?= $(CURDIR)/var
# Python keeps the modules it compiles (__pycache__), and pytest its rewritten test modules,
# even where the environment says not to (PYTHONDONTWRITEBYTECODE=1, as on the machines CI
# runs on): otherwise every process of a run (the suites' workers, each migrate, gunicorn,
# worker and command they start) compiles every module it imports from source again, and every
# worker rewrites the 200 test modules' asserts: 13 s of CPU to collect the suite instead of 4.
unexport PYTHONDONTWRITEBYTECODE

# Debian packages: chromium for the browser tests, pango/harfbuzz for WeasyPrint (PDF),
# gettext for the translations, poppler-utils to read PDFs back in tests, PostgreSQL, wrk for
# the booking load benchmark, gnupg to encrypt backups, haproxy in front of the several-hosts
# test (tests/cluster/).
DEBIAN_PACKAGES := chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 wrk \
	libharfbuzz0b libharfbuzz-subset0 poppler-utils gettext postgresql postgresql-client gnupg \
	haproxy

PG_URL ?= postgres://postgres@127.0.0.1:5432/agilepa
PYTEST_ARGS ?=
XDIST ?= -n 2 --dist loadfile

.PHONY: help system-packages install messages lint format test test-sqlite test-postgres \
	postgres demo serve worker bench clean

help:
	@echo "make demo   - install, migrate SQLite, load the demo network, serve on 127.0.0.1:8000"
	@echo "make test   - install, lint, run the whole suite on SQLite and on PostgreSQL"
	@echo "make serve  - serve the site (and the task worker) without reloading the demo"
	@echo "make bench  - run the benchmarks under bench/"

# apt-get update runs once per machine (stamp), then only missing packages are installed.
system-packages:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo"; \
		[ -f /var/lib/apt/.agilepa-updated ] || { $$SUDO apt-get update -qq && $$SUDO touch /var/lib/apt/.agilepa-updated; }; \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The packages are installed by uv (into the venv, from PyPI), which resolves, downloads and
# byte-compiles in parallel: the same versions as pip, in about 22 s of wall time against 64 s
# on a 2-core machine, at the start of every clean `make test` and `make demo`.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q uv

# Reinstall when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	VIRTUAL_ENV=$(CURDIR)/$(VENV) $(BIN)/uv pip install -q --compile-bytecode -e '.[dev]'
	touch $@

install: system-packages $(VENV)/.installed messages

messages: $(VENV)/.installed
	@cd src/agilepa && AGILEPA_INSECURE_DEV_KEY=1 ../../$(BIN)/python -m agilepa compilemessages -v 0

# Style (ruff), types (mypy, strict on new code: see [tool.mypy] in pyproject.toml) and the
# import contracts between apps and layers (import-linter: [tool.importlinter]).
lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	AGILEPA_INSECURE_DEV_KEY=1 $(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.installed
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

postgres:
	@bash scripts/ensure_postgres.sh

# The lint and the two databases' suites run side by side (each suite with two xdist workers):
# on a 2-core machine one waits on its database or the browser while another computes. Output is
# printed per part when it ends; any red part fails `make test`.
test: install postgres
	@$(MAKE) --no-print-directory -j3 --output-sync=target lint test-sqlite test-postgres

test-sqlite:
	@echo "== test suite on SQLite"
	env -u DATABASE_URL AGILEPA_DATA_DIR=$(CURDIR)/var/test-sqlite $(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

test-postgres: postgres
	@echo "== test suite on PostgreSQL"
	DATABASE_URL=$(PG_URL) AGILEPA_DATA_DIR=$(CURDIR)/var/test-postgres $(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

demo: install
	DEBUG=1 $(BIN)/python -m agilepa migrate --no-input -v 0
	DEBUG=1 $(BIN)/python -m agilepa seed-demo --skip-if-present
	$(MAKE) serve

# The web server, the background task worker and the periodic-job runner side by side; Ctrl-C
# stops all three.
serve: install
	@echo "Agile PA on http://127.0.0.1:8000/ (Ctrl-C to stop)"
	@DEBUG=1 $(BIN)/python -m agilepa worker --interval 2 & worker=$$!; \
	DEBUG=1 $(BIN)/python -m agilepa scheduler & scheduler=$$!; \
	trap "kill $$worker $$scheduler 2>/dev/null" EXIT INT TERM; \
	DEBUG=1 $(BIN)/python -m agilepa runserver 127.0.0.1:8000

bench: install postgres
	DATABASE_URL=$(PG_URL) $(BIN)/python bench/import_people.py
	$(BIN)/python bench/legal_checker.py
	$(BIN)/python bench/planner.py
	$(BIN)/python bench/booking_load.py
	$(BIN)/python bench/booking_race.py --postgres $(PG_URL)
	$(BIN)/python bench/backup.py --postgres $(patsubst %/,%,$(dir $(PG_URL)))

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis .mypy_cache .import_linter_cache
