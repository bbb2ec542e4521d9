"""The value summary: the customer value model as the method asks the team to present it.

Per subsegment, against its next-best alternative: each point of difference and contention with its
value in money (mean, spread and interval over the subsegment's customers), its word equation twice
(in words only, and with the values of a worked example and the result), its classification and status
and its explicit assumptions; points of parity listed as such (with money only when they have an
equation); unfavourable elements as negative amounts; and the value placeholders listed separately,
never added. The named assumptions the model rests on (constants and fallback defaults) close it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from worth.engine.equations.render import Piece, plain
from worth.engine.model.analysis import ModelAnalysis
from worth.engine.model.choice import Choice, customer_choice
from worth.engine.model.prices import SubsegmentPrices
from worth.engine.model.schema import (
    PERIOD_WORDS,
    Alternative,
    Classification,
    Constant,
    Customer,
    Driver,
    Element,
    Placeholder,
)
from worth.engine.model.stats import Summary

__all__ = [
    "EquationView",
    "SubsegmentSummary",
    "SummaryElement",
    "ValueSummary",
    "subsegment_choice",
    "value_summary",
]

WorkedExample = Literal["typical-customer", "subsegment-means"]


@dataclass(frozen=True)
class EquationView:
    """An equation in words only and with the worked example's values, as pieces a report marks up.

    ``values`` is ``None`` when the worked example lacks an input the equation needs.
    """

    target: str
    words: tuple[Piece, ...]
    values: tuple[Piece, ...] | None

    @property
    def words_text(self) -> str:
        return plain(self.words)

    @property
    def values_text(self) -> str | None:
        return plain(self.values) if self.values is not None else None


@dataclass(frozen=True)
class SummaryElement:
    """One element as shown in one subsegment's value summary."""

    element: Element
    classification: Classification
    stats: Summary | None
    equation: EquationView | None

    @property
    def unfavourable(self) -> bool:
        return self.element.direction == "unfavourable"


@dataclass(frozen=True)
class SubsegmentSummary:
    """One subsegment's customer value model.

    ``example`` names what the equations' values come from: a typical customer's name (the customer
    whose total is closest to the subsegment's median) or "subsegment means".
    """

    name: str
    characteristics: str
    alternative: Alternative
    customers: int
    example: str
    differences: list[SummaryElement]
    parity: list[SummaryElement]
    total: Summary
    prices: SubsegmentPrices
    choice: Choice


@dataclass(frozen=True)
class ValueSummary:
    """The whole value summary: one part per subsegment, then what is listed beside the money."""

    subsegments: list[SubsegmentSummary]
    quantities: dict[str, list[EquationView]]
    placeholders: list[Placeholder]
    constants: list[Constant]
    fallbacks: list[tuple[Driver, int]]


def _typical_row(analysis: ModelAnalysis, rows: np.ndarray) -> int | None:
    """The row whose total is closest to the median of the subsegment's complete totals (first on ties)."""
    evaluation = analysis.evaluation
    candidates = np.flatnonzero(rows)
    if candidates.size == 0:
        return None
    totals = evaluation.totals[candidates]
    complete = ~np.isnan(totals)
    if complete.any():
        pool, values = candidates[complete], totals[complete]
    else:
        pool, values = candidates, evaluation.partial_totals[candidates]
    median = float(np.median(values))
    return int(pool[int(np.argmin(np.abs(values - median)))])


def _example_inputs(
    analysis: ModelAnalysis, rows: np.ndarray, mode: WorkedExample
) -> tuple[str, dict[str, float]]:
    table = analysis.evaluation.inputs
    if mode == "subsegment-means":
        means = {}
        for name, column in table.values.items():
            picked = column[rows]
            picked = picked[~np.isnan(picked)]
            means[name] = float(picked.mean()) if picked.size else float("nan")
        return "subsegment means", means
    row = _typical_row(analysis, rows)
    if row is None:
        return "no customers", {}
    customer: Customer = analysis.evaluation.customers[row]
    return customer.name, {name: float(column[row]) for name, column in table.values.items()}


def _equation_view(analysis: ModelAnalysis, target: str, inputs: dict[str, float]) -> EquationView:
    system = analysis.compiled.system
    needed = system.inputs_of(target) - set(system.constants)
    values = None
    given = {name: inputs.get(name, float("nan")) for name in needed}
    if all(np.isfinite(value) for value in given.values()):
        values = system.value_pieces(target, given)
    return EquationView(target, system.word_pieces(target), values)


def subsegment_choice(analysis: ModelAnalysis, subsegment: str) -> Choice:
    """The customer's choice for the subsegment's average customer (means over the computable ones)."""
    model = analysis.model
    prices = analysis.price_summary[subsegment]
    who = f"The average customer of {subsegment} ({prices.n} customers)"
    if prices.n == 1:
        who = f"The customer of {subsegment}"
    return customer_choice(
        who=who,
        offering=model.offering.name,
        alternative=model.subsegment(subsegment).alternative.name,
        delta_value=prices.mean_delta_value,
        offering_price=prices.mean_offering_price,
        alternative_price=prices.mean_alternative_price,
        currency=model.currency,
        period=PERIOD_WORDS[model.period],
    )


def value_summary(analysis: ModelAnalysis, *, example: WorkedExample = "typical-customer") -> ValueSummary:
    """Build the value summary from an analysis.

    Parameters
    ----------
    analysis
        As from :func:`worth.engine.model.analysis.analyse_model`.
    example
        Where the values in the equations come from: the subsegment's typical customer (values and
        results are that customer's, consistent with its row in the tables) or the subsegment means of
        each input (the result then differs from the mean element value, as the mean of a product is
        not the product of the means).

    Returns
    -------
    ValueSummary
    """
    model = analysis.model
    compiled = analysis.compiled
    parts: list[SubsegmentSummary] = []
    quantity_views: dict[str, list[EquationView]] = {}
    quantity_targets = [t for t in compiled.system.order if t not in compiled.targets.values()]
    for sub in model.subsegments:
        rows = analysis.evaluation.rows(sub.name)
        label, inputs = _example_inputs(analysis, rows, example)
        differences: list[SummaryElement] = []
        parity: list[SummaryElement] = []
        for element in model.elements:
            classification = element.classification[sub.name]
            target = compiled.targets.get(element.name)
            stats = analysis.elements[element.name].by_subsegment[sub.name] if target else None
            view = _equation_view(analysis, target, inputs) if target else None
            item = SummaryElement(element, classification, stats, view)
            (parity if classification.as_ == "point-of-parity" else differences).append(item)
        quantity_views[sub.name] = [_equation_view(analysis, t, inputs) for t in quantity_targets]
        parts.append(
            SubsegmentSummary(
                sub.name,
                sub.characteristics,
                sub.alternative,
                int(rows.sum()),
                label,
                differences,
                parity,
                analysis.totals[sub.name],
                analysis.price_summary[sub.name],
                subsegment_choice(analysis, sub.name),
            )
        )
    table = analysis.evaluation.inputs
    fallbacks = [
        (d, int(table.fallback[d.name].sum())) for d in model.drivers if table.fallback[d.name].any()
    ]
    return ValueSummary(parts, quantity_views, list(model.placeholders), list(model.constants), fallbacks)
