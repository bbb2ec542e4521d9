"""Benchmark: evaluate a generated 30-element value model for 10,000 customers.

The engine (word equations compiled to numpy closures, plus the bookkeeping that finds missing inputs,
fallbacks and non-finite results) is timed against the same 30 equations written by hand in numpy, in
the same run, on the same arrays. The figure that matters is the ratio (aim: at most 1.5x). Gathering
the inputs from the customers' observations and the whole analysis are timed too, for scale.

Run: ``.venv/bin/python benchmarks/bench_model.py [--quick]``; results go to
``benchmarks/results/bench_model.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from worth.engine.model.analysis import analyse_model
from worth.engine.model.compiled import compile_model
from worth.engine.model.evaluation import evaluate_inputs, gather_inputs
from worth.engine.model.schema import (
    Alternative,
    Constant,
    Customer,
    Driver,
    Element,
    IntermediateQuantity,
    Observation,
    Offering,
    Price,
    Segment,
    Subsegment,
    ValueModel,
)

ELEMENTS = 30
SUBSEGMENTS = ("Large", "Small")


def equation(i: int) -> str:
    """Three shapes of equation, as real models mix them; every tenth element is unfavourable."""
    a, b, r = f"[Hours {i}, alternative]", f"[Hours {i}, offering]", f"[Rate {i}]"
    if i % 3 == 0:
        return f"Saving {i} = ({a} - {b}) x {r}"
    if i % 3 == 1:
        return f"Saving {i} = ({a} - {b}) x [Cost per hour]"
    return f"Saving {i} = max({a} - {b}, 0) x {r} x (1 - [Share lost])"


def build_model(customers: int, rng: np.random.Generator) -> ValueModel:
    """A model with 30 elements, 93 drivers, a sub-equation and a constant, and its customers."""
    drivers = [Driver(name=n, unit="USD/yr") for n in ("Salary",)]
    drivers += [Driver(name="Overhead", unit="%"), Driver(name="Work hours", unit="h/yr")]
    for i in range(ELEMENTS):
        drivers += [
            Driver(name=f"Hours {i}, alternative", unit="h/yr"),
            Driver(name=f"Hours {i}, offering", unit="h/yr"),
            Driver(name=f"Rate {i}", unit="USD/h"),
        ]
    classification = {s: {"as": "point-of-difference"} for s in SUBSEGMENTS}
    elements = [
        Element.model_validate(
            {
                "name": f"Element {i}",
                "category": "economic",
                "direction": "unfavourable" if i % 10 == 9 else "favourable",
                "classification": classification,
                "equation": equation(i),
            }
        )
        for i in range(ELEMENTS)
    ]
    price = Price(amount=1000.0)
    subsegments = [
        Subsegment(
            name=name,
            characteristics=name,
            alternative=Alternative(kind="competitor", name="Rival", price=price),
        )
        for name in SUBSEGMENTS
    ]
    columns = {d.name: _column(d.name, customers, rng) for d in drivers}
    people = []
    for row in range(customers):
        observations = {
            name: Observation.model_construct(value=float(values[row]), source="measured")
            for name, values in columns.items()
        }
        people.append(
            Customer.model_construct(
                id=f"C{row}",
                name=f"Customer {row}",
                status="present",
                subsegment=SUBSEGMENTS[row % 2],
                salesperson=None,
                characteristics={},
                observations=observations,
                prices=None,
            )
        )
    return ValueModel(
        name="Generated model",
        currency="USD",
        offering=Offering(name="Offering", price=price),
        segment=Segment(name="Segment"),
        subsegments=subsegments,
        drivers=drivers,
        constants=[Constant(name="Share lost", value=0.1, unit="%", source="supplier-assumption")],
        quantities=[
            IntermediateQuantity(
                equation="Cost per hour = [Salary] x (1 + [Overhead]) / [Work hours]", unit="USD/h"
            )
        ],
        elements=elements,
        customers=people,
    )


def _column(name: str, count: int, rng: np.random.Generator) -> np.ndarray:
    if name == "Salary":
        return rng.uniform(50_000, 80_000, count)
    if name == "Overhead":
        return rng.uniform(0.3, 0.6, count)
    if name == "Work hours":
        return rng.uniform(1_500, 1_900, count)
    if name.startswith("Rate"):
        return rng.uniform(20, 200, count)
    if name.endswith("alternative"):
        return rng.uniform(50, 500, count)
    return rng.uniform(10, 100, count)


def by_hand(v: dict[str, np.ndarray]) -> tuple[dict[int, np.ndarray], np.ndarray]:
    """The same 30 elements written directly in numpy, with the same outputs as the engine: every
    element's value per customer (the analysis needs them all) and each customer's total."""
    cost = v["Salary"] * (1 + v["Overhead"]) / v["Work hours"]
    elements: dict[int, np.ndarray] = {}
    for i in range(ELEMENTS):
        a, b, r = v[f"Hours {i}, alternative"], v[f"Hours {i}, offering"], v[f"Rate {i}"]
        if i % 3 == 0:
            value = (a - b) * r
        elif i % 3 == 1:
            value = (a - b) * cost
        else:
            value = np.maximum(a - b, 0) * r * (1 - 0.1)
        elements[i] = -value if i % 10 == 9 else value
    return elements, np.column_stack(list(elements.values())).sum(axis=1)


def best_of(repeats: int, work: Callable[[], Any]) -> tuple[float, Any]:
    """Fastest of ``repeats`` runs (seconds) and the last result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def race(repeats: int, first: Callable[[], Any], second: Callable[[], Any]) -> tuple[float, Any, float, Any]:
    """Best times of two workloads run in turns, so a busy machine slows both alike."""
    best = [float("inf"), float("inf")]
    results: list[Any] = [None, None]
    for _ in range(repeats):
        for index, work in enumerate((first, second)):
            start = time.perf_counter()
            results[index] = work()
            best[index] = min(best[index], time.perf_counter() - start)
    return best[0], results[0], best[1], results[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 customers, fewer repeats (a few seconds)")
    parser.add_argument("--customers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=20240501)
    args = parser.parse_args()
    customers = args.customers if args.customers is not None else (1_000 if args.quick else 10_000)
    repeats = 10 if args.quick else 50
    rng = np.random.default_rng(args.seed)

    start = time.perf_counter()
    model = build_model(customers, rng)
    compiled = compile_model(model)
    setup = time.perf_counter() - start
    gather_s, table = best_of(1 if args.quick else 3, lambda: gather_inputs(model, model.customers))

    def engine() -> tuple[dict[str, Any], np.ndarray]:
        values = evaluate_inputs(compiled, table)
        return values, np.column_stack([e.values for e in values.values()]).sum(axis=1)

    evaluate_inputs(compiled, table)  # the first call finds the missing rows once per table
    engine_s, (engine_values, engine_total), hand_s, (hand_values, hand_total) = race(
        repeats, engine, lambda: by_hand(table.values)
    )
    np.testing.assert_allclose(engine_total, hand_total, rtol=1e-12)
    for i in range(ELEMENTS):
        np.testing.assert_allclose(engine_values[f"Element {i}"].values, hand_values[i], rtol=1e-12)
    analysis_s, _ = best_of(1, lambda: analyse_model(compiled))
    ratio = engine_s / hand_s

    rows = [
        ("hand-written numpy (baseline)", hand_s, 1.0),
        ("engine: 30 equations + checks", engine_s, ratio),
        ("gather inputs from observations", gather_s, gather_s / hand_s),
        ("whole analysis (stats, prices, sources)", analysis_s, analysis_s / hand_s),
    ]
    print(f"30-element model, {customers:,} customers (best of {repeats}); model built in {setup:.2f} s")
    print(f"{'step':<42}{'ms':>10}{'x baseline':>12}")
    for label, seconds, factor in rows:
        print(f"{label:<42}{seconds * 1000:>10.2f}{factor:>12.2f}")
    verdict = "within" if ratio <= 1.5 else "ABOVE"
    print(f"engine / hand-written ratio: {ratio:.2f} ({verdict} the 1.5x aim)")

    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    record = {
        "benchmark": "bench_model",
        "customers": customers,
        "elements": ELEMENTS,
        "quick": args.quick,
        "seconds": {label: seconds for label, seconds, _ in rows},
        "ratio_engine_to_numpy": ratio,
        "python": platform.python_version(),
        "numpy": np.__version__,
    }
    (results / "bench_model.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
