# Campaign Graph — the two commands a newcomer needs are `make run` and `make test`.
# Both bootstrap .venv from requirements.lock on a fresh clone (only Python 3.11+ required).

PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export DATABASE_URL ?= sqlite://data/campaign-graph.sqlite3

.PHONY: run test lint fmt typecheck contracts schema schema-check migrate makemigrations demo seed clean bench bench-smoke wrk chromium chaos contention soak node typescript

$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "Python 3.11+ is required (none found on PATH)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

run: $(STAMP) ## migrate, load the demo company, serve GraphiQL on http://$(HOST):$(PORT)/graphql
	@mkdir -p data
	$(BIN)/campaign-graph migrate
	$(BIN)/campaign-graph demo
	CAMPAIGN_GRAPH_DEMO=1 $(BIN)/campaign-graph serve --host $(HOST) --port $(PORT)

COVERAGE_FLOOR := 96

test: $(STAMP) lint typecheck contracts schema-check ## everything CI runs, on SQLite and PostgreSQL
	@rm -f .coverage .coverage.*
	@# With PostgreSQL the two runs go side by side (one core each): its report follows SQLite's.
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "== the suite on SQLite, and meanwhile on PostgreSQL ($$TEST_POSTGRES_URL) =="; \
		pglog=$$(mktemp); \
		TEST_DATABASE=postgres $(BIN)/coverage run --parallel-mode -m pytest -p no:cacheprovider \
			$(PYTEST_ARGS) > $$pglog 2>&1 & pg=$$!; \
		TEST_DATABASE=sqlite $(BIN)/coverage run --parallel-mode -m pytest $(PYTEST_ARGS); lite=$$?; \
		wait $$pg; postgres=$$?; \
		echo "== the same suite on PostgreSQL ($$TEST_POSTGRES_URL) =="; cat $$pglog; rm -f $$pglog; \
		[ $$lite -eq 0 ] && [ $$postgres -eq 0 ] || exit 1; \
	elif [ -n "$$CI" ]; then \
		echo "CI must set TEST_POSTGRES_URL: the PostgreSQL run is mandatory there"; exit 1; \
	else \
		echo "TEST_POSTGRES_URL is not set: PostgreSQL run skipped (set it to postgres://user@host:port/db)"; \
		TEST_DATABASE=sqlite $(BIN)/coverage run --parallel-mode -m pytest $(PYTEST_ARGS); \
	fi
	@$(BIN)/coverage combine -q
	$(BIN)/coverage report --fail-under=$(COVERAGE_FLOOR)

lint: $(STAMP)
	$(BIN)/ruff check server tests bench
	$(BIN)/ruff format --check server tests bench

fmt: $(STAMP)
	$(BIN)/ruff check --fix server tests bench
	$(BIN)/ruff format server tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports --no-cache

bench: $(STAMP) wrk ## product against the raw-SQL floor on SQLite and PostgreSQL (bench/results/)
	$(BIN)/python -m bench.run

bench-smoke: $(STAMP) wrk ## the benchmark with tiny sizes (also run by the test suite)
	$(BIN)/python -m bench.run --smoke

# Crash safety (issue 20): writes from several clients while the server is SIGKILLed at random
# moments and restarted, on SQLite and on PostgreSQL (TEST_POSTGRES_URL, else the local server);
# then nothing acknowledged may be missing or applied twice and the invariants must hold. About
# 3 minutes; CHAOS_ARGS adds options (python -m bench.chaos --help), e.g. "--workers 2".
CHAOS_ARGS ?=

chaos: $(STAMP) ## SIGKILL the server under writes: nothing acknowledged lost (bench/results/chaos.*)
	$(BIN)/python -m bench.chaos $(CHAOS_ARGS)

# Writers that collide (issue 20, point 0): six clients writing to one campaign for 60 s on SQLite
# and on PostgreSQL; writes/s, each step's latency, and no write may fail. About 3 minutes;
# CONTENTION_ARGS adds options (python -m bench.contention --help).
CONTENTION_ARGS ?=

