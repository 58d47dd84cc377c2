# The commands a person types. CI (.ci/run) calls the same targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench install assets messages lint browser clean demo multinode faults

$(BIN)/kefu: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/kefu

node_modules/.package-lock.json: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch node_modules/.package-lock.json

install: $(BIN)/kefu node_modules/.package-lock.json messages

assets: node_modules/.package-lock.json

# Compile the translations (.po → .mo) with polib: no system gettext needed.
messages: $(BIN)/kefu
	$(BIN)/kefu compiletranslations

# Serve the seeded demo at http://$(HOST):$(PORT) with a job consumer.
# The demo serves plain http with shared passwords: no Secure cookies, no two-factor step for admin.
run: install
	KEFU_ADMIN_2FA=off KEFU_SECURE_COOKIES=off $(BIN)/kefu run --host $(HOST) --port $(PORT)

demo: install
	$(BIN)/kefu migrate --no-input
	$(BIN)/kefu demo

lint: $(BIN)/kefu
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .


# Lint, Django checks, migrations check, pytest. On PostgreSQL too when KEFU_TEST_DATABASE_URL is set.
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	KEFU_HOME=$${KEFU_HOME:-$(CURDIR)/var/test} $(BIN)/kefu check --fail-level WARNING
	KEFU_HOME=$${KEFU_HOME:-$(CURDIR)/var/test} $(BIN)/kefu makemigrations --check --dry-run
	KEFU_HOME=$${KEFU_HOME:-$(CURDIR)/var/test} $(BIN)/pytest -q $(PYTEST_ARGS)
	@if [ -n "$$KEFU_TEST_DATABASE_URL" ]; then \
	  echo "== pytest on $$KEFU_TEST_DATABASE_URL =="; \
	  KEFU_HOME=$${KEFU_HOME:-$(CURDIR)/var/test} KEFU_DATABASE_URL=$$KEFU_TEST_DATABASE_URL $(BIN)/pytest -q $(PYTEST_ARGS); \
	fi

# Two app servers and two job consumers on one PostgreSQL and a private Redis (loopback only):
# sessions, versioned updates, files and exactly-once jobs across nodes (tests/multinode/).
multinode: install
	$(BIN)/python tests/multinode/run.py

# The same, then faults: a consumer killed mid-job, Redis and PostgreSQL restarted, a full disk.
faults: install
	$(BIN)/python tests/multinode/run.py --faults

# Benchmarks at scale on PostgreSQL (KEFU_BENCH_DATABASE_URL); prints one markdown table.
bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Debian's Chromium for the browser tests (needs root; skipped when already there).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei)

clean:
	rm -rf $(VENV) node_modules var/test .pytest_cache .ruff_cache
