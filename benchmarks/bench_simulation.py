"""Benchmark: Monte Carlo of a 30-element value model against hand-written numpy and a per-draw loop.

A value model with 30 elements (83 drivers, one shared intermediate quantity, eight research customers
per subsegment) is generated and loaded like any model file. Worth's simulation of one subsegment
(word equations compiled to numpy, seeded block-wise draws in chunks, per-element moments,
percentiles, probability of beating delta price) is timed against:

- a hand-written numpy simulation of the same model with the same distributions and statistics, in
  the same run (aim: at most 1.5x);
- a per-draw Python loop evaluating the same compiled equations one draw at a time, as a spreadsheet
  add-in recalculates a workbook per trial; a sample of draws, timed in rounds between the other
  runs so all see the same machine load, is extrapolated to the full run (the table says so);

and the peak memory (RSS) of a separate process simulating 10,000,000 draws is measured (aim: under
2 GiB).

Run::

    .venv/bin/python benchmarks/bench_simulation.py [--quick] [--output DIR]

``--quick`` (seconds, to keep the script working; its ratios mean little): 20,000 draws, a 50-draw
loop sample, 100,000 draws for the memory figure.
Writes ``bench_simulation.json`` to ``benchmarks/results/`` (or ``--output``).
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from worth.engine.model import parse_model
from worth.engine.model.compiled import CompiledModel, compile_model
from worth.engine.sensitivity import ValueProblem, simulate
from worth.engine.sensitivity.model_adapter import SubsegmentProblem, subsegment_problems

ELEMENTS = 30
CUSTOMERS_PER_SUBSEGMENT = 8
SUBSEGMENT = "Large mills"
PERCENTILES = (1.0, 5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0)
LOADED = "Loaded labour cost per hour"


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


def _time(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = function()
    return time.perf_counter() - start, out


def memory_child(draws: int) -> dict[str, float]:
    """Run in a fresh process: peak RSS of simulating ``draws`` draws of the 30-element model."""
    _, item = build()
    with open("/proc/self/statm", encoding="ascii") as statm:
        before = int(statm.read().split()[1]) * resource.getpagesize() / 2**20
    start = time.perf_counter()
    result = simulate(item.problem, draws=draws, seed=1)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "draws": draws,
        "peak_rss_mib": peak,
        "rss_before_mib": before,
        "seconds": seconds,
        "mean": result.mean,
    }


def measure_memory(draws: int) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(draws)], capture_output=True, text=True, check=True
    )
    figures: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return figures


def run(*, quick: bool, seed: int = 20240601) -> dict[str, Any]:
    draws = 20_000 if quick else 1_000_000
    repeats = 1 if quick else 5
    loop_sample = 50 if quick else 2_000
    memory_draws = 100_000 if quick else 10_000_000
    setup_seconds, (compiled, item) = _time(build)
    problem = item.problem
    assert len(problem.drivers) == 3 + 2 * ELEMENTS + sum(not _uses_loaded_rate(k) for k in range(ELEMENTS))

    engine_times, numpy_times, loop_times = [], [], []
    engine = simulate(problem, draws=draws, seed=seed)
    hand = by_hand(problem, draws, seed)
    per_round = max(1, loop_sample // repeats)
    for _ in range(repeats):  # interleave so all three see the same machine load
        engine_times.append(_time(lambda: simulate(problem, draws=draws, seed=seed))[0])
        numpy_times.append(_time(lambda: by_hand(problem, draws, seed))[0])
        loop_times.append(per_draw_loop(compiled, problem, per_round, seed))
    # different random streams: the means must agree within the Monte Carlo error
    tolerance = 5 * math.hypot(engine.sd, hand["sd"]) / math.sqrt(draws)
    consistent = abs(engine.mean - hand["mean"]) < tolerance

    correlated_seconds, _ = _time(
        lambda: simulate(problem, draws=draws, seed=seed, correlations=item.correlations)
    )

    loop_sample = per_round * repeats
    loop_seconds = sum(loop_times)
    loop_extrapolated = loop_seconds / loop_sample * draws
    memory = measure_memory(memory_draws)

    engine_s = min(engine_times)
    numpy_s = min(numpy_times)
    return {
        "benchmark": "simulation",
        "quick": quick,
        "elements": ELEMENTS,
        "drivers": len(problem.drivers),
        "draws": draws,
        "repeats": repeats,
        "setup_s": round(setup_seconds, 3),
        "engine_s_best": round(engine_s, 4),
        "numpy_s_best": round(numpy_s, 4),
        "engine_s_median": round(statistics.median(engine_times), 4),
        "numpy_s_median": round(statistics.median(numpy_times), 4),
        "ratio_engine_to_numpy": round(engine_s / numpy_s, 3),
        "ratio_medians": round(statistics.median(engine_times) / statistics.median(numpy_times), 3),
        "correlated_s": round(correlated_seconds, 4),
        "loop_sample_draws": loop_sample,
        "loop_sample_s": round(loop_seconds, 4),
        "loop_extrapolated_s": round(loop_extrapolated, 1),
        "speedup_vs_loop": round(loop_extrapolated / statistics.median(engine_times), 1),
        "results_consistent": consistent,
        "engine_mean": engine.mean,
        "numpy_mean": hand["mean"],
        "memory_draws": memory["draws"],
        "memory_peak_rss_mib": round(memory["peak_rss_mib"], 1),
        "memory_rss_before_mib": round(memory["rss_before_mib"], 1),
        "memory_run_s": round(memory["seconds"], 2),
        "python": platform.python_version(),
        "numpy": np.__version__,
    }


def show(result: dict[str, Any], console: Console) -> None:
    table = Table(title=f"Monte Carlo of a {result['elements']}-element model ({result['drivers']} drivers)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    draws = f"{result['draws']:,} draws"
    table.add_row(f"Worth simulate, {draws} (best)", f"{result['engine_s_best'] * 1000:,.0f} ms")
    table.add_row(f"hand-written numpy, {draws} (best)", f"{result['numpy_s_best'] * 1000:,.0f} ms")
    table.add_row("ratio Worth / numpy", f"{result['ratio_engine_to_numpy']:.2f}x (aim <= 1.5x)")
    table.add_row("ratio of the medians", f"{result['ratio_medians']:.2f}x")
    table.add_row("Worth with correlations (Gaussian copula)", f"{result['correlated_s'] * 1000:,.0f} ms")
    table.add_row(
        f"per-draw loop, extrapolated from {result['loop_sample_draws']:,} draws",
        f"{result['loop_extrapolated_s']:,.0f} s",
    )
    table.add_row("speed-up over the per-draw loop (median run)", f"{result['speedup_vs_loop']:,.0f}x")
    table.add_row(
        f"peak memory, {result['memory_draws']:,} draws (own process)",
        f"{result['memory_peak_rss_mib']:,.0f} MiB (aim < 2,048)",
    )
    table.add_row("  of which before simulating", f"{result['memory_rss_before_mib']:,.0f} MiB")
    table.add_row("  time for that run", f"{result['memory_run_s']:,.1f} s")
    table.add_row("means agree within Monte Carlo error", "yes" if result["results_consistent"] else "NO")
    console.print(table)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="seconds: 20,000 draws, small samples")
    parser.add_argument("--output", type=Path, default=Path(__file__).resolve().parent / "results")
    parser.add_argument("--memory-child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child is not None:
        print(json.dumps(memory_child(args.memory_child)))
        return {}
    result = run(quick=args.quick)
    show(result, Console())
    args.output.mkdir(parents=True, exist_ok=True)
    path = args.output / "bench_simulation.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written {path}")
    return result


if __name__ == "__main__":
    main()
