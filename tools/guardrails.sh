#!/usr/bin/env bash
# The checks the build enforces besides the tests (docs/architecture.md, "Guardrails"):
# the import contracts (layers of core, no Qt in core), no import circle anywhere (counting
# imports inside functions and type-only ones), ruff's lint rules and mypy's type check.
# Run from the project folder after `bash packaging/setup.sh --test`; exits non-zero on
# the first failing check.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== import contracts (import-linter)"
.venv/bin/lint-imports --no-cache
echo "== import circles"
.venv/bin/python tools/import_graph.py
echo "== lint (ruff)"
.venv/bin/ruff check --no-cache imr_desk tests tools benchmarks
echo "== types (mypy)"
.venv/bin/mypy --no-incremental --cache-dir=/dev/null
