# Set-up and everyday commands. Each target creates the virtualenv when it is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := cd example_site && ../$(BIN)/python manage.py

.PHONY: help install chromium redis demo serve test bench lint format messages wheel wheel-check \
	screenshots clean

help:
	@echo "make demo   - set up and serve the example site on http://127.0.0.1:8000/"
	@echo "make serve  - the same, with production settings, under gunicorn (2 workers)"
	@echo "make test   - run the whole test suite (installs Chromium and redis-server first if missing)"
	@echo "make bench  - run the benchmarks; figures go to benchmarks/RESULTS.md"
	@echo "make lint   - check code style (ruff)"
	@echo "make messages - update the interface catalogues (cy, es, ar) and compile them"
	@echo "make wheel  - build the wheel into dist/"
	@echo "make wheel-check - install the built wheel in a new virtualenv and serve the course from it"
	@echo "make screenshots - save desktop and mobile screenshots of the course to docs/screenshots/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the project's metadata changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Chromium for the browser tests: Debian's package, else Playwright's download. When it is
# already installed this only looks; when it cannot be installed it says how, and stops.
chromium: install
	$(BIN)/python tests/browser/ensure_chromium.py

# redis-server for the shared-cache tests, which start their own on 127.0.0.1: Debian's
# package, installed when missing; when it cannot be installed this says how, and stops.
redis: install
	$(BIN)/python tests/ensure_redis.py

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) setup_demo
	$(MANAGE) runserver 127.0.0.1:8000

# The example site as a charity runs it in production: DEBUG off, static files from
# WhiteNoise, a cache the workers share, and the full-page cache for course pages
# (example_site/example_site/production.py). REDIS_URL, when set, names a Redis server.
SERVE_SETTINGS := DJANGO_SETTINGS_MODULE=example_site.production
SERVE := cd example_site && $(SERVE_SETTINGS) ../$(BIN)/python
serve: install
	$(SERVE) manage.py migrate --noinput
	$(SERVE) manage.py setup_demo
	$(SERVE) manage.py collectstatic --noinput -v0
	$(SERVE) -m gunicorn --workers 2 \
		--bind 127.0.0.1:8000 --access-logfile - example_site.wsgi

test: install chromium redis
	$(BIN)/python -m pytest

bench: install
	cd benchmarks && for script in [a-z]*.py; do ../$(BIN)/python $$script || exit 1; done
	cd benchmarks && ./postgres.sh run ../$(BIN)/python serve_gunicorn.py
	cd benchmarks && ./postgres.sh run ../$(BIN)/python load_test.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Needs GNU gettext (Debian: apt-get install gettext).
I18N := cd wagtail_peersupport && PYTHONPATH=.. DJANGO_SETTINGS_MODULE=tests.settings ../$(BIN)/django-admin
messages: install
	$(I18N) makemessages -l cy -l es -l ar --no-location --no-obsolete
	$(I18N) compilemessages

wheel: install
	$(BIN)/python -m pip wheel --no-deps --no-build-isolation --wheel-dir dist .

# The wheel with only the dependencies it declares, in a new virtualenv: a site made with
# wagtail start checks, migrates, loads the shipped course and renders every page of it.
wheel-check: install
	$(BIN)/python .ci/wheel_check.py

screenshots: install chromium
	$(BIN)/python docs/screenshots/take_screenshots.py
	$(BIN)/python docs/screenshots/take_admin_screenshots.py

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache .nox example_site/db.sqlite3
