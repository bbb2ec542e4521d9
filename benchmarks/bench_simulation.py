"""Benchmark: Monte Carlo of a 30-element value model against hand-written numpy and a per-draw loop.

A value model with 30 elements (83 drivers, one shared intermediate quantity, eight research customers
per subsegment) is generated and loaded like any model file. Worth's simulation of one subsegment
(word equations compiled to numpy, seeded block-wise draws in chunks, per-element moments,
percentiles, probability of beating delta price) of 1,000,000 draws runs in turns, round after round
in the same run, with:

- a hand-written numpy simulation of the same model with the same distributions and statistics (the
  baseline: median ratio of the rounds, aim at most 1.5x); the means must agree within the Monte
  Carlo error;
- a per-draw Python loop evaluating the same compiled equations one draw at a time, as a spreadsheet
  add-in recalculates a workbook per trial; a sample of draws per round is extrapolated to the full
  run, and Worth's speed-up over it is reported (no aim);
- Worth's simulation with the drivers' correlations (Gaussian copula), as a ratio to the one without
  (no aim);

and the peak memory (RSS high-water mark) of a separate process simulating 10,000,000 draws is
measured (aim: under 2 GiB).

Run: ``.venv/bin/python benchmarks/bench_simulation.py [--quick]``; results go to
``benchmarks/results/bench_simulation.json``. ``--quick`` (seconds, to keep the script working; its
ratios mean little): 20,000 draws, 5 rounds, a 50-draw loop sample, 100,000 draws for the memory
figure.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from worth.engine.model import parse_model
from worth.engine.model.compiled import CompiledModel, compile_model
from worth.engine.sensitivity import ValueProblem, simulate
from worth.engine.sensitivity.model_adapter import SubsegmentProblem, subsegment_problems

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Figure, arguments, compare, peak_rss_mib, ratio_figure, rounds_of, timed, write_results

ELEMENTS = 30
CUSTOMERS_PER_SUBSEGMENT = 8
SUBSEGMENT = "Large mills"
PERCENTILES = (1.0, 5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0)
LOADED = "Loaded labour cost per hour"
MEMORY_AIM_MIB = 2048


def _uses_loaded_rate(k: int) -> bool:
    """Every third element values its hours at the shared fully loaded labour rate."""
    return k % 3 == 0


def model_data(seed: int = 7) -> dict[str, Any]:
    """A 30-element model file (as data) with plausible observations for 16 customers."""
    rng = np.random.default_rng(seed)
    pod = {"as": "point-of-difference"}
    drivers: list[dict[str, Any]] = [
        {"name": "Technician salary", "unit": "USD/yr"},
        {"name": "Labour overhead", "unit": "%"},
        {"name": "Working hours", "unit": "h/yr"},
    ]
    elements = []
    for k in range(ELEMENTS):
        drivers += [
            {"name": f"Hours {k}, alternative", "unit": "h/yr"},
            {"name": f"Hours {k}, offering", "unit": "h/yr"},
        ]
        rate = f"[{LOADED}]" if _uses_loaded_rate(k) else f"[Rate {k}]"
        if not _uses_loaded_rate(k):
            drivers.append({"name": f"Rate {k}", "unit": "USD/h"})
        elements.append(
            {
                "name": f"Element {k}",
                "category": "economic",
                "classification": {SUBSEGMENT: pod, "Small mills": pod},
                "equation": f"Saving {k} = ([Hours {k}, alternative] - [Hours {k}, offering]) x {rate}",
            }
        )
    customers = []
    for sub, size in ((SUBSEGMENT, 1.0), ("Small mills", 0.4)):
        for i in range(CUSTOMERS_PER_SUBSEGMENT):
            obs: dict[str, float] = {
                "Technician salary": rng.uniform(50_000, 80_000),
                "Labour overhead": rng.uniform(0.3, 0.6),
                "Working hours": rng.uniform(1500, 1900),
            }
            for k in range(ELEMENTS):
                alternative = size * rng.uniform(50, 150)
                obs[f"Hours {k}, alternative"] = alternative
                obs[f"Hours {k}, offering"] = alternative * rng.uniform(0.3, 0.5)
                if not _uses_loaded_rate(k):
                    obs[f"Rate {k}"] = rng.uniform(50, 200)
            customers.append(
                {
                    "id": f"{sub[:1]}{i}",
                    "name": f"{sub} customer {i}",
                    "subsegment": sub,
                    "observations": {
                        n: {"value": round(float(v), 4), "source": "measured"} for n, v in obs.items()
                    },
                }
            )
    standard: dict[str, Any] = {"kind": "competitor", "name": "Standard", "price": {"amount": 100_000}}
    return {
        "schema_version": 1,
        "name": "Benchmark model with 30 elements",
        "currency": "USD",
        "offering": {"name": "Offering", "price": {"amount": 250_000}},
        "segment": {"name": "Mills"},
        "subsegments": [
            {"name": SUBSEGMENT, "characteristics": "large", "alternative": standard},
            {"name": "Small mills", "characteristics": "small", "alternative": standard},
        ],
        "drivers": drivers,
        "quantities": [
            {
                "equation": f"{LOADED} = [Technician salary] x (1 + [Labour overhead]) / [Working hours]",
                "unit": "USD/h",
            }
        ],
        "elements": elements,
        "customers": customers,
    }


def build() -> tuple[CompiledModel, SubsegmentProblem]:
    """The compiled benchmark model and its large-mills problem (drivers fitted, correlations estimated)."""
    compiled = compile_model(parse_model(model_data()))
    (item,) = subsegment_problems(compiled, subsegments=[SUBSEGMENT])
    return compiled, item


def by_hand(problem: ValueProblem, draws: int, seed: int) -> dict[str, Any]:
    """The same simulation written directly in numpy: same distributions, same statistics."""
    rng = np.random.default_rng(seed)
    x = {d.name: rng.normal(d.distribution.mean, d.distribution.sd, draws) for d in problem.drivers}
    loaded = x["Technician salary"] * (1 + x["Labour overhead"]) / x["Working hours"]
    total = np.zeros(draws)
    moments = {}
    for k in range(ELEMENTS):
        rate = loaded if _uses_loaded_rate(k) else x[f"Rate {k}"]
        element = (x[f"Hours {k}, alternative"] - x[f"Hours {k}, offering"]) * rate
        moments[k] = (element.mean(), element.std(ddof=1))
        total += element
    assert problem.delta_price is not None
    quantiles = np.percentile(total, [*PERCENTILES, 0.5, 99.5])
    np.histogram(total, bins=40, range=(quantiles[-2], quantiles[-1]))
    return {
        "mean": float(total.mean()),
        "sd": float(total.std(ddof=1)),
        "wins": float(np.mean(total > problem.delta_price)),
        "percentiles": quantiles[: len(PERCENTILES)],
    }


def per_draw_loop(compiled: CompiledModel, problem: ValueProblem, draws: int, seed: int) -> float:
    """Seconds for ``draws`` trials evaluated one at a time with scalar inputs (spreadsheet style)."""
    rng = np.random.default_rng(seed)
    params = [(d.name, d.distribution.mean, d.distribution.sd) for d in problem.drivers]
    start = time.perf_counter()
    for _ in range(draws):
        inputs = {name: float(rng.normal(mu, sd)) for name, mu, sd in params}
        sum(float(v) for v in compiled.evaluate(inputs).values())
    return time.perf_counter() - start


def memory_child(draws: int) -> dict[str, float]:
    """Run in a fresh process: peak RSS of simulating ``draws`` draws of the 30-element model."""
    _, item = build()
    with open("/proc/self/statm", encoding="ascii") as statm:
        before = int(statm.read().split()[1]) * resource.getpagesize() / 2**20
    seconds, result = timed(lambda: simulate(item.problem, draws=draws, seed=1))
    return {
        "draws": draws,
        "peak_rss_mib": peak_rss_mib(),
        "rss_before_mib": before,
        "seconds": seconds,
        "mean": result.mean,
    }


def measure_memory(draws: int) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(draws)], capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        sys.exit(f"the memory run failed ({completed.returncode}): {completed.stderr[-500:]}")
    figures: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return figures


def run(*, quick: bool, seed: int = 20240601) -> tuple[list[Figure], dict[str, Any]]:
    draws = 20_000 if quick else 1_000_000
    rounds = 5 if quick else 7
    loop_draws = 10 if quick else 2_000 // rounds  # per round
    memory_draws = 100_000 if quick else 10_000_000
    setup_seconds, (compiled, item) = timed(build)
    problem = item.problem
    assert len(problem.drivers) == 3 + 2 * ELEMENTS + sum(not _uses_loaded_rate(k) for k in range(ELEMENTS))

    # different random streams: the means must agree within the Monte Carlo error
    engine = simulate(problem, draws=draws, seed=seed)
    hand = by_hand(problem, draws, seed)
    tolerance = 5 * math.hypot(engine.sd, hand["sd"]) / math.sqrt(draws)
    if abs(engine.mean - hand["mean"]) >= tolerance:
        sys.exit(
            f"Worth's mean {engine.mean:,.2f} and numpy's {hand['mean']:,.2f} "
            f"differ by more than {tolerance:,.2f}"
        )

    seconds = rounds_of(
        {
            "numpy": lambda: by_hand(problem, draws, seed),
            "worth": lambda: simulate(problem, draws=draws, seed=seed),
            "loop": lambda: per_draw_loop(compiled, problem, loop_draws, seed),
            "correlated": lambda: simulate(problem, draws=draws, seed=seed, correlations=item.correlations),
        },
        rounds=rounds,
    )
    loop_extrapolated = [s / loop_draws * draws for s in seconds["loop"]]
    loop = compare(seconds["worth"], loop_extrapolated)
    memory = measure_memory(memory_draws)
    figures = [
        ratio_figure(
            f"Worth / hand-written numpy, {draws:,} draws",
            compare(seconds["numpy"], seconds["worth"]),
            baseline="numpy",
            aim=1.5,
        ),
        ratio_figure(
            "speed-up over a per-draw loop",
            loop,
            baseline="Worth",
            subject=f"loop (extrapolated from {loop_draws * rounds:,} draws)",
        ),
        ratio_figure(
            "with correlations / without",
            compare(seconds["worth"], seconds["correlated"]),
            baseline="Worth without correlations",
        ),
        Figure(
            name=f"peak memory, {memory['draws']:,} draws",
            value=memory["peak_rss_mib"],
            unit="MiB",
            aim=f"< {MEMORY_AIM_MIB:,} MiB",
            met=memory["peak_rss_mib"] < MEMORY_AIM_MIB,
            detail=(
                f"own process, {memory['rss_before_mib']:,.0f} MiB before simulating; "
                f"the run took {memory['seconds']:,.1f} s"
            ),
        ),
    ]
    extra = {
        "elements": ELEMENTS,
        "drivers": len(problem.drivers),
        "draws": draws,
        "setup_s": setup_seconds,
        "engine_mean": engine.mean,
        "numpy_mean": hand["mean"],
        "numpy": np.__version__,
    }
    return figures, extra


def main() -> None:
    parser = arguments(
        (__doc__ or "").split("\n")[0], quick="20,000 draws, 5 rounds, 100,000 draws for the memory figure"
    )
    parser.add_argument("--memory-child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child is not None:
        print(json.dumps(memory_child(args.memory_child)))
        return
    figures, extra = run(quick=args.quick)
    write_results("bench_simulation", figures, quick=args.quick, **extra)


if __name__ == "__main__":
    main()
