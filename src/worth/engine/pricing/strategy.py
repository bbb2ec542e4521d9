"""Penetration against skimming for one subsegment, from the economic value of each researched customer.

A value-based price is set against what the offering is worth to the customers, and they differ:
the customer value research gives, per customer, the next-best alternative's price and the value of
each element over it, so each customer's economic value is ``EVE = NBA price + delta value``. A
customer buys at price ``p`` when ``EVE >= p`` (it is no worse off than with the alternative). With a
volume per customer (one unit each, or a driver of the model such as annual tonnes, when the price is
per unit: the customer's value per unit is then ``EVE / volume``), the curve over price gives the
buyers, the volume, the revenue and the operating profit ``(p - variable cost) x volume - fixed
costs``. Three prices are compared:

- **penetration** (sell more, at a lower margin): the highest price at which at least a chosen share
  of the customers buy (80 % by default);
- **skimming** (sell less, at a higher margin): the highest price at which at least a chosen smaller
  share buy (20 % by default);
- the price that **maximises operating profit** among the customers' values per unit.

Each with the value it leaves to its buyers, ``sum(EVE - p x volume)``: their incentive to buy,
which a penetration price makes large and a skimming price small. The curve and the profit
comparison are computed in float64; the prices a person reads are rounded *down* to the cent (so the
customer whose value sets a price still buys at it) and their figures are exact decimals.

References
----------
Anderson, J. C., Kumar, N. and Narus, J. A. (2007). *Value Merchants*, ch. 7 ("Profit from value
provided": 7.3 the value-based pricing strategy, 7.3.1 penetration, 7.3.2 skimming).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from worth.engine.pricing.errors import PricingError
from worth.engine.pricing.money import CENT, Money, to_cents, to_decimal
from worth.engine.pricing.text import Cell, TextTable, money, plain, text_table, unsigned_zero

__all__ = [
    "FEW_CUSTOMERS",
    "PENETRATION_SHARE",
    "SKIMMING_SHARE",
    "CurvePoint",
    "StrategyAnalysis",
    "StrategyCustomer",
    "StrategyKey",
    "StrategyPrice",
    "Unvalued",
    "price_strategy",
    "strategy_rows",
    "strategy_table",
]

#: The default shares of the customers that buy at the penetration and at the skimming price, in %.
PENETRATION_SHARE = Decimal(80)
SKIMMING_SHARE = Decimal(20)
#: Below this many valued customers a share of them (80 % of 4) says little about a market.
FEW_CUSTOMERS = 5

Floats = NDArray[np.float64]
StrategyKey = Literal["penetration", "skimming", "most_profit"]
LABELS: dict[StrategyKey, str] = {
    "penetration": "Penetration",
    "skimming": "Skimming",
    "most_profit": "Most operating profit",
}


@dataclass(frozen=True)
class StrategyCustomer:
    """One researched customer: its alternative's price and delta value per period, and its volume."""

    id: str
    name: str
    alternative_price: float
    delta_value: float
    volume: float = 1.0

    @property
    def economic_value(self) -> float:
        """What the offering is worth to the customer per period: the NBA price plus the delta value."""
        return self.alternative_price + self.delta_value

    @property
    def value_per_unit(self) -> float:
        """The highest price per unit at which the customer is no worse off than with the alternative."""
        return self.economic_value / self.volume

    @property
    def alternative_per_unit(self) -> float:
        return self.alternative_price / self.volume


@dataclass(frozen=True)
class Unvalued:
    """A customer of the subsegment left out of the curve, and why (its value cannot be computed)."""

    id: str
    name: str
    reason: str


@dataclass(frozen=True)
class StrategyPrice:
    """One of the compared prices and what it earns; money to the cent, the volume as given.

    ``below_alternative`` counts the buyers for whom the price is below their alternative's price per
    unit: more than the whole differentiation value given away, and an invitation to a price war.
    """

    key: StrategyKey
    target_share: Decimal | None
    price: Decimal
    buyers: int
    customers: int
    volume: Decimal
    revenue: Decimal
    unit_margin: Decimal
    operating_profit: Decimal
    value_left: Decimal
    below_variable_cost: bool
    below_alternative: int

    @property
    def label(self) -> str:
        return LABELS[self.key]

    @property
    def buyers_share(self) -> Decimal:
        """The buyers as a share of the valued customers (0.8 is 80 %)."""
        return Decimal(self.buyers) / Decimal(self.customers)


