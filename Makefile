# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test serve lint check vendor messages screenshots clean

$(STAMP): pyproject.toml requirements/constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is needed (found %s); set PYTHON=python3.x" % sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e ".[dev]"
	@touch $@

## demo: install, migrate SQLite, generate the demo alliance "Musterstadt", serve on :8000
demo: $(STAMP)
	$(BIN)/wohnbuendnis demo

## test: the whole suite (unit, permission and browser tests) on the configured database
test: $(STAMP)
	$(BIN)/python -m wohnbuendnis.lib.browser_setup
	$(BIN)/pytest -n 2 --dist loadfile

## check: the static checks CI runs besides the tests, and the dependency audit (pip-audit)
check: $(STAMP)
	$(BIN)/ruff check src benchmarks
	$(BIN)/ruff format --check src benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy src/wohnbuendnis/analytics
	DJANGO_SETTINGS_MODULE=wohnbuendnis.config.settings WOHNBUENDNIS_DEMO=1 \
		$(BIN)/wohnbuendnis manage makemigrations --check --dry-run
	@# known vulnerabilities of the pinned versions; skipped with a message when offline
	$(BIN)/python -m wohnbuendnis.lib.dependency_audit requirements/constraints.txt

## screenshots: run the browser tests and refresh the README's screenshots in docs/screenshots
screenshots: $(STAMP)
	$(BIN)/python -m wohnbuendnis.lib.browser_setup
	WOHNBUENDNIS_SCREENSHOTS=1 $(BIN)/pytest -n 2 --dist loadfile -m "browser or screenshots"

## vendor: refresh KERN UX, htmx, axe-core … in static/vendor from the npm registry (needs npm)
vendor:
	scripts/vendor-frontend.sh

## messages: compile the German/English translations
messages: $(STAMP)
	cd src/wohnbuendnis && ../../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache var/
