"""How stacked deductions turn into money: percentages that add on list, or compound.

Two 5 % discounts can mean 10 % off list (each percentage *adds on list*) or 9.75 % off list (the
second *compounds*: it applies to the price left after the first). Which one a discount does is a
setting of that discount, written in the pricing policy and in the invoice contract, and shown on
the waterfall. A compounding percentage applies to the price left after every deduction listed
before it, so the order of the items matters; amounts are money per unit and never depend on order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from worth.engine.pricing.errors import PricingError
from worth.engine.pricing.money import Money, require_non_negative, to_cents

Stacking = Literal["adds-on-list", "compounds"]
STACKING_CHOICES: tuple[Stacking, ...] = ("adds-on-list", "compounds")


@dataclass(frozen=True)
class Deduction:
    """One step down from list price: a percentage (with its stacking) or an amount per unit."""

    label: str
    percent: Money | None = None
    amount: Money | None = None
    stacking: Stacking = "adds-on-list"


@dataclass(frozen=True)
class AppliedDeduction:
    """A deduction worked out: money per unit (exact) and the price left after it."""

    label: str
    amount: Decimal
    price_after: Decimal
    stacking: Stacking | None


def apply_deductions(list_price: Money, deductions: Sequence[Deduction]) -> tuple[AppliedDeduction, ...]:
    """Walk from list price down through ``deductions`` in order, per unit, exactly.

    Parameters
    ----------
    list_price
        List price per unit.
    deductions
        In waterfall order. A percentage that ``adds-on-list`` takes ``percent`` % of the list price;
        one that ``compounds`` takes ``percent`` % of the price left after the deductions before it.

    Returns
    -------
    tuple of AppliedDeduction
        Each deduction in money per unit and the price left after it (not rounded: round what you show).

    Raises
    ------
    PricingError
        A deduction with both or neither of percent and amount, a negative one, or deductions that
        take the price below zero.

    Examples
    --------
    >>> volume = Deduction("volume", percent=5)
    >>> competitive = Deduction("competitive", percent=5, stacking="compounds")
    >>> [(s.amount, s.price_after) for s in apply_deductions(200, [volume, competitive])]
    [(Decimal('10'), Decimal('190')), (Decimal('9.5'), Decimal('180.5'))]
    """
    base = require_non_negative(list_price, field="list_price")
    price = base
    out: list[AppliedDeduction] = []
    for item in deductions:
        where = f"deduction {item.label!r}"
        if (item.percent is None) == (item.amount is None):
            raise PricingError(f"{where}: give either a percent or an amount, not both or neither")
        if item.percent is not None:
            pct = require_non_negative(item.percent, field=f"{where}.percent")
            amount = (base if item.stacking == "adds-on-list" else price) * pct / 100
            stacking: Stacking | None = item.stacking
        else:
            amount = require_non_negative(
                item.amount if item.amount is not None else 0, field=f"{where}.amount"
            )
            stacking = None
        price -= amount
        if price < 0:
            raise PricingError(
                f"{where}: takes the price below zero ({to_cents(price)} left of list price {to_cents(base)})"
            )
        out.append(AppliedDeduction(item.label, amount, price, stacking))
    return tuple(out)


def stacked_percent(deductions: Sequence[Deduction]) -> Decimal:
    """Percent off list when every percentage deduction is taken, in order (amounts are ignored).

    Examples
    --------
    >>> stacked_percent([Deduction("a", percent=10), Deduction("b", percent=10, stacking="compounds")])
    Decimal('19')
    """
    percentages = [d for d in deductions if d.percent is not None]
    steps = apply_deductions(100, percentages)
    return Decimal(100) - (steps[-1].price_after if steps else Decimal(100))
