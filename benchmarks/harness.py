"""What every benchmark shares: interleaved rounds, medians with their spread, one results file each.

A ratio measured on a shared machine swings when the baseline and the subject run at different
moments (the pricing benchmark once gave 1.19x and 2.40x an hour apart). So the baseline and the
subject run in turns, round after round (baseline, subject, baseline, subject, ...), each round gives
one ratio, and the figure reported is the **median** of those ratios with its spread (the lowest and
highest round). Each benchmark writes ``benchmarks/results/<name>.json`` with its figures, the aim and
whether it was met; ``benchmarks/report.py`` prints them all as one table.
"""

from __future__ import annotations

import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"

__all__ = ["RESULTS", "Figure", "Timing", "interleaved", "run_process", "timed", "write_results"]


@dataclass(frozen=True)
class Timing:
    """Median seconds of the baseline and the subject, and the median and spread of their ratio."""

    baseline_s: float
    subject_s: float
    ratio: float
    ratio_low: float
    ratio_high: float
    rounds: int

    def describe(self) -> str:
        return (
            f"{self.ratio:.2f}x (rounds {self.ratio_low:.2f}-{self.ratio_high:.2f}x, n={self.rounds}; "
            f"median {self.subject_s * 1000:,.1f} ms against {self.baseline_s * 1000:,.1f} ms)"
        )


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds one call of ``work`` takes, and its result."""
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def interleaved(
    baseline: Callable[[], Any], subject: Callable[[], Any], *, rounds: int, warmup: int = 1
) -> Timing:
    """Run ``baseline`` and ``subject`` in turns; the median ratio of the rounds and its spread."""
    for _ in range(warmup):
        baseline()
        subject()
    base: list[float] = []
    subj: list[float] = []
    for index in range(rounds):
        # Alternate which goes first, so neither always runs on a warmer cache.
        order = ((base, baseline), (subj, subject)) if index % 2 == 0 else ((subj, subject), (base, baseline))
        for bucket, work in order:
            seconds, _ = timed(work)
            bucket.append(seconds)
    ratios = [s / b for s, b in zip(subj, base, strict=True) if b > 0]
    return Timing(
        baseline_s=statistics.median(base),
        subject_s=statistics.median(subj),
        ratio=statistics.median(ratios),
        ratio_low=min(ratios),
        ratio_high=max(ratios),
        rounds=rounds,
    )


def run_process(command: Sequence[str], *, env: dict[str, str] | None = None) -> None:
    """Run a command to its end, output discarded; a failure ends the benchmark with its stderr."""
    done = subprocess.run(list(command), capture_output=True, env=env, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")


@dataclass(frozen=True)
class Figure:
    """One line of the benchmark table: what was measured, the figure, the aim and whether it holds."""

    name: str
    value: float
    unit: str
    aim: str
    met: bool | None
    detail: str = ""
    spread: tuple[float, float] | None = None


def write_results(benchmark: str, figures: Sequence[Figure], *, quick: bool, **extra: Any) -> Path:
    """Write ``benchmarks/results/<benchmark>.json`` and print the figures."""
    RESULTS.mkdir(exist_ok=True)
    record = {
        "benchmark": benchmark,
        "quick": quick,
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "figures": [asdict(f) for f in figures],
        **extra,
    }
    path = RESULTS / f"{benchmark}.json"
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")
    for figure in figures:
        verdict = "" if figure.met is None else ("  ok" if figure.met else "  MISSED")
        print(f"{figure.name}: {figure.value:,.3g} {figure.unit} (aim {figure.aim}){verdict} {figure.detail}")
    return path
