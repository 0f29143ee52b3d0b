# Handout Kit: `make build` builds the demo outputs, `make test` runs the tests.
# Both create .venv from pyproject.toml first (and system libraries where missing).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test lint clean screenshots bench

build: $(STAMP)
	$(BIN)/handoutkit build

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

$(STAMP): pyproject.toml package.json package-lock.json scripts/install-system-deps.sh
	./scripts/install-system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	# axe-core, which the browser tests run inside Chromium (package-lock.json pins it)
	npm ci --no-audit --no-fund --silent
	touch $(STAMP)

clean:
	rm -rf build/*/ build/manifest.json build/failures.json build/index.html build/checks.html \
		build/checks.json build/.lock build/.handoutkit

bench: $(STAMP)
	$(BIN)/python benchmarks/catalog.py
	$(BIN)/python benchmarks/languages.py
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/preview.py

screenshots: build
	./scripts/screenshots.sh