contention: $(STAMP) ## writers that collide on one campaign (bench/results/contention.*)
	$(BIN)/python -m bench.contention $(CONTENTION_ARGS)

# Soak (issue 20): the product under a sustained mix of reads, dashboards, logs, activations and
# priced sales lines from concurrent clients, on a throwaway PostgreSQL database (next to
# TEST_POSTGRES_URL, else the local server; dropped at the end) with `serve --workers 2`; then
# no 5xx or other error, each worker's memory grown at most 10% after the warm-up, and the
# invariants. 10 minutes of load, about 11 in all; SOAK_ARGS adds options (python -m bench.soak
# --help), e.g. "--duration 120 --clients 16 --database-url postgres://cg@db:5432/postgres".
SOAK_ARGS ?=

soak: $(STAMP) ## sustained mixed load on 2 workers: errors, p50/p99, memory (bench/results/soak.*)
	$(BIN)/python -m bench.soak $(SOAK_ARGS)

# The benchmark's load generator: installed with apt when missing and allowed (root), else named.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
		[ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		{ echo "installing wrk (apt-get install wrk)"; \
		  apt-get install -y -qq wrk >/dev/null 2>&1 || \
		  { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; }; }; \
		command -v wrk >/dev/null 2>&1 || { echo "the benchmark needs wrk: install it (apt-get install wrk)"; exit 1; }; }

# The GraphiQL browser test's headless browser (tests/e2e/test_graphiql_browser.py): Debian's
# chromium, installed with apt when missing and allowed (root), else named. Without it the test
# skips, with its reason.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		[ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		{ echo "installing chromium (apt-get install --no-install-recommends chromium)"; \
		  export DEBIAN_FRONTEND=noninteractive; \
		  apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 || \
		  { apt-get update -qq >/dev/null 2>&1 && \
		    apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; }; }; \
		command -v chromium >/dev/null 2>&1 || { echo "the GraphiQL browser test needs chromium: install it (apt-get install chromium)"; exit 1; }; }

# The TypeScript client example (examples/typescript, tests/e2e/test_typescript_client.py) runs on
# the machine's Node 20+ and npm; npm ci fetches its locked packages from the npm registry. Without
# them the test skips, with its reason; CI requires them (.ci/run).
node:
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || \
		{ echo "the TypeScript example needs Node 20+ and npm: install them"; exit 1; }
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || \
		{ echo "the TypeScript example needs Node 20+ (found $$(node --version))"; exit 1; }

typescript: $(STAMP) node ## the TypeScript example alone: npm ci, codegen check, tsc, its journey on a real server
	TEST_DATABASE=sqlite $(BIN)/python -m pytest -q tests/e2e/test_typescript_client.py

schema: $(STAMP) ## re-export schema.graphql
	$(BIN)/campaign-graph export-schema --output schema.graphql

schema-check: $(STAMP)
	$(BIN)/campaign-graph export-schema --check schema.graphql
	$(BIN)/campaign-graph schema-changes

migrate: $(STAMP)
	@mkdir -p data
	$(BIN)/campaign-graph migrate

makemigrations: $(STAMP) ## write a migration for model changes (commit it)
	$(BIN)/tortoise makemigrations

demo: $(STAMP)
	@mkdir -p data
	$(BIN)/campaign-graph demo

# `make seed`: its own database (the demo's holds data, which seed refuses) and the sizes of
# issue 9's background volume; override either on the command line.
SEED_DATABASE_URL ?= sqlite://data/seed.sqlite3
SEED_ARGS ?= --contacts 100000 --segments 1000 --lines 200000 --interactions 1000000

seed: $(STAMP) ## migrate SEED_DATABASE_URL and fill it with a large deterministic data set
	@mkdir -p data
	DATABASE_URL=$(SEED_DATABASE_URL) $(BIN)/campaign-graph migrate
	DATABASE_URL=$(SEED_DATABASE_URL) $(BIN)/campaign-graph seed $(SEED_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
