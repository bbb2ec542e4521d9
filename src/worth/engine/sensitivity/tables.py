"""Results as rows of plain values: one shape for terminal tables, CSV, JSON and web pages.

Each function turns one result object into a list of dicts with stable, readable keys, in the order a
person reads them. Numbers stay unrounded floats; whoever shows them to a person rounds them (money
to whole currency units, shares to a tenth of a percent).
"""

from __future__ import annotations

from typing import Any

from worth.engine.sensitivity.drivers import ValueRegression
from worth.engine.sensitivity.errors import SensitivityError
from worth.engine.sensitivity.montecarlo import SimulationResult
from worth.engine.sensitivity.prospects import ProspectRanking
from worth.engine.sensitivity.segmentation import SegmentationResult
from worth.engine.sensitivity.sobol import SobolResult
from worth.engine.sensitivity.tornado import TornadoResult

Row = dict[str, Any]


def tornado_rows(result: TornadoResult, *, output: str | None = None) -> list[Row]:
    """One row per driver, widest swing first; with a delta price also the margin at each setting.

    ``output`` is an element (or the total, by default); the values are that output's.
    """
    name = result.total if output is None else output
    if name not in result.tornados:
        raise SensitivityError(f"unknown output {name!r}; outputs: {', '.join(result.tornados)}")
    tornado = result.tornados[name]
    margin = result.margin if name == result.total else None
    units = {s.driver: s.unit for s in result.settings}
    rows: list[Row] = []
    for rank, bar in enumerate(tornado.bars, start=1):
        row: Row = {
            "rank": rank,
            "driver": bar.driver,
            "unit": units.get(bar.driver, ""),
            "low setting": bar.low_setting,
            "high setting": bar.high_setting,
            "value at low": bar.value_at_low,
            "value at high": bar.value_at_high,
            "swing": bar.swing,
        }
        if margin is not None:
            m = margin.bar(bar.driver)
            row["margin at low"] = m.value_at_low
            row["margin at high"] = m.value_at_high
            row["offer still wins"] = "yes" if min(m.value_at_low, m.value_at_high) > 0 else "no"
        rows.append(row)
    return rows


def simulation_row(result: SimulationResult) -> Row:
    """The headline figures of one Monte Carlo run."""
    row: Row = {
        "subsegment": result.label,
        "draws": result.draws,
        "seed": result.seed,
        "mean": result.mean,
        "sd": result.sd,
        "std error of mean": result.std_error,
    }
    row.update({f"P{p:g}": v for p, v in result.percentiles.items()})
    row["delta price"] = result.delta_price
    row["delta price varies"] = result.price_varies
    row["P(delta value > delta price)"] = result.probability_wins
    row["P std error"] = result.probability_wins_se
    return row


def output_rows(result: SimulationResult) -> list[Row]:
    """Mean and standard deviation of every output (each element, the total, the delta price)."""
    return [
        {"subsegment": result.label, "output": o.name, "mean": o.mean, "sd": o.sd} for o in result.outputs
    ]


def sobol_rows(result: SobolResult) -> list[Row]:
    """First-order and total index per driver, largest total first."""
    return [
        {
            "driver": i.driver,
            "S1": i.first,
            "S1 interval ±": i.first_conf,
            "ST": i.total,
            "ST interval ±": i.total_conf,
        }
        for i in result.ranked()
    ]


def regression_rows(result: ValueRegression) -> list[Row]:
    """Coefficients with their intervals and p-values, intercept first."""
    level = f"{result.conf_level:.0%}"
    return [
        {
            "term": c.term,
            "estimate": c.estimate,
            "std error": c.std_error,
            f"{level} low": c.ci_low,
            f"{level} high": c.ci_high,
            "p-value": c.p_value,
        }
        for c in result.coefficients
    ]


def segmentation_rows(result: SegmentationResult) -> list[Row]:
    """The current and the suggested groups with their share of the variance explained."""
    rows: list[Row] = []
    groupings = [g for g in (result.current, result.suggested) if g is not None]
    for grouping in groupings:
        for group in grouping.groups:
            rows.append(
                {
                    "grouping": grouping.name,
                    "group": group.label,
                    "customers": group.n,
                    "mean": group.mean,
                    "sd": group.sd,
                    "variance explained": grouping.between_share,
                    "adjusted": grouping.adjusted_share,
                }
            )
    return rows


def split_rows(result: SegmentationResult) -> list[Row]:
    """Each split of the suggested tree with its own share of the variance."""
    return [
        {"depth": s.depth, "split": s.rule, "customers": s.customers, "variance explained": s.variance_share}
        for s in result.splits
    ]


def prospect_rows(ranking: ProspectRanking, *, subsegments: dict[str, str] | None = None) -> list[Row]:
    """Customers by predicted value with interval, delta price, chance of beating it, and reasons."""
    level = f"{ranking.conf_level:.0%}"
    rows: list[Row] = []
    for rank, p in enumerate(ranking.prospects, start=1):
        row: Row = {"rank": rank, "customer": p.customer, "status": p.status}
        if subsegments is not None:
            row["subsegment"] = subsegments.get(p.customer, "")
        row.update(
            {
                f"predicted {ranking.output}": p.predicted,
                f"{level} low": p.low,
                f"{level} high": p.high,
                "observed": p.observed,
                "delta price": p.delta_price,
                "P(value > delta price)": p.probability_above_price,
                "attractive because of": ", ".join(p.reasons[:2]),
            }
        )
        rows.append(row)
    return rows
