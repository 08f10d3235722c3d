# Everything a fresh machine needs: `make run` and `make test` set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST   ?= localhost
PORT   ?= 5000
export ORIGIN ?= http://$(HOST):$(PORT)

.PHONY: install chromium run lint test test-js test-api test-browser bench audit clean fuzz contract

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# Serves on SQLite under instance/ and prints the first admin's setup link (first run only).
run: install
	GEMBAKIT_ENV=development $(BIN)/flask --app server setup
	GEMBAKIT_ENV=development $(BIN)/flask --app server run --host $(HOST) --port $(PORT)

# API and sync tests run on SQLite and on the PostgreSQL at 127.0.0.1:5432.
test: install chromium node_modules/.installed
	@pg_isready -q -h 127.0.0.1 || { echo "PostgreSQL is not answering on 127.0.0.1:5432;" \
	  "start it (see README) and run make test again."; exit 1; }
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || { echo "Redis is not answering on" \
	  "127.0.0.1:6379; start it (see README) and run make test again."; exit 1; }
	node --experimental-default-type=module --test tests/js/
	$(BIN)/pytest -q

# The PWA's pure modules (today, coaching rules, mutators) under Node's own test runner.
test-js:
	node --experimental-default-type=module --test tests/js/

# pwa/js/contract.js from the server's schemas (tests/test_contract.py fails when it is stale).
contract: install
	$(BIN)/python -m server.contract

# A longer schemathesis run than the one in `make test` (tests/test_fuzz_api.py), with a new
# seed each time: FUZZ_SEED=<seed> make fuzz replays one.
FUZZ_SEED     ?= $(FUZZ_NOW)
FUZZ_NOW      := $(shell date +%s)
FUZZ_EXAMPLES ?= 100
fuzz: install
	@echo "schemathesis: seed $(FUZZ_SEED), $(FUZZ_EXAMPLES) cases per operation and phase"
	FUZZ_SEED=$(FUZZ_SEED) FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:randomly \
	  tests/test_fuzz_api.py

test-api: install
	$(BIN)/pytest -q --ignore=tests/browser

test-browser: install chromium node_modules/.installed
	$(BIN)/pytest -q tests/browser

bench: install chromium
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.first_load
	$(BIN)/python -m bench.queries

# Lighthouse 12.2.3 (pinned by package.json and package-lock.json into ./node_modules) runs
# its mobile audit on Debian's Chromium against a fresh app; fails under 0.95 in any category.
# Development tools from npm, pinned in package-lock.json: Lighthouse (audit) and ESLint (lint).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# ruff (lint, and format --check: `ruff format server tests bench` fixes it) over the Python,
# ESLint's recommended rules over the PWA's modules and the Node tests.
lint: install node_modules/.installed
	$(BIN)/ruff check server tests bench
	$(BIN)/ruff format --check server tests bench
	node_modules/.bin/eslint pwa tests/js

audit: install chromium node_modules/.installed
	CHROME_PATH=/usr/bin/chromium $(BIN)/python -m bench.audit

clean:
	rm -rf $(VENV) .pytest_cache node_modules
