"""Print every benchmark's figures as one table, from ``benchmarks/results/*.json``.

Each line is one figure: the benchmark, what was measured, its value (for a ratio, the median of the
interleaved rounds), the spread of the rounds (lowest-highest, and how many), the aim, whether it was
met, whether the run was ``--quick`` (small data: its ratios mean little) or full, and when it was
measured. A summary line follows: ``N figures, M met, K missed``. The report always exits 0; a
benchmark that fails makes ``make bench`` fail, not this table.

Run: ``.venv/bin/python benchmarks/report.py [--since EPOCH]`` (``make bench`` and ``make bench-quick``
run it last). ``--since`` marks with ``*`` the results measured before that moment (by an earlier
run, when a benchmark of this run failed or was not run).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import RESULTS, format_spread, with_unit

COLUMNS = ("benchmark", "figure", "value", "rounds (n)", "aim", "result", "run", "measured")


@dataclass(frozen=True)
class Row:
    benchmark: str
    figure: str
    value: str
    spread: str
    aim: str
    result: str
    run: str
    measured: str

    def cells(self) -> tuple[str, ...]:
        return (
            self.benchmark,
            self.figure,
            self.value,
            self.spread,
            self.aim,
            self.result,
            self.run,
            self.measured,
        )


def measured_at(record: dict[str, Any], path: Path) -> datetime:
    """When a result was written: its own record, else the file's time."""
    stamp = record.get("measured_at")
    if isinstance(stamp, str):
        try:
            return datetime.fromisoformat(stamp).astimezone()
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).astimezone()


def rows_of(record: dict[str, Any], path: Path, since: datetime | None) -> list[Row]:
    name = str(record.get("benchmark", path.stem)).removeprefix("bench_")
    when = measured_at(record, path)
    stale = since is not None and when < since
    rows = []
    for index, figure in enumerate(record["figures"]):
        spread = figure.get("spread")
        rounds = figure.get("rounds")
        spread_text = format_spread(spread) if spread else ""
        if spread and rounds:
            spread_text += f" ({rounds})"
        met = figure.get("met")
        first = index == 0
        rows.append(
            Row(
                benchmark=name if first else "",
                figure=str(figure["name"]),
                value=with_unit(float(figure["value"]), str(figure.get("unit", ""))),
                spread=spread_text,
                aim=str(figure.get("aim") or "-"),
                result="-" if met is None else ("met" if met else "MISSED"),
                run=("quick" if record.get("quick") else "full") if first else "",
                measured=(("*" if stale else "") + when.strftime("%Y-%m-%d %H:%M")) if first else "",
            )
        )
    return rows


def table(rows: list[Row]) -> str:
    """Plain columns: text left, numbers right, a rule under the heading."""
    right = {2, 3}
    cells = [COLUMNS, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]

    def line(values: tuple[str, ...]) -> str:
        parts = [
            v.rjust(w) if i in right else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    out = [line(COLUMNS), "  ".join("-" * w for w in widths)]
    for row in rows:
        if row.benchmark and len(out) > 2:
            out.append("")
        out.append(line(row.cells()))
    return "\n".join(out)


@dataclass
class Report:
    """Every figure found, what could not be read, and the tally."""

    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    met: int = 0
    stale: int = 0

    def add(self, record: dict[str, Any], path: Path, since: datetime | None) -> None:
        found = rows_of(record, path, since)
        self.rows += found
        if found and found[0].measured.startswith("*"):
            self.stale += len(found)
        name = path.stem.removeprefix("bench_")
        quick = " (quick run)" if record.get("quick") else ""
        for row, figure in zip(found, record["figures"], strict=True):
            if figure.get("met") is True:
                self.met += 1
            elif figure.get("met") is False:
                self.missed.append(f"{name}: {row.figure} {row.value}, aim {row.aim}{quick}")

    def show(self, folder: Path) -> None:
        if self.rows:
            print(table(self.rows))
            print()
        else:
            print(f"no results in {folder} yet: run make bench or make bench-quick")
        for note in self.notes:
            print(note)
        print(f"{len(self.rows)} figures, {self.met} met, {len(self.missed)} missed")
        for line in self.missed:
            print(f"  missed - {line}")
        if any(line.endswith("(quick run)") for line in self.missed):
            print(
                "  (a quick run uses small data and few rounds: its ratios mean little; make bench measures)"
            )
        if self.stale:
            print(f"* {self.stale} figures come from an earlier run (measured before this one started)")
        print("value: the median of the rounds; a ratio: subject / baseline, measured in turns in one run")


def read(folder: Path, since: datetime | None) -> Report:
    report = Report()
    for path in sorted(folder.glob("*.json")):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            report.notes.append(f"{path.name}: not readable ({error}); run its benchmark again")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("figures"), list):
            report.notes.append(
                f"{path.name}: no figures (written by an older version); run its benchmark again"
            )
            continue
        report.add(record, path, since)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--since", type=float, default=None, help="seconds since the epoch; older results are marked *"
    )
    parser.add_argument("--results", type=Path, default=RESULTS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    since = None if args.since is None else datetime.fromtimestamp(args.since, tz=UTC).astimezone()
    read(args.results, since).show(args.results)


if __name__ == "__main__":
    main()
