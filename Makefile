# The two set-up commands: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the tests need: chromium for the browser tests, DejaVu for the corpus PDF renderer
APT_TEST_PACKAGES := chromium fonts-dejavu-core

.PHONY: run test install install-dev apt-test axe lint typecheck pytest eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

apt-test:
	@missing=""; for p in $(APT_TEST_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# axe-core from the npm registry (pinned in tests/browser/package-lock.json), injected by the
# browser tests for the accessibility audit; never loaded from a CDN
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $@
axe: $(AXE)

run: $(VENV)/.installed
	$(BIN)/styrdok ingest
	$(BIN)/styrdok serve

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

pytest: $(VENV)/.installed-dev apt-test $(AXE)
	$(BIN)/python -m pytest

test: lint typecheck pytest

eval: $(VENV)/.installed
	$(BIN)/styrdok ingest
	$(BIN)/styrdok eval

clean:
	rm -rf data .pytest_cache .mypy_cache .ruff_cache test-artifacts
