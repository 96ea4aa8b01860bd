# MaSa Playbook: every target creates (and then reuses) a local virtual
# environment in .venv, so a fresh machine needs only Python 3.11+ and make.

PYTHON ?= python3
# the site engine of `make site`: mkdocs, zensical or properdocs (see masa build --help)
ENGINE ?= mkdocs
export NO_MKDOCS_2_WARNING := 1
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# axe-core for the accessibility tests and decap-server for the web editor's local
# backend (`make edit`, the editor's browser test), from the npm registry (skipped without npm)
E2E_DEPS := tests/e2e/node_modules/.package-lock.json
# the web editor (Decap CMS), pinned in package-lock.json there and copied in by `make vendor-cms`
CMS_VENDOR := src/masa_playbook/cms/vendor
# where `make edit` runs the editor's local backend; the editor looks for it there
CMS_PROXY_PORT := 8081

.DEFAULT_GOAL := help
.PHONY: help site serve check test lint typecheck bench schema clean edit vendor-cms

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

edit: $(STAMP) $(E2E_DEPS)  ## write in the browser: the editor on http://127.0.0.1:8000/admin/ saves into this working tree
	@command -v node >/dev/null 2>&1 || { echo "make edit needs Node.js 20 or later (and npm)"; exit 2; }
	@echo "The editor: http://127.0.0.1:8000/admin/ (it saves into $(CURDIR)); stop with Ctrl-C"
	@BIND_HOST=127.0.0.1 PORT=$(CMS_PROXY_PORT) MODE=fs GIT_REPO_DIRECTORY="$(CURDIR)" LOG_LEVEL=warn \
		node tests/e2e/node_modules/decap-server/dist/index.js & proxy=$$!; \
		trap 'kill $$proxy 2>/dev/null' EXIT INT TERM; \
		$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

vendor-cms:  ## copy the pinned Decap CMS (src/masa_playbook/cms/vendor/package-lock.json) into the package
	@command -v npm >/dev/null 2>&1 || { echo "make vendor-cms needs npm"; exit 2; }
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	cp $(CMS_VENDOR)/package.json $(CMS_VENDOR)/package-lock.json "$$tmp/" && \
	npm ci --prefix "$$tmp" --ignore-scripts --no-audit --no-fund --loglevel=error && \
	dist="$$tmp/node_modules/decap-cms/dist" && \
	rm -rf $(CMS_VENDOR)/decap-cms && mkdir -p $(CMS_VENDOR)/decap-cms && \
	cp "$$dist/decap-cms.js" "$$dist/decap-cms.js.LICENSE.txt" "$$dist"/[0-9]*.decap-cms.js $(CMS_VENDOR)/decap-cms/ && \
	cp "$$tmp/node_modules/decap-cms-lib-widgets/LICENSE" $(CMS_VENDOR)/decap-cms/LICENSE-decap-cms.txt && \
	(cd $(CMS_VENDOR)/decap-cms && LC_ALL=C sha256sum $$(LC_ALL=C ls) > ../SHA256SUMS) && \
	echo "vendored decap-cms $$(node -p "require('$$tmp/node_modules/decap-cms/package.json').version") into $(CMS_VENDOR)/decap-cms"

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
