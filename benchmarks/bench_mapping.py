"""Reading through a mapping: a messy single sheet of links against the contract files.

The data come from ``cs_peers.inputs.sample.generate_sample``; its associations are rewritten as an
analyst's export would hold them — one links file with its own headers, title-case words for
types, agencies, confidence and kinds, day-first ``d/m/Y`` dates — and read back through a
mapping, inferring people and contexts. Each reader runs in its own process (peak RSS is its
own, from /proc's VmHWM), in the same run, on the same data:

- ``contract``: ``load_dataset(folder)`` of the three contract CSV files (read + validate);
- ``mapped-csv``: ``load_dataset(None, mapping=…)`` of ``links.csv`` (read, map words, parse
  day-first dates, infer people and contexts, validate);
- ``bare-pandas``: ``pd.read_csv(links.csv)`` plus ``pd.to_datetime(dayfirst=True)`` of the two
  date columns — reading alone, no checks;
- ``mapped-xlsx`` (``--xlsx``): the same links as an ``.xlsx`` workbook, half the dates as Excel
  date cells;
- ``set-aside-clean`` (``--set-aside``): ``links.csv`` read with ``set_aside=True``
  (``--set-aside-bad-rows``): the cost of the mode when no row is bad;
- ``set-aside-1pct`` (``--set-aside``): ``bad.csv``, the same links with one row in a hundred
  given an unknown word ("Cousin"), read with ``set_aside=True``: those rows are found, listed
  and left out, and the rest validated again.

The mapped associations are checked equal to the contract's (frames compared) before timing.

Usage::

    python benchmarks/bench_mapping.py --sizes 10000 100000
    python benchmarks/bench_mapping.py --sizes 10000 --xlsx
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd

HEADERS = {
    "source": "Person A ID",
    "source_kind": "Person A type",
    "target": "Person B ID",
    "target_kind": "Person B type",
    "type": "Relationship",
    "observed_on": "Date seen",
    "recorded_on": "Date entered",
    "source_agency": "Source",
    "confidence": "Confidence",
    "grading": "Grade",
    "reference": "Ref",
    "notes": "Notes",
}
KIND_WORDS = {
    "young_person": "YP",
    "adult": "Adult",
    "school": "School",
    "location": "Place",
    "online": "Online",
    "other": "Other",
}


def _word(value: str) -> str:
    return value.replace("_", " ").capitalize()


def _day_first(iso: pd.Series) -> pd.Series:
    parts = iso.str.split("-", expand=True)
    text = parts[2].str.lstrip("0") + "/" + parts[1] + "/" + parts[0]
    return text.where(iso != "", "")


def write_messy(folder: Path, out: Path, *, xlsx: bool) -> Path:
    """Write links.csv (and links.xlsx) and their mappings from a contract folder; return out."""
    from cs_peers.inputs.source import load_dataset
    from cs_peers.inputs.vocabulary import load_vocabulary

    data = load_dataset(folder)
    kinds = dict(zip(data.people["id"], data.people["kind"], strict=True)) | dict(
        zip(data.contexts["id"], data.contexts["kind"], strict=True)
    )
    a = data.associations
    links = pd.DataFrame(
        {
            HEADERS["source"]: a["source"],
            HEADERS["source_kind"]: a["source"].map(kinds).map(KIND_WORDS),
            HEADERS["target"]: a["target"],
            HEADERS["target_kind"]: a["target"].map(kinds).map(KIND_WORDS),
            HEADERS["type"]: a["type"].map(_word),
            HEADERS["observed_on"]: _day_first(a["observed_on"]),
            HEADERS["recorded_on"]: _day_first(a["recorded_on"]),
            HEADERS["source_agency"]: a["source_agency"].map(_word),
            HEADERS["confidence"]: a["confidence"].str.capitalize(),
            HEADERS["grading"]: a["grading"],
            HEADERS["reference"]: a["reference"],
            HEADERS["notes"]: a["notes"],
        }
    )
    out.mkdir(parents=True, exist_ok=True)
    links.to_csv(out / "links.csv", index=False)
    vocabulary = load_vocabulary()
    lines = ["[associations.columns]"]
    lines += [f'{column} = "{header}"' for column, header in HEADERS.items()]
    lines.append("[associations.values.type]")
    lines += [f'"{_word(t)}" = "{t}"' for t in vocabulary.types]
    lines.append("[associations.values.source_agency]")
    lines += [f'"{_word(s)}" = "{s}"' for s in sorted(set(a["source_agency"])) if s]
    for end in ("source_kind", "target_kind"):
        lines.append(f"[associations.values.{end}]")
        lines += [f'"{word}" = "{kind}"' for kind, word in KIND_WORDS.items()]
    lines += ["[dates]", 'order = "day-first"', ""]
    body = "\n".join(lines)
    (out / "csv.toml").write_text(f'[associations]\nfile = "links.csv"\n{body}', "utf-8")
    bad = links.copy()
    bad.loc[bad.index % 100 == 7, HEADERS["type"]] = "Cousin"
    bad.to_csv(out / "bad.csv", index=False)
    (out / "bad.toml").write_text(f'[associations]\nfile = "bad.csv"\n{body}', "utf-8")
    if xlsx:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Links")
        sheet.append(list(links.columns))
        columns = list(links.columns)
        dated = {columns.index(HEADERS[c]): a[c].to_numpy() for c in ("observed_on", "recorded_on")}
        for i, row in enumerate(links.itertuples(index=False)):
            cells = list(row)
            if i % 2 == 0:  # half the dates as real Excel date cells
                for col, days in dated.items():
                    cells[col] = date.fromisoformat(days[i]) if days[i] else None
            sheet.append(cells)
        book.save(out / "links.xlsx")
        (out / "xlsx.toml").write_text(
            f'[associations]\nfile = "links.xlsx"\nsheet = "Links"\n{body}', "utf-8"
        )
    return out


def run_one(method: str, folder: Path, messy: Path) -> dict[str, float]:
    """Run one reader in this process; return its seconds and peak RSS."""
    start = time.perf_counter()
    if method == "contract":
        from cs_peers.inputs.source import load_dataset

        rows = len(load_dataset(folder).associations)
    elif method in ("mapped-csv", "mapped-xlsx"):
        from cs_peers.inputs.source import load_dataset

        name = "csv.toml" if method == "mapped-csv" else "xlsx.toml"
        rows = len(load_dataset(None, mapping=messy / name).associations)
    elif method in ("set-aside-clean", "set-aside-1pct"):
        from cs_peers.inputs.source import load_dataset

        name = "csv.toml" if method == "set-aside-clean" else "bad.toml"
        rows = len(load_dataset(None, mapping=messy / name, set_aside=True).associations)
    else:
        frame = pd.read_csv(messy / "links.csv", dtype=str, keep_default_na=False)
        for header in (HEADERS["observed_on"], HEADERS["recorded_on"]):
            pd.to_datetime(frame[header], dayfirst=True, format="%d/%m/%Y", errors="coerce")
        rows = len(frame)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # VmHWM is this program's own peak; ru_maxrss would carry the parent's across exec.
    status = Path("/proc/self/status").read_text()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
    cpu = usage.ru_utime + usage.ru_stime
    return {"seconds": seconds, "cpu": cpu, "peak_mib": peak, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--xlsx", action="store_true", help="also a workbook (slow to write)")
    parser.add_argument(
        "--set-aside", action="store_true", help="also read with bad rows set aside"
    )
    parser.add_argument("--one", nargs=3, metavar=("METHOD", "FOLDER", "MESSY"))
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], Path(args.one[1]), Path(args.one[2]))))
        return
    from cs_peers.inputs.sample import generate_sample
    from cs_peers.inputs.source import load_dataset

    print("| young people | associations | reader | seconds | CPU s | peak MiB | × contract (s) |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder, messy = Path(tmp) / "contract", Path(tmp) / "messy"
            generate_sample(folder, young_people=size, seed=1)
            write_messy(folder, messy, xlsx=args.xlsx)
            contract = load_dataset(folder).associations
            methods = ["contract", "mapped-csv", "bare-pandas"]
            if args.xlsx:
                methods.append("mapped-xlsx")
            if args.set_aside:
                methods += ["set-aside-clean", "set-aside-1pct"]
            for name in [m for m in methods if m.startswith("mapped")]:
                toml = "csv.toml" if name == "mapped-csv" else "xlsx.toml"
                mapped = load_dataset(None, mapping=messy / toml).associations
                pd.testing.assert_frame_equal(mapped, contract)
            base = None
            for method in methods:
                result = json.loads(
                    subprocess.run(
                        [sys.executable, __file__, "--one", method, str(folder), str(messy)],
                        check=True,
                        capture_output=True,
                        text=True,
                    ).stdout
                )
                base = base or result["seconds"]
                print(
                    f"| {size:,} | {result['rows']:,} | {method} | {result['seconds']:.2f} | "
                    f"{result['cpu']:.2f} | {result['peak_mib']:,.0f} | "
                    f"{result['seconds'] / base:.2f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
