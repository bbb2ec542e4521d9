"""Each researched customer's value as plain data: per element, and against the price premium.

What a CRM or another system reads back about one account, from an analysis: every element's signed
money value (an unfavourable element is negative), delta value, the prices for this customer, delta
price and the margin of value over the premium. Figures that cannot be computed are ``None``.
"""

from __future__ import annotations

import math
from typing import Any

from worth.engine.model.analysis import ModelAnalysis

__all__ = ["customer_values"]


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def customer_values(analysis: ModelAnalysis) -> dict[str, dict[str, Any]]:
    """Customer id -> its figures, for every customer of the research sample."""
    model = analysis.model
    evaluation = analysis.evaluation
    out: dict[str, dict[str, Any]] = {}
    for index, price in enumerate(analysis.prices):
        assert evaluation.customers[index].id == price.customer.id  # the sample's order, kept
        out[price.customer.id] = {
            "customer_id": price.customer.id,
            "name": price.customer.name,
            "subsegment": price.subsegment,
            "currency": model.currency,
            "period": model.period,
            "delta_value": _finite(price.delta_value),
            "offering_price": price.offering_price,
            "alternative_price": price.alternative_price,
            "delta_price": price.delta_price,
            "margin": _finite(price.margin),
            "value_exceeds_premium": price.exceeds,
            "elements": [
                {"element": name, "value": _finite(float(values.values[index]))}
                for name, values in evaluation.elements.items()
            ],
        }
    return out
