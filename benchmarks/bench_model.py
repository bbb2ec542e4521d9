"""Benchmark: evaluate a generated 30-element value model for 10,000 customers.

The engine (word equations compiled to numpy closures, plus the bookkeeping that finds missing inputs,
fallbacks and non-finite results) runs in turns with the same 30 equations written by hand in numpy,
round after round in the same run, on the same arrays; both give the same values. The figure that
matters is the median ratio of the rounds (aim: at most 1.5x). Gathering the inputs from the
customers' observations and the whole analysis are timed too, for scale (medians of rounds; no aim),
and so is reading and checking the model's JSON file (aim for 10,000 customers: within 1 s), beside
the JSON parser alone reading the same text.

Run: ``.venv/bin/python benchmarks/bench_model.py [--quick]`` (``--quick``: 1,000 customers, fewer
rounds); results go to ``benchmarks/results/bench_model.json``.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from worth.engine.model.analysis import analyse_model
from worth.engine.model.compiled import compile_model
from worth.engine.model.evaluation import evaluate_inputs, gather_inputs
from worth.engine.model.io import dump_model, read_model_text
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import arguments, calls_for, interleaved, median_figure, ratio_figure, timed, write_results

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


def milliseconds(work: Callable[[], Any], rounds: int) -> list[float]:
    """Milliseconds of one call of ``work`` in each of ``rounds`` rounds."""
    return [timed(work)[0] * 1000 for _ in range(rounds)]


def main() -> None:
    parser = arguments(__doc__.splitlines()[0], quick="1,000 customers, 9 rounds (31 in full)")
    parser.add_argument("--customers", type=int, default=None, help="customers (default 10,000)")
    parser.add_argument("--seed", type=int, default=20240501)
    args = parser.parse_args()
    customers = args.customers if args.customers is not None else (1_000 if args.quick else 10_000)
    rounds = 9 if args.quick else 31
    rng = np.random.default_rng(args.seed)

    setup_s, model = timed(lambda: build_model(customers, rng))
    compiled = compile_model(model)
    table = gather_inputs(model, model.customers)

    def engine() -> tuple[dict[str, Any], np.ndarray]:
        values = evaluate_inputs(compiled, table)
        return values, np.column_stack([e.values for e in values.values()]).sum(axis=1)

    def baseline() -> tuple[dict[int, np.ndarray], np.ndarray]:
        return by_hand(table.values)

    engine_values, engine_total = engine()  # the first call finds the missing rows once per table
    hand_values, hand_total = baseline()
    np.testing.assert_allclose(engine_total, hand_total, rtol=1e-12)
    for i in range(ELEMENTS):
        np.testing.assert_allclose(engine_values[f"Element {i}"].values, hand_values[i], rtol=1e-12)

    # One evaluation of 10,000 customers takes about a millisecond: a round makes calls for 50 ms.
    number = calls_for(baseline, at_least_s=0.05)
    timing = interleaved(baseline, engine, rounds=rounds, warmup=3, number=number)
    gather_ms = milliseconds(lambda: gather_inputs(model, model.customers), 3 if args.quick else 5)
    analysis_ms = milliseconds(lambda: analyse_model(compiled), 3)
    hand_ms = timing.baseline_s * 1000
    text = dump_model(model, "json")
    parse_s = [timed(lambda: json.loads(text))[0] for _ in range(3)]
    load_s = [timed(lambda: read_model_text(text, fmt="json"))[0] for _ in range(3)]
    aimed = customers >= 10_000
    figures = [
        ratio_figure(
            f"engine / hand-written numpy, {customers:,} customers",
            timing,
            baseline="numpy",
            aim=1.5,
        ),
        median_figure(
            "gather inputs from observations",
            gather_ms,
            unit="ms",
            detail=f"{statistics.median(gather_ms) / hand_ms:,.0f}x the hand-written evaluation",
        ),
        median_figure(
            "whole analysis (stats, prices, sources)",
            analysis_ms,
            unit="ms",
            detail=f"{statistics.median(analysis_ms) / hand_ms:,.0f}x the hand-written evaluation",
        ),
        median_figure(
            f"read and check the model file (JSON, {len(text) / 1e6:,.0f} MB)",
            load_s,
            unit="s",
            aim="<= 1 s" if aimed else "",
            met=(lambda s: s <= 1.0) if aimed else None,
            detail=f"{statistics.median(load_s) / statistics.median(parse_s):,.1f}x the JSON parser alone",
        ),
    ]
    write_results(
        "bench_model",
        figures,
        quick=args.quick,
        customers=customers,
        elements=ELEMENTS,
        model_built_s=setup_s,
        numpy=np.__version__,
    )


if __name__ == "__main__":
    main()
