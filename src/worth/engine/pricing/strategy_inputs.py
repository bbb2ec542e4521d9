"""The researched customers of a subsegment as penetration against skimming needs them, from an analysis.

Each customer of the subsegment in the research sample with a computable total value and a price of
the next-best alternative (and, with a volume, a positive one) becomes a
:class:`~worth.engine.pricing.strategy.StrategyCustomer`; every other one is named with the reason it
is left out, so no customer silently drops from the curve.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from worth.engine.pricing.errors import PricingError
from worth.engine.pricing.strategy import StrategyCustomer, Unvalued

if TYPE_CHECKING:
    from worth.engine.model.analysis import ModelAnalysis
    from worth.engine.model.schema import ValueModel

__all__ = ["strategy_customers", "volume_choices"]


def volume_choices(model: ValueModel) -> list[str]:
    """What may count a customer's volume: the model's drivers and numeric characteristics."""
    names = [d.name for d in model.drivers]
    names += [c.name for c in model.characteristics if c.kind == "numeric" and c.name not in names]
    return names


def _why_not(analysis: ModelAnalysis, row: int) -> str:
    parts = []
    for name, element in analysis.evaluation.elements.items():
        if math.isnan(element.values[row]):
            missing = element.missing.get(row, ())
            why = f"no {', '.join(missing)}" if missing else "its equation gives no finite number"
            parts.append(f"{name}: {why}")
    return "not computable: " + "; ".join(parts) if parts else "no total value"


def _volume_of(analysis: ModelAnalysis, row: int, name: str) -> float | None:
    inputs = analysis.evaluation.inputs.values
    if name in inputs:
        value = float(inputs[name][row])
        return value if math.isfinite(value) else None
    given = analysis.evaluation.customers[row].characteristics.get(name)
    return float(given) if isinstance(given, int | float) else None


def strategy_customers(
    analysis: ModelAnalysis, subsegment: str, *, volume: str | None = None
) -> tuple[list[StrategyCustomer], list[Unvalued]]:
    """The researched customers of ``subsegment`` with their values (and volume), and those left out.

    Raises
    ------
    PricingError
        When the model has no such subsegment, or ``volume`` names neither a driver nor a numeric
        characteristic of it.
    """
    model = analysis.model
    names = [s.name for s in model.subsegments]
    if subsegment not in names:
        raise PricingError(f"subsegment: “{subsegment}” is not one of {', '.join(names)}")
    choices = volume_choices(model)
    if volume is not None and volume not in choices:
        raise PricingError(
            f"volume: “{volume}” is neither a driver nor a numeric characteristic of the model"
            + (f" (use one of {', '.join(f'“{c}”' for c in choices)})" if choices else "")
        )
    evaluation = analysis.evaluation
    valued: list[StrategyCustomer] = []
    left: list[Unvalued] = []
    for row, (customer, sub) in enumerate(zip(evaluation.customers, evaluation.subsegments, strict=True)):
        if sub != subsegment:
            continue
        total = float(evaluation.totals[row])
        nba = analysis.prices[row].alternative_price
        amount = 1.0 if volume is None else _volume_of(analysis, row, volume)
        reason = ""
        if not math.isfinite(total):
            reason = _why_not(analysis, row)
        elif not math.isfinite(nba):
            reason = "no price of the next-best alternative"
        elif amount is None:
            reason = f"no value for {volume}"
        elif amount <= 0:
            reason = f"{volume} is {amount:g}: a volume must be more than 0"
        if reason:
            left.append(Unvalued(customer.id, customer.name, reason))
        else:
            assert amount is not None
            valued.append(StrategyCustomer(customer.id, customer.name, nba, total, amount))
    return valued, left
