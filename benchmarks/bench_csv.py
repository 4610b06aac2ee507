"""Writing the generator's CSVs: our numpy writer against pandas and pyarrow, in one run.

``python benchmarks/bench_csv.py 100000 1000000`` writes an ``associations.csv``-shaped table
(ids, type, two dates with empty cells, agency, confidence, ``REF-YYYY-NNNNNN`` references,
notes some of which hold commas and quotes) of each size three ways, median of 3 (CPU
seconds of this process, so that other work on a shared machine counts less):

- ``numpy``: :func:`cs_peers.inputs.sample.writing.write_csv`, what ``cs-peers sample`` uses;
- ``pandas``: ``DataFrame.to_csv`` (the csv module's minimal quoting), building the text
  columns from the same codes with pandas' own string operations;
- ``pyarrow``: ``pyarrow.csv.write_csv`` with its default ``quoting_style="needed"``.

Each file is compared with the numpy one byte for byte. pyarrow quotes *every* string value
under "needed" (its "none" style refuses a value with a comma, such as the ethnicity
``"Black, Black British, Caribbean or African"`` of people.csv), so it cannot write the
files the generator has always written; it is timed to show what it would cost.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from cs_peers.inputs.sample.writing import id_cells, number_cells, text_cells, write_csv

HEADER = ("source", "target", "type", "observed_on", "recorded_on", "source_agency",
          "confidence", "reference", "notes")  # fmt: skip
TYPES = ["seen_together", "frequents", "attends", "online_contact", "sibling"]
AGENCIES = ["police", "school", "health", "youth_service", "social_care"]
CONFIDENCES = ["low", "medium", "high"]
NOTES = ["", "seen at the bus station, after school", 'said "just mates"', "no concerns noted"]
DAYS = [(dt.date(2024, 1, 1) + dt.timedelta(days=d)).isoformat() for d in range(730)]
YEARS = ["2024", "2025"]


def codes(rows: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Return the codes of every column: indexes into the value tables above."""
    rng = np.random.default_rng(seed)
    nodes = max(10, rows // 6)
    observed = rng.integers(-1, len(DAYS), rows)  # -1: no observed date (an empty cell)
    recorded = rng.integers(0, len(DAYS), rows)
    return {
        "nodes": np.array([nodes]),
        "source": rng.integers(0, nodes, rows),
        "target": rng.integers(0, nodes, rows),
        "type": rng.integers(0, len(TYPES), rows),
        "observed": observed,
        "recorded": recorded,
        "agency": rng.integers(0, len(AGENCIES), rows),
        "confidence": rng.integers(0, len(CONFIDENCES), rows),
        "year": np.where(observed >= 0, observed, recorded) // 365,
        "reference": rng.integers(0, 1_000_000, rows),
        "note": rng.integers(0, len(NOTES), rows),
    }


def with_numpy(path: Path, c: dict[str, np.ndarray]) -> None:
    ids = id_cells([("YP", int(c["nodes"][0]))], 6)
    dates = text_cells([*DAYS, ""])
    write_csv(
        path,
        HEADER,
        [
            (ids, c["source"]),
            (ids, c["target"]),
            (text_cells(TYPES), c["type"]),
            (dates, c["observed"]),
            (dates, c["recorded"]),
            (text_cells(AGENCIES), c["agency"]),
            (text_cells(CONFIDENCES), c["confidence"]),
            (text_cells([f"REF-{y}-" for y in YEARS], ""), c["year"]),
            (number_cells(1_000_000, 6), c["reference"]),
            (text_cells(NOTES, "\n"), c["note"]),
        ],
    )


def _id_strings(nodes: int) -> list[str]:
    return [f"YP{i:06d}" for i in range(1, nodes + 1)]


def with_pandas(path: Path, c: dict[str, np.ndarray]) -> None:
    ids = _id_strings(int(c["nodes"][0]))
    days = [*DAYS, ""]

    def column(values: list[str], picked: np.ndarray) -> pd.Categorical:
        return pd.Categorical.from_codes(np.where(picked < 0, len(values) - 1, picked), values)

    reference = pd.Series(np.array([f"REF-{y}-" for y in YEARS], dtype=object)[c["year"]]).str.cat(
        pd.Series(c["reference"]).astype(str).str.zfill(6)
    )
    frame = pd.DataFrame(_columns(column, ids, days, c, reference))
    frame.to_csv(path, index=False, lineterminator="\n")


def _columns(
    column: Callable[[Any, np.ndarray], Any],
    ids: Any,
    days: Any,
    c: dict[str, np.ndarray],
    reference: Any,
) -> dict[str, Any]:
    """Return the associations file's columns, each picked by ``column`` (pandas or pyarrow)."""
    return {
        "source": column(ids, c["source"]),
        "target": column(ids, c["target"]),
        "type": column(TYPES, c["type"]),
        "observed_on": column(days, c["observed"]),
        "recorded_on": column(days, c["recorded"]),
        "source_agency": column(AGENCIES, c["agency"]),
        "confidence": column(CONFIDENCES, c["confidence"]),
        "reference": reference,
        "notes": column(NOTES, c["note"]),
    }


def with_pyarrow(path: Path, c: dict[str, np.ndarray]) -> None:
    ids = pa.array(_id_strings(int(c["nodes"][0])))
    days = pa.array([*DAYS, ""])

    def column(values: pa.Array | list[str], picked: np.ndarray) -> pa.Array:
        table = values if isinstance(values, pa.Array) else pa.array(values)
        return pc.take(table, pa.array(np.where(picked < 0, len(table) - 1, picked)))

    number = pc.utf8_lpad(pc.cast(pa.array(c["reference"]), pa.string()), 6, "0")
    reference = pc.binary_join_element_wise(
        column([f"REF-{y}-" for y in YEARS], c["year"]), number, ""
    )
    table = pa.table(_columns(column, ids, days, c, reference))
    pa_csv.write_csv(table, path)


def median_seconds(write: Callable[[Path, dict[str, np.ndarray]], None], path: Path,
                   c: dict[str, np.ndarray]) -> float:  # fmt: skip
    times = []
    for _ in range(3):
        start = time.process_time()
        write(path, c)
        times.append(time.process_time() - start)
    return statistics.median(times)


def main(sizes: list[int]) -> None:
    print("| rows | numpy s | pandas s (× numpy) | pyarrow s (× numpy) | pandas same bytes | "
          "pyarrow same bytes |")  # fmt: skip
    print("|---:|---:|---:|---:|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            c = codes(rows)
            files = {name: Path(tmp) / f"{name}.csv" for name in ("numpy", "pandas", "pyarrow")}
            ours = median_seconds(with_numpy, files["numpy"], c)
            slow = median_seconds(with_pandas, files["pandas"], c)
            arrow = median_seconds(with_pyarrow, files["pyarrow"], c)
            base = files["numpy"].read_bytes()
            print(
                f"| {rows:,} | {ours:.2f} | {slow:.2f} ({slow / ours:.1f}×) | "
                f"{arrow:.2f} ({arrow / ours:.1f}×) | {files['pandas'].read_bytes() == base} | "
                f"{files['pyarrow'].read_bytes() == base} |"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000])
