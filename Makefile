# conflictmap: `make run` sets everything up and serves the app; `make test` runs the whole suite.
# Both are idempotent: they only reinstall when pyproject.toml changed.

VENV      := .venv
PY        := $(VENV)/bin/python
STAMP     := $(VENV)/.installed
HOST      ?= 127.0.0.1
PORT      ?= 8000
PYTEST_ARGS ?=
SHARED    ?= ../shared

.PHONY: run test check fmt install setup serve bench clean help

help:
	@echo "make run    install, migrate, load the built-in gazetteer and the sample reports, create an admin, serve on http://$(HOST):$(PORT)"
	@echo "make test   install and run the whole test suite (SQLite, and PostgreSQL when reachable)"
	@echo "make check  lint and format check (ruff), types (mypy), layer rules (import-linter), migrations"
	@echo "make fmt    format the code and fix what ruff can fix"
	@echo "make bench  run the benchmarks under bench/"

$(PY):
	@py=$$(bin/find-python) || exit 1; \
	echo "Creating $(VENV) with $$py ($$($$py -c 'import sys; print(sys.version.split()[0])'))"; \
	$$py -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || \
	  { echo "$(VENV) uses an old Python; recreating it"; rm -rf $(VENV); $(MAKE) --no-print-directory $(PY); }
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# Leaflet and the map plugins (served by the app itself; pinned by package-lock.json).
NODE_STAMP := node_modules/.package-lock.json
TIMECONTROL_CSS := mapkit/static/mapkit/generated/timedimension.control.css
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install Node.js 18+ with npm (Debian: apt-get install nodejs npm)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@# The timeline player's CSS without its @font-face on a CDN (blocked by our Content-Security-Policy).
	@mkdir -p $(dir $(TIMECONTROL_CSS))
	sed '/@font-face/,/^}/d' node_modules/leaflet-timedimension/dist/leaflet.timedimension.control.css > $(TIMECONTROL_CSS)
	@touch $(NODE_STAMP)

# The interface's translations (locale/*/LC_MESSAGES/django.po and djangojs.po → .mo; GNU gettext's
# msgfmt, with the checks Django's compilemessages runs).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
locale/%.mo: locale/%.po
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install GNU gettext (Debian: apt-get install gettext)"; exit 1; }
	msgfmt --check-format -o $@ $<

install: $(STAMP) $(NODE_STAMP) $(MO_FILES)

setup: install
	@mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_gazetteer builtin
	@# Fuller outlines (governorates) and rivers for the basemap, when the development data is beside the checkout.
	@if [ -d $(SHARED)/data/gazetteer/boundaries ]; then \
	  $(PY) manage.py load_gazetteer boundaries $(SHARED)/data/gazetteer/boundaries/wof_sy_iq_country_admin1.geojson $(SHARED)/data/gazetteer/rivers/*.geojson; \
	else echo "($(SHARED) not found: the basemap has country outlines only; see README, Maps)"; fi
	$(PY) manage.py ingest tests/corpus --no-progress
	$(PY) manage.py import_control events/data/baseline_control.tsv --source baseline
	$(PY) manage.py warm_maps
	$(PY) manage.py ensure_admin

serve:
	$(PY) manage.py runserver $(HOST):$(PORT)

run: setup serve

test: install
	$(PY) bin/run-tests $(PYTEST_ARGS)

check: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/geocode.py
	$(PY) bench/extract.py
	$(PY) bench/ingest.py
	$(PY) bench/areas.py
	$(PY) bench/maps.py
	$(PY) bench/load.py
	$(PY) bench/batch_memory.py
	$(PY) bench/imports.py
	$(PY) bench/summary.py

clean:
	rm -rf $(VENV) node_modules var/*.sqlite3 var/static
