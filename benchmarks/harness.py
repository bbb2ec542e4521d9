"""What every benchmark shares: interleaved rounds, medians with their spread, one results file each.

A ratio measured on a shared machine swings when the baseline and the subject run at different
moments (the pricing benchmark once gave 1.19x and 2.40x an hour apart). So the baseline and the
subject run in turns, round after round (baseline, subject, baseline, subject, ...), each round gives
one ratio, and the figure reported is the **median** of those ratios with its spread (the lowest and
highest round). Each benchmark writes ``benchmarks/results/<name>.json`` with its figures, the aim and
whether it was met; ``benchmarks/report.py`` prints them all as one table.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"

__all__ = [
    "RESULTS",
    "Figure",
    "Timing",
    "arguments",
    "calls_for",
    "compare",
    "format_spread",
    "format_value",
    "interleaved",
    "median_figure",
    "peak_rss_mib",
    "ratio_figure",
    "rounds_of",
    "run_process",
    "timed",
    "with_unit",
    "write_results",
]


@dataclass(frozen=True)
class Timing:
    """Median seconds of the baseline and the subject, and the median and spread of their ratio."""

    baseline_s: float
    subject_s: float
    ratio: float
    ratio_low: float
    ratio_high: float
    rounds: int
    baseline_rounds: tuple[float, ...] = ()
    subject_rounds: tuple[float, ...] = ()

    @property
    def subject_spread(self) -> tuple[float, float]:
        """The subject's fastest and slowest round, in seconds."""
        if not self.subject_rounds:
            return (self.subject_s, self.subject_s)
        return (min(self.subject_rounds), max(self.subject_rounds))

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


def calls_for(work: Callable[[], Any], *, at_least_s: float = 0.02) -> int:
    """How many calls of ``work`` make a round of at least ``at_least_s`` (one call is timed, warm)."""
    work()
    seconds, _ = timed(work)
    return max(1, math.ceil(at_least_s / seconds)) if seconds > 0 else 1000


def rounds_of(
    works: Mapping[str, Callable[[], Any]],
    *,
    rounds: int,
    warmup: int = 1,
    number: int = 1,
    self_timed: bool = False,
) -> dict[str, list[float]]:
    """Seconds per call of each work in every round; the works run in turns, round after round.

    Every round runs each work once (``number`` calls, the mean counted), in an order that rotates
    from round to round so none always runs first, on a warmer cache. With ``self_timed`` a work
    returns the seconds it measured itself (work done in another process, say) instead of being
    timed here.
    """
    names = list(works)
    for _ in range(warmup):
        for name in names:
            works[name]()
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            work = works[name]
            if self_timed:
                spent = sum(float(work()) for _ in range(number))
            else:
                start = time.perf_counter()
                for _ in range(number):
                    work()
                spent = time.perf_counter() - start
            seconds[name].append(spent / number)
    return seconds


def compare(baseline: Sequence[float], subject: Sequence[float]) -> Timing:
    """The median ratio of subject to baseline round by round, with its spread and both medians."""
    ratios = [s / b for s, b in zip(subject, baseline, strict=True) if b > 0]
    return Timing(
        baseline_s=statistics.median(baseline),
        subject_s=statistics.median(subject),
        ratio=statistics.median(ratios),
        ratio_low=min(ratios),
        ratio_high=max(ratios),
        rounds=len(ratios),
        baseline_rounds=tuple(baseline),
        subject_rounds=tuple(subject),
    )


def interleaved(
    baseline: Callable[[], Any],
    subject: Callable[[], Any],
    *,
    rounds: int,
    warmup: int = 1,
    number: int = 1,
) -> Timing:
    """Run ``baseline`` and ``subject`` in turns; the median ratio of the rounds and its spread."""
    seconds = rounds_of(
        {"baseline": baseline, "subject": subject}, rounds=rounds, warmup=warmup, number=number
    )
    return compare(seconds["baseline"], seconds["subject"])


