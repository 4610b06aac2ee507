#!/usr/bin/env bash
# Rewrite constraints.txt, the lock that scripts/setup.sh installs from: every package cs-peers
# and its tests use, at one version each, resolved by uv from pyproject.toml. The golden output
# manifests (tests/golden_outputs/) are only meaningful with these versions, so run this when a
# dependency is added or deliberately upgraded, and regenerate the manifests in the same commit
# if the outputs change.
# Usage: bash scripts/lock.sh [extra `uv pip compile` arguments, e.g. --upgrade-package numpy]
set -euo pipefail
cd "$(dirname "$0")/.."
tools=".venv-lock"
if [ ! -x "$tools/bin/uv" ]; then
  python3 -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet uv
fi
"$tools/bin/uv" pip compile pyproject.toml --extra dev --python-version 3.11 \
  --python-platform x86_64-manylinux_2_28 --no-header --annotation-style line \
  --output-file constraints.txt "$@"
sed -i '1i # The lock: made by `bash scripts/lock.sh` (uv pip compile pyproject.toml --extra dev); installed by scripts/setup.sh.' constraints.txt
