# MaSa Playbook: every target creates (and then reuses) a local virtual
# environment in .venv, so a fresh machine needs only Python 3.11+ and make.

PYTHON ?= python3
# the site engine of `make site`: mkdocs, zensical or properdocs (see masa build --help)
ENGINE ?= mkdocs
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# axe-core for the accessibility tests, from the npm registry (skipped without npm)
E2E_DEPS := tests/e2e/node_modules/.package-lock.json

.DEFAULT_GOAL := help
.PHONY: help site serve check test lint typecheck bench schema clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(E2E_DEPS): tests/e2e/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility tests will be skipped"; fi

site: $(STAMP)  ## check the content and build the example playbook into site/ (ENGINE=zensical: with Zensical)
	$(BIN)/masa check
	$(BIN)/masa build --strict --engine $(ENGINE)

serve: $(STAMP)  ## serve the playbook on http://127.0.0.1:8000; a save re-renders only what changed
	$(BIN)/mkdocs serve --dirty

check: $(STAMP)  ## check every plan, retro, play and anti-pattern
	$(BIN)/masa check

test: $(STAMP) $(E2E_DEPS)  ## run the whole test suite (lint, types, unit, site, browser)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)  ## lint and format check only
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)  ## static type check
	$(BIN)/mypy

schema: $(STAMP)  ## regenerate the committed JSON Schemas
	$(BIN)/masa schema --write schemas --editor .
	$(BIN)/masa schema --reference docs/reference/contract.md

bench: $(STAMP)  ## run the benchmark and rewrite bench/RESULTS.md
	$(BIN)/python bench/run.py

clean:  ## remove the virtual environment and build output
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache tests/e2e/node_modules tests/artifacts
