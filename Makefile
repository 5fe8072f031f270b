# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app outreach
PORT ?= 5000
PYTEST_ARGS ?=
CATALOGS := outreach/translations

.PHONY: run test lint serve setup setup-dev vendor native db clean messages

SCRUBBER := outreach/services/privacy

# What running needs, nothing more: `run`, `serve` and `lan` depend on this (no test tools on a staging laptop).
setup: $(VENV)/.runtime static/vendor/.installed $(CATALOGS)/.compiled $(SCRUBBER)/compiled/SOURCES

# What testing adds on top: pytest, Playwright, schemathesis, ruff...
setup-dev: setup $(VENV)/.dev

# Separate stamps: a runtime venv never pulls the dev tools, and `make test` adds them once.
$(VENV)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Front-end assets come from npm and are copied into static/vendor (never a CDN, never committed).
static/vendor/.installed: package.json package-lock.json scripts/vendor.sh
	npm ci --no-audit --no-fund --loglevel=error
	sh scripts/vendor.sh
	touch $@

vendor: static/vendor/.installed

# The scrubber's hot modules compiled to C by mypyc (a minute); rebuilt when its sources change. Without a C
# compiler the script warns and the scrubber runs as Python; a stale build is never loaded (privacy/native.py).
$(SCRUBBER)/compiled/SOURCES: $(VENV)/.runtime scripts/build_scrubber.py $(wildcard $(SCRUBBER)/*.py)
	$(BIN)/python scripts/build_scrubber.py

native: $(SCRUBBER)/compiled/SOURCES

# Translations: the .po files are committed; the .mo files are compiled here, never committed.
$(CATALOGS)/.compiled: $(VENV)/.runtime $(wildcard $(CATALOGS)/*/LC_MESSAGES/messages.po)
	$(BIN)/pybabel -q compile -d $(CATALOGS)
	touch $@

# After adding or changing strings: extract them and merge them into every catalog.
messages: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --project=Outreach -o $(CATALOGS)/messages.pot .
	$(BIN)/pybabel update -N --ignore-obsolete -i $(CATALOGS)/messages.pot -d $(CATALOGS)

db: setup
	$(FLASK) init-db
	$(FLASK) seed-demo

run: db
	@echo "Outreach is at http://127.0.0.1:$(PORT)/login"
	$(BIN)/python -m outreach.devserver --host 127.0.0.1 --port $(PORT)

# Production-style serving: gunicorn (settings in gunicorn.conf.py), schema upgraded, no demo data.
# With OUTREACH_REPLICA set, gunicorn's master runs Litestream beside it (outreach/replica.py); so does `make lan`.
serve: setup
	$(FLASK) init-db
	PORT=$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py wsgi:app

# Phones on the staging area's Wi-Fi, no internet: HTTPS via Caddy's local CA, and a join page (scripts/lan.sh).
.PHONY: lan
lan: setup
	BIN=$(BIN) bash scripts/lan.sh

lint: setup-dev
	$(BIN)/ruff check .

test: setup-dev lint
	$(BIN)/python scripts/ensure_chromium.py
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor $(SCRUBBER)/compiled
