# The two commands a newcomer needs: `make run` and `make test`.
.PHONY: run test test-pipeline test-faults spa openapi bench bench-login bench-cluster callgrind fuzz

# Builds the SPA and starts yass with a demo school on http://127.0.0.1:8080/s/demo/
run: spa
	cargo run -p yass-api --bin yass -- serve --demo

# Every test: fmt, clippy, unit and API tests on SQLite, MariaDB and
# PostgreSQL, OpenAPI validation, browser tests, ops checks.
test:
	./scripts/test.sh

# The deploy pipeline end to end (ops/ci/test-pipeline.sh): a push to a
# bare repository, Buildbot, the chat bot, the rolling deploy. .ci/run runs
# it after `make test` under a hard timeout.
test-pipeline:
	cargo build -p yass-api --bin yass
	cargo build -p yass-deploy-bot
	./scripts/build-spa.sh debug
	ops/ci/test-pipeline.sh $${CARGO_TARGET_DIR:-target}/debug/yass $${CARGO_TARGET_DIR:-target}/debug/yass-deploy-bot dist/spa

# Machines failing under load (ops/faults/test-faults.sh): a Galera
# cluster behind HAProxy, three yass instances behind nginx. .ci/run runs
# it after `make test` under a hard timeout.
test-faults:
	cargo build -p yass-api --bin yass
	./scripts/build-spa.sh debug
	ops/faults/test-faults.sh $${CARGO_TARGET_DIR:-target}/debug/yass dist/spa

spa:
	./scripts/build-spa.sh release

# Regenerates the committed OpenAPI document.
openapi:
	cargo run -q -p yass-api --bin yass -- openapi > openapi/openapi.json

# Load benchmark (not part of test/CI): make bench DB=sqlite|mysql|postgres
bench: ; ./scripts/bench.sh $(or $(DB),sqlite)

# Longer contract fuzzing than `make test` runs: make fuzz [EXAMPLES=50]
fuzz:
	cargo build -p yass-api --bin yass
	./scripts/fuzz.sh $${CARGO_TARGET_DIR:-target}/debug/yass $(or $(EXAMPLES),50)

# Homepage p99 while 50 sign-ins/s arrive (docs/security.md): make bench-login
bench-login:
	cargo build --release -p yass-api --bin yass
	./scripts/bench-login-flood.sh $${CARGO_TARGET_DIR:-target}/release/yass

# Three instances against one on a Galera cluster (not part of test/CI)
bench-cluster:
	cargo build --release -p yass-api --bin yass
	./scripts/bench-cluster.sh $${CARGO_TARGET_DIR:-target}/release/yass

# Instructions per request of the hot public paths (valgrind): make callgrind
callgrind:
	cargo build --release -p yass-api --bin yass
	./scripts/callgrind.sh $${CARGO_TARGET_DIR:-target}/release/yass
