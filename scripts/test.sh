#!/usr/bin/env bash
# One command for the whole test suite, set-up included: installs what the tests need, checks
# types and lint, then runs every test — unit, CLI, browser (headless Chromium, network
# blocked), packaging (wheel in a fresh venv), golden (byte-identical outputs, also as another
# machine) and integration (a real local Neo4j that the tests start; they fail, never skip, if
# it cannot start). No -m here: every marker runs. CI (.ci/run) runs this.
#
# Usage: bash scripts/test.sh [extra pytest arguments]
#        bash scripts/test.sh --quick [extra pytest arguments]
#   --quick: the day-to-day tier — lint, types and every test but Neo4j, the browser, packaging
#   and the golden scenarios, on both cores (pytest-xdist). It needs neither Java nor Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
if [ "${1:-}" = "--quick" ]; then
  quick=1
  shift
fi
if [ "$quick" = 1 ]; then
  bash scripts/setup.sh
else
  bash scripts/setup.sh --test
fi
echo "== ruff" >&2
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy --strict" >&2
.venv/bin/mypy
echo "== pytest" >&2
if [ "$quick" = 1 ]; then
  exec .venv/bin/python -m pytest -n auto -m "not neo4j and not browser and not packaging and not golden" "$@"
fi
exec .venv/bin/python -m pytest "$@"