@dataclass(frozen=True)
class CurvePoint:
    """The curve at one price (float64: for the chart)."""

    price: float
    buyers: int
    volume: float
    revenue: float
    profit: float


@dataclass(frozen=True)
class StrategyAnalysis:
    """The curve over price for the valued customers, and the three prices compared.

    ``customers`` are sorted by value per unit, highest first; ``prices`` holds the penetration,
    skimming and most-profit prices in that order (a share no positive price reaches is left out and
    named in :meth:`warnings`).
    """

    customers: tuple[StrategyCustomer, ...]
    unvalued: tuple[Unvalued, ...]
    variable_cost: Decimal
    fixed_cost: Decimal
    penetration_share: Decimal
    skimming_share: Decimal
    prices: tuple[StrategyPrice, ...]
    curve: tuple[CurvePoint, ...]
    unreached: tuple[StrategyKey, ...] = field(default=())

    def price(self, key: StrategyKey) -> StrategyPrice | None:
        return next((p for p in self.prices if p.key == key), None)

    def warnings(self, currency: str = "") -> tuple[str, ...]:
        """What a reader must know before trusting the figures, in words."""
        unit = f"{currency} " if currency else ""
        n = len(self.customers)
        found: list[str] = []
        if n < FEW_CUSTOMERS:
            found.append(
                f"Only {n} customer{'s' if n != 1 else ''} with a computable value: shares of "
                f"{self.penetration_share:g} % and {self.skimming_share:g} % of so few say little about "
                f"the market. Research at least {FEW_CUSTOMERS}."
            )
        for key in self.unreached:
            share = self.penetration_share if key == "penetration" else self.skimming_share
            positive = sum(1 for c in self.customers if c.value_per_unit >= 0.01)
            found.append(
                f"{LABELS[key]}: no positive price sells to {share:g} % of the customers; only {positive} "
                f"of {n} value the offering above the alternative's price by a cent or more."
            )
        for p in self.prices:
            if p.below_variable_cost:
                found.append(
                    f"{p.label}: the price {unit}{p.price:,} is below the variable cost "
                    f"{unit}{to_cents(self.variable_cost):,}: every unit sold loses money."
                )
            if p.below_alternative:
                found.append(
                    f"{p.label}: the price {unit}{p.price:,} is below the next-best alternative's price "
                    f"for {p.below_alternative} of its {p.buyers} buyers: it gives away more than the "
                    "whole differentiation value and invites a price war."
                )
        if self.unvalued:
            names = "; ".join(f"{u.name} ({u.reason})" for u in self.unvalued)
            found.append(f"Left out, their value cannot be computed: {names}.")
        return tuple(found)

    def summary(self) -> dict[str, object]:
        """The whole analysis as plain data (JSON): money to the cent, shares in %."""
        return {
            "customers": len(self.customers),
            "variable_cost": to_cents(self.variable_cost),
            "fixed_cost": to_cents(self.fixed_cost),
            "penetration_share_pct": float(self.penetration_share),
            "skimming_share_pct": float(self.skimming_share),
            "prices": strategy_rows(self.prices),
            "values": [
                {
                    "id": c.id,
                    "name": c.name,
                    "alternative_price": c.alternative_price,
                    "delta_value": c.delta_value,
                    "economic_value": c.economic_value,
                    "volume": c.volume,
                    "value_per_unit": c.value_per_unit,
                }
                for c in self.customers
            ],
            "unvalued": [{"id": u.id, "name": u.name, "reason": u.reason} for u in self.unvalued],
            "curve": [
                {
                    "price": p.price,
                    "buyers": p.buyers,
                    "volume": p.volume,
                    "revenue": p.revenue,
                    "profit": p.profit,
                }
                for p in self.curve
            ],
            "warnings": list(self.warnings()),
        }


def _share(value: Money, name: str) -> Decimal:
    share = to_decimal(value, field=name)
    if not 0 < share <= 100:
        raise PricingError(f"{name}: {value} is not a percentage more than 0 and at most 100")
    return share


def _cost(value: Money, name: str) -> Decimal:
    cost = to_decimal(value, field=name)
    if cost < 0:
        raise PricingError(f"{name}: {value} is negative; give a magnitude")
    return cost


