"""Benchmark: a compiled word equation against the same expression written by hand in numpy.

An 11-variable equation with ``if``, ``min`` and ``max`` is evaluated over 1,000,000 Monte Carlo
samples (200,000 with ``--quick``), alternating with the hand-written numpy expression in the same run;
the table reports both medians and their ratio (aim: at most 1.2x), the ratio of the best runs, and
the time to parse and compile the equation and to build a checked system with units.

Run::

    .venv/bin/python benchmarks/bench_equations.py [--quick] [--output DIR]

Writes ``bench_equations.json`` to ``benchmarks/results/`` (or ``--output``).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from worth.engine.equations import EquationSystem, Quantity, parse_equation

EQUATION = (
    "Yearly savings = if([Failures, alternative] > [Failures, offering], "
    "([Failures, alternative] - [Failures, offering]) x [Downtime hours per failure] x [Margin per hour], 0)"
    " + max(0, [Energy, alternative] - [Energy, offering]) x [Energy price]"
    " + min([Labour hours saved], [Labour hours cap]) x [Labour rate]"
    " - [Installation cost]"
)
UNITS = {
    "Failures, alternative": "failures/yr",
    "Failures, offering": "failures/yr",
    "Downtime hours per failure": "h/failure",
    "Margin per hour": "USD/h",
    "Energy, alternative": "kWh/yr",
    "Energy, offering": "kWh/yr",
    "Energy price": "USD/kWh",
    "Labour hours saved": "h/yr",
    "Labour hours cap": "h/yr",
    "Labour rate": "USD/h",
    "Installation cost": "USD/yr",
}


def samples(size: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Plausible Monte Carlo draws for each driver of the demo bearings case."""
    return {
        "Failures, alternative": rng.poisson(6.0, size).astype(np.float64),
        "Failures, offering": rng.poisson(2.0, size).astype(np.float64),
        "Downtime hours per failure": rng.lognormal(np.log(8.0), 0.3, size),
        "Margin per hour": rng.normal(2500.0, 300.0, size),
        "Energy, alternative": rng.normal(1.2e6, 1e5, size),
        "Energy, offering": rng.normal(1.1e6, 1e5, size),
        "Energy price": rng.uniform(0.06, 0.12, size),
        "Labour hours saved": rng.normal(300.0, 60.0, size),
        "Labour hours cap": np.full(size, 350.0),
        "Labour rate": rng.normal(55.0, 5.0, size),
        "Installation cost": rng.normal(4000.0, 500.0, size),
    }


def by_hand(v: dict[str, np.ndarray]) -> np.ndarray:
    """The same equation written directly in numpy."""
    fa, fo = v["Failures, alternative"], v["Failures, offering"]
    result: np.ndarray = (
        np.where(fa > fo, (fa - fo) * v["Downtime hours per failure"] * v["Margin per hour"], 0)
        + np.maximum(0, v["Energy, alternative"] - v["Energy, offering"]) * v["Energy price"]
        + np.minimum(v["Labour hours saved"], v["Labour hours cap"]) * v["Labour rate"]
        - v["Installation cost"]
    )
    return result


def _time(function: Callable[[], Any]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def run(*, quick: bool, seed: int = 20240601) -> dict[str, Any]:
    size = 200_000 if quick else 1_000_000
    repeats = 5 if quick else 15
    values = samples(size, np.random.default_rng(seed))
    equation = parse_equation(EQUATION)
    assert len(equation.variables) == 11

    expected = by_hand(values)
    got = equation.evaluate(values)
    np.testing.assert_array_equal(got, expected)

    engine_times: list[float] = []
    numpy_times: list[float] = []
    for _ in range(repeats):  # alternate so both see the same machine load
        engine_times.append(_time(lambda: equation.evaluate(values)))
        numpy_times.append(_time(lambda: by_hand(values)))

    parse_runs = 50 if quick else 200
    start = time.perf_counter()
    for _ in range(parse_runs):
        parse_equation(EQUATION).compiled  # noqa: B018 - compiling is what is timed
    parse_compile_ms = (time.perf_counter() - start) / parse_runs * 1000

    quantities = [Quantity(name, unit) for name, unit in UNITS.items()]
    start = time.perf_counter()
    for _ in range(parse_runs // 5):
        system = EquationSystem.build([parse_equation(EQUATION)], quantities=quantities)
    build_ms = (time.perf_counter() - start) / (parse_runs // 5) * 1000
    assert system.unit_of("Yearly savings") == "USD/yr"

    engine_ms = statistics.median(engine_times) * 1000
    numpy_ms = statistics.median(numpy_times) * 1000
    return {
        "benchmark": "equations",
        "quick": quick,
        "samples": size,
        "repeats": repeats,
        "variables": len(equation.variables),
        "engine_ms_median": round(engine_ms, 3),
        "numpy_ms_median": round(numpy_ms, 3),
        "ratio_engine_to_numpy": round(engine_ms / numpy_ms, 3),
        "engine_ms_best": round(min(engine_times) * 1000, 3),
        "numpy_ms_best": round(min(numpy_times) * 1000, 3),
        "ratio_best": round(min(engine_times) / min(numpy_times), 3),
        "parse_compile_ms": round(parse_compile_ms, 3),
        "system_build_ms": round(build_ms, 3),
        "results_identical": True,
        "python": platform.python_version(),
        "numpy": np.__version__,
    }


def show(result: dict[str, Any], console: Console) -> None:
    table = Table(title=f"Word equation vs numpy, {result['samples']:,} samples")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("compiled equation (median)", f"{result['engine_ms_median']:.2f} ms")
    table.add_row("hand-written numpy (median)", f"{result['numpy_ms_median']:.2f} ms")
    table.add_row("ratio equation / numpy", f"{result['ratio_engine_to_numpy']:.2f}x (aim <= 1.2x)")
    table.add_row("ratio of the best runs", f"{result['ratio_best']:.2f}x")
    table.add_row("parse + compile", f"{result['parse_compile_ms']:.2f} ms")
    table.add_row("build system with unit check", f"{result['system_build_ms']:.2f} ms")
    console.print(table)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few seconds: 200,000 samples, 5 repeats")
    parser.add_argument("--output", type=Path, default=Path(__file__).resolve().parent / "results")
    args = parser.parse_args(argv)
    result = run(quick=args.quick)
    show(result, Console())
    args.output.mkdir(parents=True, exist_ok=True)
    path = args.output / "bench_equations.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written {path}")
    return result


if __name__ == "__main__":
    main()
