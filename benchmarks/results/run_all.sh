#!/usr/bin/env bash
# The large runs behind the README tables, one after another (so the methods of a row share
# the machine's load): 1M, then 100k, with cs-peers and the bare Leiden-CPM script.
cd "$(dirname "$0")/.."
PY=../.venv/bin/python
$PY eval_groups.py --sizes 1000000 --mixing 0.3 --families lfr-like \
  --methods cs-peers igraph-leiden-cpm > results/eval-1m.md 2> results/eval-1m.err
$PY eval_groups.py --sizes 100000 --mixing 0.3 --families sample dcsbm \
  --methods cs-peers igraph-leiden-cpm > results/eval-100k-more.md 2> results/eval-100k-more.err