def _floor_cent(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(CENT, rounding=ROUND_FLOOR)


def _checked(customers: Sequence[StrategyCustomer]) -> tuple[StrategyCustomer, ...]:
    for c in customers:
        for name, number in (
            ("alternative price", c.alternative_price),
            ("delta value", c.delta_value),
            ("volume", c.volume),
        ):
            if not math.isfinite(number):
                raise PricingError(f"customer {c.id} {name}: {number!r} is not a finite number")
        if c.volume <= 0:
            raise PricingError(f"customer {c.id} volume: {c.volume!r} must be more than 0")
    return tuple(sorted(customers, key=lambda c: (-c.value_per_unit, c.id)))


class _Curve:
    """Buyers and volume at any price, by a search in the values per unit sorted ascending."""

    def __init__(self, customers: Sequence[StrategyCustomer], variable_cost: float, fixed_cost: float):
        values = np.array([c.value_per_unit for c in customers], dtype=np.float64)
        volumes = np.array([c.volume for c in customers], dtype=np.float64)
        order = np.argsort(values, kind="stable")
        self.values = values[order]
        # suffix[i]: the volume of the customers from position i (ascending) to the highest value
        self.suffix = np.concatenate([np.cumsum(volumes[order][::-1])[::-1], [0.0]])
        self.variable_cost, self.fixed_cost = variable_cost, fixed_cost

    def at(self, prices: Floats) -> tuple[NDArray[np.intp], Floats, Floats, Floats]:
        """(buyers, volume, revenue, operating profit) at each price: a buyer's value is at least it."""
        first = np.searchsorted(self.values, prices, side="left")
        volume = self.suffix[first]
        return (
            self.values.size - first,
            volume,
            prices * volume,
            (prices - self.variable_cost) * volume - self.fixed_cost,
        )


def _priced(
    key: StrategyKey,
    target: Decimal | None,
    price: Decimal,
    customers: Sequence[StrategyCustomer],
    variable_cost: Decimal,
    fixed_cost: Decimal,
) -> StrategyPrice:
    at = float(price)
    buyers = [c for c in customers if c.value_per_unit >= at]
    volume = sum((Decimal(repr(c.volume)) for c in buyers), Decimal(0))
    value = sum((Decimal(repr(c.economic_value)) for c in buyers), Decimal(0))
    margin = price - variable_cost
    return StrategyPrice(
        key=key,
        target_share=target,
        price=price,
        buyers=len(buyers),
        customers=len(customers),
        volume=volume,
        revenue=to_cents(price * volume),
        unit_margin=to_cents(margin),
        operating_profit=to_cents(margin * volume - fixed_cost),
        value_left=to_cents(value - price * volume),
        below_variable_cost=price < variable_cost,
        below_alternative=sum(1 for c in buyers if at < c.alternative_per_unit),
    )


def price_strategy(
    customers: Sequence[StrategyCustomer],
    *,
    variable_cost: Money,
    fixed_cost: Money = 0,
    penetration_share: Money = PENETRATION_SHARE,
    skimming_share: Money = SKIMMING_SHARE,
    unvalued: Sequence[Unvalued] = (),
) -> StrategyAnalysis:
    """The penetration, skimming and most-profit prices of the customers' values, and the curve.

    Parameters
    ----------
    customers
        The valued customers of one subsegment.
    variable_cost, fixed_cost
        Per unit of volume, and for the period (in the model's currency).
    penetration_share, skimming_share
        In %: the share of the customers that must buy at each price (the skimming share the smaller).
    unvalued
        Customers left out, carried through to be named.

    Returns
    -------
    StrategyAnalysis
        With ``n`` customers and a share ``s``, the price for ``s`` is the ``ceil(s x n)``-th highest
        value per unit, rounded down to the cent; the most-profit price is the customer value (rounded
        down) where the operating profit is highest, the lower price on a tie (same profit, more
        customers served).

    Raises
    ------
    PricingError
        No customer, a cost or share refused (the message names it), or no customer with a positive
        value per unit.

    Examples
    --------
    Five customers buying one unit each, values 1,000 to 200, variable cost 150, fixed costs 300:

    >>> values = [1000, 800, 600, 400, 200]
    >>> rows = [StrategyCustomer(f"C{i}", f"C{i}", 100, v - 100) for i, v in enumerate(values)]
    >>> found = price_strategy(rows, variable_cost=150, fixed_cost=300)
    >>> for p in found.prices:
    ...     print(p.label, p.price, p.buyers, p.operating_profit, p.value_left)
    Penetration 400.00 4 700.00 1200.00
    Skimming 1000.00 1 550.00 0.00
    Most operating profit 600.00 3 1050.00 600.00
    """
    if not customers:
        raise PricingError("customers: no customer with a computable value to price against")
    rows = _checked(customers)
    penetration = _share(penetration_share, "penetration share")
    skimming = _share(skimming_share, "skimming share")
    if skimming >= penetration:
        raise PricingError(
            f"skimming share: {skimming_share} % must be smaller than "
            f"the penetration share {penetration_share} %"
        )
    unit_cost = _cost(variable_cost, "variable cost")
    fixed = _cost(fixed_cost, "fixed costs")
    candidates = sorted({_floor_cent(c.value_per_unit) for c in rows if c.value_per_unit >= 0.01})
    if not candidates:
        raise PricingError(
            "customers: none values the offering at a positive price (every economic value is 0 or less)"
        )
    curve = _Curve(rows, float(unit_cost), float(fixed))
    n = len(rows)
    found: list[StrategyPrice] = []
    unreached: list[StrategyKey] = []
    key: StrategyKey
    for key, share in (("penetration", penetration), ("skimming", skimming)):
        k = int((share * n / 100).to_integral_value(rounding=ROUND_CEILING))
        value = rows[max(k, 1) - 1].value_per_unit
        if value < 0.01:
            unreached.append(key)
            continue
        found.append(_priced(key, share / 100, _floor_cent(value), rows, unit_cost, fixed))
    _, _, _, profits = curve.at(np.array([float(p) for p in candidates]))
    best = candidates[int(np.argmax(profits))]  # argmax takes the first: the lowest price on a tie
    found.append(_priced("most_profit", None, best, rows, unit_cost, fixed))
    return StrategyAnalysis(
        customers=rows,
        unvalued=tuple(unvalued),
        variable_cost=unit_cost,
        fixed_cost=fixed,
        penetration_share=penetration,
        skimming_share=skimming,
        prices=tuple(found),
        curve=_curve_points(curve, candidates, unit_cost),
        unreached=tuple(unreached),
    )


def _curve_points(curve: _Curve, candidates: list[Decimal], unit_cost: Decimal) -> tuple[CurvePoint, ...]:
    """At each customer value and a cent above it (where that customer stops buying), from the lower of
    the variable cost and the lowest value: between two points profit is a straight line."""
    at = {float(p) for p in candidates} | {float(p + CENT) for p in candidates}
    at.add(float(min(unit_cost, candidates[0])))
    prices = np.array(sorted(at), dtype=np.float64)
    buyers, volume, revenue, profit = curve.at(prices)
    return tuple(
        CurvePoint(float(p), int(b), float(v), float(r), float(o))
        for p, b, v, r, o in zip(prices, buyers, volume, revenue, profit, strict=True)
    )


def strategy_rows(prices: Sequence[StrategyPrice]) -> list[dict[str, object]]:
    """One plain row per compared price (money to the cent, the buyers' share in %)."""
    return [
        {
            "strategy": p.label,
            "key": p.key,
            "target_share_pct": None if p.target_share is None else float(p.target_share * 100),
            "price": p.price,
            "buyers": p.buyers,
            "customers": p.customers,
            "buyers_pct": float(p.buyers_share * 100),
            "volume": float(p.volume),
            "revenue": p.revenue,
            "unit_margin": p.unit_margin,
            "operating_profit": p.operating_profit,
            "value_left": p.value_left,
            "below_variable_cost": p.below_variable_cost,
            "below_alternative": p.below_alternative,
        }
        for p in prices
    ]


def strategy_table(found: StrategyAnalysis, currency: str = "") -> TextTable:
    """The three prices as text, for the terminal and reports."""
    unit = f" ({currency})" if currency else ""
    columns: list[tuple[str, Cell, bool]] = [
        ("strategy", plain("strategy"), False),
        (f"price{unit}", money("price"), True),
        ("buyers", lambda r: f"{r['buyers']} of {r['customers']} ({r['buyers_pct']:.0f} %)", True),
        ("volume", lambda r: f"{r['volume']:,.6g}", True),
        (f"revenue{unit}", money("revenue"), True),
        (f"unit margin{unit}", money("unit_margin"), True),
        (f"operating profit{unit}", money("operating_profit"), True),
        (f"value left to customers{unit}", lambda r: unsigned_zero(f"{r['value_left']:,}"), True),
    ]
    return text_table("Penetration against skimming", strategy_rows(found.prices), columns)
