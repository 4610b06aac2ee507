#!/usr/bin/env bash
# The runs behind the README tables (one after another, so the methods of a row share the load).
cd "$(dirname "$0")/.."
PY=../.venv/bin/python
$PY eval_groups.py --sizes 100000 --mixing 0.3 --families lfr-like sample dcsbm \
  --methods cs-peers igraph-leiden-cpm igraph-infomap leidenalg-significance > results/eval-100k.md 2> results/eval-100k.err
$PY eval_groups.py --sizes 1000000 --mixing 0.3 --families lfr-like sample \
  --methods cs-peers igraph-leiden-cpm > results/eval-1m.md 2> results/eval-1m.err
