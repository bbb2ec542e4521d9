"""Benchmark: a compiled word equation against the same expression written by hand in numpy.

An 11-variable equation with ``if``, ``min`` and ``max`` is evaluated over 1,000,000 Monte Carlo
samples (200,000 with ``--quick``) in turns with the hand-written numpy expression, round after round
in the same run; the figure is the median ratio of the rounds with its spread (aim: at most 1.2x).
Both give identical results. The time to parse and compile the equation, and to build a checked
system with units, is reported too (medians of rounds, for scale; no aim).

Run: ``.venv/bin/python benchmarks/bench_equations.py [--quick]``; results go to
``benchmarks/results/bench_equations.json``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

from worth.engine.equations import EquationSystem, Quantity, parse_equation

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    Figure,
    arguments,
    calls_for,
    interleaved,
    median_figure,
    ratio_figure,
    timed,
    write_results,
)

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


AIM = 1.2


def per_call_ms(work: Callable[[], object], *, calls: int, rounds: int) -> list[float]:
    """Milliseconds per call of ``work``, one mean of ``calls`` calls per round."""
    return [timed(lambda: [work() for _ in range(calls)])[0] / calls * 1000 for _ in range(rounds)]


def run(*, quick: bool, seed: int = 20240601) -> list[Figure]:
    size = 200_000 if quick else 1_000_000
    rounds = 5 if quick else 31
    values = samples(size, np.random.default_rng(seed))
    equation = parse_equation(EQUATION)
    assert len(equation.variables) == 11
    np.testing.assert_array_equal(equation.evaluate(values), by_hand(values))

    def baseline() -> None:
        by_hand(values)

    # A round lasts at least 50 ms, so one round's ratio is not a few milliseconds of noise; the first
    # rounds are slower (the large arrays' memory is still being mapped), so three are not counted.
    timing = interleaved(
        baseline,
        lambda: equation.evaluate(values),
        rounds=rounds,
        warmup=3,
        number=calls_for(baseline, at_least_s=0.05),
    )

    def parse_and_compile() -> None:
        parse_equation(EQUATION).compiled  # noqa: B018 - compiling is what is timed

    quantities = [Quantity(name, unit) for name, unit in UNITS.items()]

    def build_system() -> None:
        system = EquationSystem.build([parse_equation(EQUATION)], quantities=quantities)
        assert system.unit_of("Yearly savings") == "USD/yr"

    parse_ms = per_call_ms(parse_and_compile, calls=calls_for(parse_and_compile), rounds=rounds)
    build_ms = per_call_ms(build_system, calls=calls_for(build_system), rounds=rounds)
    return [
        ratio_figure(
            f"equation / hand-written numpy, {size:,} samples",
            timing,
            baseline="numpy",
            aim=AIM,
        ),
        median_figure("parse + compile the equation", parse_ms, unit="ms"),
        median_figure("build a system with unit check", build_ms, unit="ms"),
    ]


def main() -> None:
    args = arguments(__doc__.splitlines()[0], quick="200,000 samples, 5 rounds (31 in full)").parse_args()
    figures = run(quick=args.quick)
    write_results("bench_equations", figures, quick=args.quick, numpy=np.__version__)


if __name__ == "__main__":
    main()