def run_process(command: Sequence[str], *, env: dict[str, str] | None = None) -> None:
    """Run a command to its end, output discarded; a failure ends the benchmark with its stderr."""
    done = subprocess.run(list(command), capture_output=True, env=env, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")


def peak_rss_mib() -> float:
    """This process's peak resident memory in MiB.

    ``VmHWM`` starts afresh when a process execs; ``ru_maxrss`` on Linux carries the parent's peak
    over a fork and exec, which would charge the parent's memory to a child measured on its own.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(frozen=True)
class Figure:
    """One line of the benchmark table: what was measured, the figure, the aim and whether it holds.

    ``spread`` is the lowest and highest round in the figure's own unit; ``rounds`` how many there were.
    """

    name: str
    value: float
    unit: str
    aim: str
    met: bool | None
    detail: str = ""
    spread: tuple[float, float] | None = None
    rounds: int | None = None


def ratio_figure(
    name: str,
    timing: Timing,
    *,
    baseline: str,
    aim: float | None = None,
    subject: str = "",
    unit: str = "x",
) -> Figure:
    """The median ratio of a timing as a figure (aim: at most ``aim``); the detail names both medians."""
    return Figure(
        name=name,
        value=timing.ratio,
        unit=unit,
        aim="" if aim is None else f"<= {aim:g}x",
        met=None if aim is None else timing.ratio <= aim,
        detail=(
            f"median {subject + ' ' if subject else ''}{_seconds(timing.subject_s)} "
            f"against {baseline} {_seconds(timing.baseline_s)}"
        ),
        spread=(timing.ratio_low, timing.ratio_high),
        rounds=timing.rounds,
    )


def median_figure(
    name: str,
    values: Sequence[float],
    *,
    unit: str,
    aim: str = "",
    met: Callable[[float], bool] | None = None,
    detail: str = "",
) -> Figure:
    """The median of values measured round by round (already in ``unit``), with their spread."""
    middle = statistics.median(values)
    return Figure(
        name=name,
        value=middle,
        unit=unit,
        aim=aim,
        met=None if met is None else met(middle),
        detail=detail,
        spread=(min(values), max(values)),
        rounds=len(values),
    )


def _seconds(seconds: float) -> str:
    return f"{seconds:,.2f} s" if seconds >= 1 else f"{seconds * 1000:,.{2 if seconds < 0.01 else 1}f} ms"


def format_value(value: float) -> str:
    """A figure's number as people read it: three significant digits, thousands separated."""
    if not math.isfinite(value):
        return str(value)
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:.1f}"
    if size >= 0.01 or size == 0:
        return f"{value:.2f}"
    return f"{value:.2g}"


def with_unit(value: float, unit: str) -> str:
    """A figure's number and unit: ``1.09x``, ``294 MiB``."""
    number = format_value(value)
    return f"{number}{unit}" if unit == "x" else f"{number} {unit}".rstrip()


def format_spread(spread: Sequence[float]) -> str:
    """The lowest and highest round: ``1.02-1.21``."""
    low, high = spread
    return f"{format_value(low)}-{format_value(high)}"


def arguments(description: str, *, quick: str) -> argparse.ArgumentParser:
    """The command line every benchmark accepts: ``--quick`` (``quick`` says what it runs instead)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--quick", action="store_true", help=f"a short run to keep the script working: {quick}"
    )
    return parser


def write_results(benchmark: str, figures: Sequence[Figure], *, quick: bool, **extra: Any) -> Path:
    """Write ``benchmarks/results/<benchmark>.json`` and print the figures."""
    RESULTS.mkdir(exist_ok=True)
    record = {
        "benchmark": benchmark,
        "quick": quick,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
        "figures": [asdict(f) for f in figures],
        **extra,
    }
    path = RESULTS / f"{benchmark}.json"
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")
    for figure in figures:
        verdict = "" if figure.met is None else ("  ok" if figure.met else "  MISSED")
        aim = f" (aim {figure.aim})" if figure.aim else ""
        spread = f" (rounds {format_spread(figure.spread)})" if figure.spread else ""
        print(f"{figure.name}: {with_unit(figure.value, figure.unit)}{spread}{aim}{verdict} {figure.detail}")
    print(f"written {path}")
    return path
