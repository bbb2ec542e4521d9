"""Penetration versus skimming: profit at candidate prices under the volumes the user assumes.

A penetration price leaves the customer much of the differentiation value to win volume; a skimming
price keeps more of it per unit and sells less. Which earns more depends on the volume each price
would sell, which only the user can estimate: this module takes one volume assumption per candidate
price and works out revenue, contribution and profit, next to where the price sits between the NBA
price and the EVE.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from worth.engine.pricing.errors import PricingError
from worth.engine.pricing.money import Money, require_non_negative, round_share, to_cents, to_decimal
from worth.engine.pricing.value import EconomicValue

Strategy = Literal["penetration", "skimming", "intermediate", "single"]


@dataclass(frozen=True)
class PriceOption:
    """A candidate price with the volume the user expects it to sell and the cost of each unit.

    ``fixed_cost`` is the cost that comes with the option regardless of volume (a launch campaign,
    a dedicated service team); leave it 0 when the options share their fixed costs.
    """

    name: str
    price: Money
    volume: Money
    unit_cost: Money
    fixed_cost: Money = 0


@dataclass(frozen=True)
class PriceOptionResult:
    """One candidate price worked out, every money figure rounded to the cent."""

    name: str
    strategy: Strategy
    price: Decimal
    volume: Decimal
    unit_cost: Decimal
    fixed_cost: Decimal
    revenue: Decimal
    unit_contribution: Decimal
    contribution: Decimal
    profit: Decimal
    customer_incentive: Decimal
    value_captured_share: Decimal | None
    customer_better_off: bool


@dataclass(frozen=True)
class PriceComparison:
    """The worked-out options in the order given and the name of the one with the highest profit."""

    options: tuple[PriceOptionResult, ...]
    most_profitable: str


def _strategy(price: Decimal, prices: Sequence[Decimal]) -> Strategy:
    if len(set(prices)) < 2:
        return "single"
    if price == min(prices):
        return "penetration"
    if price == max(prices):
        return "skimming"
    return "intermediate"


def compare_price_options(options: Sequence[PriceOption], value: EconomicValue) -> PriceComparison:
    """Revenue, contribution and profit of each candidate price, with its place in the value range.

    Parameters
    ----------
    options
        Candidate prices, each with the volume assumption and unit cost the user gives. Names must be unique.
    value
        The economic value estimate the prices are compared with.

    Returns
    -------
    PriceComparison
        Each option: revenue = price x volume, unit contribution = price - unit cost, contribution =
        unit contribution x volume, profit = contribution - fixed cost, the customer's incentive
        (EVE - price), the share of the differentiation value captured (None when the net
        differentiation value is not positive) and whether the customer is better off than with the
        NBA. The lowest price is labelled ``penetration``, the highest ``skimming``.

    Raises
    ------
    PricingError
        No options, a duplicate name, or a negative price, volume or cost.

    Examples
    --------
    >>> from worth.engine.pricing.value import economic_value
    >>> eve = economic_value(100, 60, 10)
    >>> c = compare_price_options([PriceOption("low", 110, 1000, 70), PriceOption("high", 140, 600, 70)], eve)
    >>> [(o.name, o.strategy, o.profit) for o in c.options], c.most_profitable
    ([('low', 'penetration', Decimal('40000.00')), ('high', 'skimming', Decimal('42000.00'))], 'high')
    """
    if not options:
        raise PricingError("options: give at least one candidate price")
    names = [option.name for option in options]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise PricingError(f"options: names must be unique, repeated: {', '.join(map(repr, duplicates))}")
    prices = [require_non_negative(o.price, field=f"options[{o.name!r}].price") for o in options]
    results: list[PriceOptionResult] = []
    for option, price in zip(options, prices, strict=True):
        where = f"options[{option.name!r}]"
        volume = require_non_negative(option.volume, field=f"{where}.volume")
        unit_cost = require_non_negative(option.unit_cost, field=f"{where}.unit_cost")
        fixed_cost = require_non_negative(option.fixed_cost, field=f"{where}.fixed_cost")
        unit_contribution = price - unit_cost
        contribution = unit_contribution * volume
        share = (
            round_share((price - value.reference_value) / value.differentiation_value)
            if value.differentiation_value > 0
            else None
        )
        results.append(
            PriceOptionResult(
                name=option.name,
                strategy=_strategy(price, prices),
                price=to_cents(price),
                volume=to_decimal(volume, field=f"{where}.volume"),
                unit_cost=to_cents(unit_cost),
                fixed_cost=to_cents(fixed_cost),
                revenue=to_cents(price * volume),
                unit_contribution=to_cents(unit_contribution),
                contribution=to_cents(contribution),
                profit=to_cents(contribution - fixed_cost),
                customer_incentive=to_cents(value.economic_value - price),
                value_captured_share=share,
                customer_better_off=price < value.economic_value,
            )
        )
    best = max(results, key=lambda r: r.profit)
    return PriceComparison(options=tuple(results), most_profitable=best.name)
