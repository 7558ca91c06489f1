# Two commands do all the set-up on a fresh machine (see README):
#   make demo   install what is missing, then build the demo books and run every step on them
#   make test   install what is missing, then run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := build/demo
APT_PACKAGES := chromium fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

AXE := tests/axe/node_modules/axe-core/axe.min.js

.PHONY: all install system-packages demo test screenshots bench clean

all: test

install: system-packages $(VENV)/.installed

# Debian packages the PDFs (CJK font, harfbuzz subsetting, pango) and browser tests need
# (npm, only where the machine has none, for the test-only axe-core).
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null; then \
	    echo "Installing system packages:$$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	  else echo "Please install:$$missing (no apt-get here)"; exit 1; fi; \
	fi

$(VENV)/.installed: pyproject.toml
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

demo: install
	$(BIN)/relief demo --out $(DEMO) --force
	$(BIN)/relief check $(DEMO)
	$(BIN)/relief import $(DEMO) $(DEMO)/documents/statements/*.csv | grep '^;; [^ ]*: ' ; test $${PIPESTATUS[0]} -eq 0
	$(BIN)/relief reconcile $(DEMO) --html $(DEMO)/reconcile.html
	$(BIN)/relief close $(DEMO) 2026-Q1
	@echo "Demo books: $(DEMO)/main.beancount (fictional centre, year 2026; private case details in $(DEMO)/private/)"
	@echo "Open them in Fava: $(BIN)/fava $(DEMO)/main.beancount"
	@echo "Audit them (read-only Fava, fund statement, receipts, rules): $(BIN)/relief serve $(DEMO)"
	@# The demo books were just made again: a site published from earlier demo books (before
	@# an upgrade changed the template) would rightly refuse them as a rewritten closed period.
	rm -rf build/site
	$(BIN)/relief publish $(DEMO) --out build/site
	$(BIN)/relief letters $(DEMO) --out build/letters --statements
	@echo "Demo letters (private, never on the site): build/letters/2026/*.pdf, statements in build/letters/statements/2026/"
	@echo "Annual public report (PDF): build/site/reports/annual-2026.pdf (also: relief report BOOKS --out FILE)"

# Test-only: axe-core (MPL-2.0) for the accessibility checks in the browser tests, at the
# exact version tests/axe/package-lock.json records (npm ci), in tests/axe/node_modules.
$(AXE): tests/axe/package.json tests/axe/package-lock.json
	npm ci --prefix tests/axe --no-audit --no-fund --loglevel=error
	@touch $@

test: install $(AXE)
	$(BIN)/python -m pytest -q -n 2 --dist worksteal -p no:cacheprovider

# The browser tests again, keeping a screenshot of every page they look at in tests/screenshots/
# (gitignored) for people to look at; `make test` does not take them (a full-page capture
# of a long page cost Chromium more than the checks on it: axe at 1280 px took 20-33 s a
# test with them, about 8 s without).
screenshots: install $(AXE)
	RELIEF_SCREENSHOTS=1 $(BIN)/python -m pytest -q -n 2 --dist worksteal -p no:cacheprovider -m browser

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build $(VENV) .pytest_cache tests/axe/node_modules
