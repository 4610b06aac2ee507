#!/usr/bin/env bash
# Set-up shared by scripts/demo.sh and scripts/test.sh: a project venv with cs-peers installed
# (editable) at the versions locked in constraints.txt (see scripts/lock.sh) and, with --test,
# the tools the tests need (headless Chromium from Debian).
# Safe to run again: every step checks before it installs.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.cs-peers-installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  echo "setup: installing cs-peers and its dependencies into .venv (versions from constraints.txt)" >&2
  .venv/bin/python -m pip install --quiet --upgrade pip
  # The lock, not the newest releases: the golden output manifests hold only with these versions.
  .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[dev]"
  touch "$stamp"
fi

if [ "${1:-}" = "--test" ]; then
  # Diagrams are checked in a real headless Chromium (Debian's package).
  if ! command -v chromium >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium for the browser tests" >&2
    SUDO=""
    if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
  for tool in java mvn; do
    command -v "$tool" >/dev/null 2>&1 || { echo "setup: $tool is required for the local Neo4j" >&2; exit 1; }
  done
fi
