#!/usr/bin/env bash
# One command for the whole test suite, set-up included: installs what the tests need, checks
# types and lint, then runs every test — unit, CLI, browser (headless Chromium, network
# blocked), packaging (wheel in a fresh venv) and integration (a real local Neo4j that the
# tests start; they fail, never skip, if it cannot start). No -m here: every marker runs.
# Usage: bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
echo "== ruff" >&2
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy --strict" >&2
.venv/bin/mypy
echo "== pytest" >&2
.venv/bin/python -m pytest "$@"
