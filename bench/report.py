"""Render results of `bench/run.py --json FILE` as Markdown tables (for docs/benchmarks.md).

    uv run python bench/report.py sqlite.json                      # one table: the run as printed
    uv run python bench/report.py sqlite.json postgres.json        # side by side: best ms and queries per file
    uv run python bench/report.py small.json large.json --queries  # same, plus "possible N+1" details

Side by side, a benchmark whose query count differs between two runs of different scales is marked
with ⚠: on a page or list that is the signature of an N+1 (queries growing with rows).
Needs nothing but the standard library; does not touch the database.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def load(path: str) -> dict:
    return json.loads(Path(path).read_text())


def number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return ""
    if value < 1 and digits:
        return f"{value:,.3f}"
    return f"{value:,.{digits}f}"


def queries(r: dict) -> str:
    return str(r["queries"]) if r["queries"] == r["queries_max"] else f"{r['queries']}–{r['queries_max']}"


def machine_line(run: dict) -> str:
    m = run["machine"]
    load_start, load_end = m.get("loadavg_start", [0])[0], m.get("loadavg_end", [0])[0]
    return (f"{m['database']}, scale {m['scale']}, best of {m['repeat']}; {m['cpu']} ×{m['nproc']}, "
            f"{m['memory']}; Python {m['python']}, Django {m['django']}; {m['date']}; "
            f"load average {load_start:.2f} → {load_end:.2f}; total {m.get('total_seconds', '?')} s; "
            f"code {m.get('commit', '?')}" + (f"; {m['label']}" if m.get("label") else ""))


def single(run: dict) -> str:
    lines = [machine_line(run), "",
             "| benchmark | rows | best ms | median ms | queries | rows/s | note |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for r in run["results"]:
        rows = "" if r["rows"] is None else str(r["rows"])
        note = r["note"] + (" **possible N+1**" if r["repeated"] else "")
        lines.append(f"| {r['name']} | {rows} | {number(r['best_ms'])} | {number(r['median_ms'])} | "
                     f"{queries(r)} | {number(r['rate'], 0)} | {note} |")
    return "\n".join(lines)


def side_by_side(runs: list[tuple[str, dict]]) -> str:
    names: list[str] = []
    by_run = []
    for _path, run in runs:
        results = {r["name"]: r for r in run["results"]}
        by_run.append(results)
        names += [n for n in results if n not in names]
    head = "| benchmark | " + " | ".join(f"{Path(p).stem} best ms | queries" for p, _ in runs) + " |"
    lines = [*(f"* `{Path(p).stem}`: {machine_line(run)}" for p, run in runs), "", head,
             "|---|" + "---:|---:|" * len(runs)]
    for name in names:
        cells, counts = [], set()
        for results in by_run:
            r = results.get(name)
            if r is None:
                cells += ["", ""]
                continue
            cells += [number(r["best_ms"]), queries(r)]
            counts.add(r["queries"])
        is_per_row = any(name.startswith(p) for p in ("build", "import", "audit", "migrate"))
        mark = " ⚠" if len(counts) > 1 and not is_per_row else ""
        lines.append(f"| {name}{mark} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="JSON files written by bench/run.py --json")
    parser.add_argument("--queries", action="store_true", help="also list repeated statements (possible N+1)")
    args = parser.parse_args()
    runs = [(path, load(path)) for path in args.files]
    print(single(runs[0][1]) if len(runs) == 1 else side_by_side(runs))
    if args.queries:
        for path, run in runs:
            for r in run["results"]:
                for n, sql in r["repeated"]:
                    print(f"\n{Path(path).stem} · {r['name']}: {n}× `{sql}`")


if __name__ == "__main__":
    main()
