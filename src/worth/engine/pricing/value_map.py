"""Data for a value map: value on one axis, price on the other, and the fair-value line between them.

On a value map every offering is a point (its value to the customer, its price). The fair-value
line runs through the next-best alternative with slope 1: one euro more value justifies one euro
more price. An offering below the line gives the customer more value than it charges for
(a value advantage: customers should switch to it); one above the line asks for more than it gives.
By the convention of economic value estimation the NBA is worth its price to the customer, so the
NBA sits on the line at (NBA price, NBA price) and the offering's value is its EVE.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from worth.engine.pricing.money import Money, to_cents, to_decimal
from worth.engine.pricing.value import EconomicValue

Position = Literal["fair-value", "value-advantage", "value-disadvantage"]


@dataclass(frozen=True)
class ValueMapPoint:
    """An offering (or the NBA) on the value map; ``surplus`` = value - price, the customer's gain."""

    label: str
    kind: Literal["nba", "offering"]
    value: Decimal
    price: Decimal
    surplus: Decimal
    position: Position


@dataclass(frozen=True)
class ValueMap:
    """Points and the fair-value line (two end points, price = value) drawn across them with margin."""

    points: tuple[ValueMapPoint, ...]
    fair_value_line: tuple[tuple[Decimal, Decimal], tuple[Decimal, Decimal]]


def _position(surplus: Decimal) -> Position:
    if surplus > 0:
        return "value-advantage"
    if surplus < 0:
        return "value-disadvantage"
    return "fair-value"


def value_map(
    value: EconomicValue, prices: Sequence[tuple[str, Money]], *, nba_label: str = "NBA"
) -> ValueMap:
    """Points for the NBA and for the offering at each candidate price, with the fair-value line.

    Parameters
    ----------
    value
        The economic value estimate (the NBA price is its reference value).
    prices
        ``(label, price)`` for each candidate price of the offering.
    nba_label
        How to name the NBA on the chart (the competitor's offering, "run to failure" ...).

    Returns
    -------
    ValueMap
        Money rounded to the cent; the line spans 80 % of the smallest to 110 % of the largest figure.

    Examples
    --------
    >>> from worth.engine.pricing.value import economic_value
    >>> m = value_map(economic_value(100, 50, 10), [("list", 130)])
    >>> [(p.label, str(p.value), str(p.price), p.position) for p in m.points]
    [('NBA', '100.00', '100.00', 'fair-value'), ('list', '140.00', '130.00', 'value-advantage')]
    """
    nba = to_cents(value.reference_value)
    eve = to_cents(value.economic_value)
    points = [ValueMapPoint(nba_label, "nba", nba, nba, Decimal("0.00"), "fair-value")]
    for label, raw in prices:
        price = to_cents(to_decimal(raw, field=f"price {label!r}"))
        surplus = eve - price
        points.append(ValueMapPoint(label, "offering", eve, price, surplus, _position(surplus)))
    figures = [p.value for p in points] + [p.price for p in points]
    low = to_cents(max(Decimal(0), min(figures) * Decimal("0.8")))
    high = to_cents(max(figures) * Decimal("1.1"))
    return ValueMap(points=tuple(points), fair_value_line=((low, low), (high, high)))
