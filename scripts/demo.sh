#!/usr/bin/env bash
# One command for the main job: set up, then build the meeting pack from the shipped sample.
# Usage: bash scripts/demo.sh [OUT_DIR]   (default: demo-pack)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/cs-peers demo --out "${1:-demo-pack}"
