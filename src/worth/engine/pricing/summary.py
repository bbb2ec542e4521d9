"""Value-based price in one call: EVE, the better-off range, candidate prices and the value map.

The command line, the web page and a notebook all ask the same question: given the NBA price, the
differentiation values and a few candidate prices with the volume each would sell, what is the
offering worth, which prices leave the customer better off, and which price earns most?
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from worth.engine.pricing.errors import PricingError
from worth.engine.pricing.money import CENT, Money, to_cents, to_decimal
from worth.engine.pricing.options import PriceComparison, PriceOption, compare_price_options
from worth.engine.pricing.text import TextTable, money, percent, plain, text_table
from worth.engine.pricing.value import (
    EconomicValue,
    ElementValue,
    PriceRange,
    better_off_range,
    economic_value,
    economic_value_from_elements,
)
from worth.engine.pricing.value_map import ValueMap, value_map


@dataclass(frozen=True)
class ValuePrice:
    """The answer: economic value, range, the options worked out (if any) and the value map.

    ``items`` are the named elements the differentiation value was added up from, when it was given
    that way (favourable ones positive, unfavourable ones negative).
    """

    value: EconomicValue
    price_range: PriceRange
    comparison: PriceComparison | None
    value_map: ValueMap
    items: tuple[ElementValue, ...] = ()

    def option_rows(self) -> list[dict[str, Any]]:
        """One row per candidate price, money to the cent, the share captured in percent."""
        if self.comparison is None:
            return []
        return [
            {
                "option": o.name,
                "strategy": o.strategy,
                "price": o.price,
                "volume": o.volume,
                "revenue": o.revenue,
                "contribution": o.contribution,
                "profit": o.profit,
                "customer_gain": o.customer_incentive,
                "value_captured_pct": None
                if o.value_captured_share is None
                else (o.value_captured_share * 100).quantize(CENT),
                "customer_better_off": o.customer_better_off,
                "most_profitable": o.name == self.comparison.most_profitable,
            }
            for o in self.comparison.options
        ]

    def summary(self) -> dict[str, Any]:
        """Everything as plain data (money as Decimal to the cent): for JSON and the web page."""
        v, r = self.value, self.price_range
        return {
            "reference_value": to_cents(v.reference_value),
            "positive_differentiation": to_cents(v.positive_differentiation),
            "negative_differentiation": to_cents(v.negative_differentiation),
            "differentiation_value": v.differentiation_value_cents,
            "economic_value": v.economic_value_cents,
            "better_off_from": r.floor,
            "better_off_below": r.ceiling,
            "premium_possible": r.premium_possible,
            "items": [
                {"name": i.name, "amount": to_cents(to_decimal(i.amount, field=i.name))} for i in self.items
            ],
            "options": self.option_rows(),
        }

    def option_table(self) -> TextTable:
        """The candidate prices as a table of text."""
        columns = [
            ("option", lambda r: r["option"] + (" (most profit)" if r["most_profitable"] else ""), False),
            ("strategy", plain("strategy"), False),
            ("price", money("price"), True),
            ("volume", plain("volume", ","), True),
            ("revenue", money("revenue"), True),
            ("profit", money("profit"), True),
            ("customer gain", money("customer_gain"), True),
            ("value captured", percent("value_captured_pct", " %"), True),
        ]
        return text_table("Candidate prices", self.option_rows(), columns)

    def explanation(self, currency: str = "") -> list[str]:
        """The result in sentences, figures to the cent."""
        unit = f" {currency}" if currency else ""
        v, r = self.value, self.price_range
        lines = [
            f"Economic value to the customer: {v.economic_value_cents:,}{unit}",
            f"  = reference value (NBA price) {v.reference_value:,} + positive differentiation "
            f"{v.positive_differentiation:,} - negative differentiation {v.negative_differentiation:,}",
        ]
        lines += self._item_lines()
        if r.premium_possible:
            lines.append(
                f"Prices that leave the customer better off: {r.floor:,} up to {r.ceiling:,}{unit} (excluded)"
            )
        else:
            lines.append(
                "The unfavourable elements outweigh the favourable ones: the customer is better off only "
                f"below {r.ceiling:,}{unit}, under the NBA price."
            )
        return lines

    def _item_lines(self) -> list[str]:
        lines = []
        for label, favourable in (("positive", True), ("negative", False)):
            chosen = [i for i in self.items if (to_decimal(i.amount, field=i.name) >= 0) == favourable]
            if chosen:
                parts = " + ".join(f"{i.name}: {abs(to_decimal(i.amount, field=i.name)):,}" for i in chosen)
                total = (
                    self.value.positive_differentiation if favourable else self.value.negative_differentiation
                )
                lines.append(f"  {label} differentiation {total:,} = {parts}")
        return lines


def value_price(
    nba_price: Money,
    positive_differentiation: Money = 0,
    negative_differentiation: Money = 0,
    *,
    items: Sequence[ElementValue] = (),
    prices: Sequence[Money] = (),
    volumes: Sequence[Money] = (),
    unit_cost: Money = 0,
    fixed_cost: Money = 0,
    options: Sequence[PriceOption] = (),
    nba_label: str = "NBA",
) -> ValuePrice:
    """Economic value, better-off range, candidate prices (``price i``) and value map from numbers.

    The one orchestration of a value-based price: ``worth pricing value-price`` and the web page both
    call it.

    Parameters
    ----------
    nba_price, positive_differentiation, negative_differentiation
        As for :func:`~worth.engine.pricing.value.economic_value`.
    items
        The differentiation value as named elements instead (favourable positive, unfavourable
        negative): their sums are the positive and negative differentiation, and the explanation
        names each. Give either items or the two totals, not both.
    prices, volumes
        Candidate prices and the volume the user expects each to sell; one volume per price.
    unit_cost, fixed_cost
        Cost of one unit, and the fixed cost of each option.
    options
        Candidate prices already named, each with its own costs (the web page's rows), instead of
        ``prices`` and ``volumes``; the value map labels them by their names.
    nba_label
        What the value map calls the next-best alternative.

    Raises
    ------
    PricingError
        Mismatched prices and volumes, or any bad number (named).
    """
    if len(prices) != len(volumes):
        raise PricingError(
            f"volumes: give one volume per price ({len(prices)} prices, {len(volumes)} volumes)"
        )
    if items:
        if to_decimal(positive_differentiation, field="positive") or to_decimal(
            negative_differentiation, field="negative"
        ):
            raise PricingError("give the differentiation value as named items or as the two totals, not both")
        value = economic_value_from_elements(nba_price, items)
    else:
        value = economic_value(nba_price, positive_differentiation, negative_differentiation)
    named = bool(options)
    if options and prices:
        raise PricingError("give the candidate prices as named options or as prices and volumes, not both")
    candidates = list(options) or [
        PriceOption(f"price {i + 1}", p, v, unit_cost, fixed_cost)
        for i, (p, v) in enumerate(zip(prices, volumes, strict=True))
    ]
    comparison = compare_price_options(candidates, value) if candidates else None
    labels: list[tuple[str, Money]] = []
    if comparison is not None:
        labels = [
            (o.name if named or o.strategy == "single" else o.strategy, o.price) for o in comparison.options
        ]
    mapped = value_map(value, labels, nba_label=nba_label)
    return ValuePrice(value, better_off_range(value), comparison, mapped, tuple(items))


__all__ = ["ValuePrice", "value_price"]
