"""How each salesperson prices, read from the invoice lines against the pricing policy.

The method (seed 001, section 6) tells a value merchant from a value spendthrift by what they do
with price: a merchant gives a concession only for a change in the offering that saves cost, a
spendthrift gives it to close. The invoice lines show both habits, per salesperson code:

* **concessions without a change in the offering**: the money of every deduction the policy does not
  tie to a customer action for that line. A deduction is tied when a discount of the policy records it
  (``invoice_column``), names a ``customer_action`` and is offered for the line's segment and
  product; a column no such discount records (no entry, an entry with no action, or an entry for
  other segments or products) is money given for nothing. Its share is of the list revenue.
* **out-of-policy deals**: lines below their guideline floor, with the revenue lost at the floor
  (``(floor - pocket price) x quantity``), as :mod:`worth.analytics.guidelines` counts them.

Everything comes from one grouped query per data set, whatever the number of salespeople.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from worth.analytics._ibis import ibis, ir
from worth.analytics.guidelines import TOLERANCE, with_guidelines
from worth.analytics.invoices import DEFAULT_CONTRACT, InvoiceContract
from worth.analytics.pocket import Filters, apply_filters, priced_lines, unit_column
from worth.engine.pricing.money import to_cents
from worth.engine.pricing.policy import Discount, PricingPolicy
from worth.engine.pricing.text import TextTable, money, percent, plain, text_table

__all__ = [
    "SalespersonBehaviour",
    "behaviour_rows",
    "behaviour_table",
    "concession_columns",
    "salesperson_behaviour",
]


@dataclass(frozen=True)
class SalespersonBehaviour:
    """One salesperson code's lines and habits; ``None`` where the policy cannot say.

    ``concessions`` is None without a policy; ``lines_below`` and ``revenue_lost`` are None when the
    policy has no guidelines. Money is in the invoice currency, per the whole period of the lines.
    """

    salesperson: str
    lines: int
    list_revenue: float
    concessions: float | None
    lines_below: int | None
    revenue_lost: float | None

    @property
    def concession_share(self) -> float | None:
        """Concessions as a share of list revenue (0 to 1)."""
        if self.concessions is None or not self.list_revenue:
            return None
        return self.concessions / self.list_revenue

    @property
    def share_below(self) -> float | None:
        """Lines below their floor as a share of all the code's lines (0 to 1)."""
        if self.lines_below is None or not self.lines:
            return None
        return self.lines_below / self.lines


def _offered(t: ir.Table, discount: Discount) -> ir.BooleanValue:
    """True on the lines the discount is offered for (its segments and products; unset means all)."""
    condition: ir.BooleanValue = ibis.literal(True)
    if discount.segments is not None:
        condition &= t.segment.isin(list(discount.segments))
    if discount.products is not None:
        options = [
            t.product.startswith(p[:-1]) if p.endswith("*") else t.product == p for p in discount.products
        ]
        any_product = options[0]
        for option in options[1:]:
            any_product |= option
        condition &= any_product
    return condition


def concession_columns(policy: PricingPolicy, contract: InvoiceContract) -> dict[str, list[Discount]]:
    """Per deduction column of the contract, the policy's discounts that tie it to a customer action.

    An empty list means every amount in that column is a concession given for nothing.
    """
    return {
        item.column: [
            d
            for d in policy.discounts
            if d.invoice_column == item.column and (d.customer_action or "").strip()
        ]
        for item in contract.items
    }


def _concession_money(t: ir.Table, policy: PricingPolicy, contract: InvoiceContract) -> ir.FloatingValue:
    zero = ibis.literal(0.0)
    total: ir.FloatingValue = zero
    tying_of = concession_columns(policy, contract)
    for item in contract.items:
        tying = tying_of[item.column]
        money = t[unit_column(item)] * t.quantity
        if not tying:
            total = total + money
            continue
        tied = _offered(t, tying[0])
        for discount in tying[1:]:
            tied |= _offered(t, discount)
        total = total + ibis.ifelse(tied, zero, money)
    return total


def salesperson_behaviour(
    table: ir.Table,
    policy: PricingPolicy | None,
    *,
    contract: InvoiceContract = DEFAULT_CONTRACT,
    where: Filters | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> tuple[SalespersonBehaviour, ...]:
    """Each salesperson code's lines, list revenue, concessions and deals below floor, in one query.

    Parameters
    ----------
    table
        Invoice lines with the contract's names.
    policy
        The project's pricing policy; None measures only lines and list revenue.
    contract, where, date_from, date_to
        As for :func:`worth.analytics.waterfall.pocket_price_waterfall`.

    Returns
    -------
    tuple of SalespersonBehaviour
        One per salesperson code, largest list revenue first.
    """
    lines = priced_lines(apply_filters(table, where, date_from=date_from, date_to=date_to), contract)
    checks = policy is not None and bool(policy.guidelines)
    if checks:
        assert policy is not None
        lines = with_guidelines(lines, policy)
    q = lines.quantity
    metrics: dict[str, ir.Value] = {"lines": lines.count(), "list_revenue": (lines.list_price * q).sum()}
    if policy is not None:
        metrics["concessions"] = _concession_money(lines, policy, contract).sum()
    if checks:
        below = lines.floor_price.notnull() & (lines.pocket_price < lines.floor_price - TOLERANCE)
        metrics["lines_below"] = ibis.ifelse(below, 1, 0).sum()
        metrics["revenue_lost"] = ibis.ifelse(
            below, (lines.floor_price - lines.pocket_price) * q, ibis.literal(0.0)
        ).sum()
    expr = lines.group_by(salesperson=lines.salesperson.cast("string")).aggregate(**metrics)
    rows: list[dict[str, Any]] = expr.to_pyarrow().to_pylist()
    found = [
        SalespersonBehaviour(
            salesperson=str(r["salesperson"]),
            lines=int(r["lines"]),
            list_revenue=float(r["list_revenue"] or 0.0),
            concessions=float(r["concessions"] or 0.0) if policy is not None else None,
            lines_below=int(r["lines_below"] or 0) if checks else None,
            revenue_lost=float(r["revenue_lost"] or 0.0) if checks else None,
        )
        for r in rows
        if r["lines"]
    ]
    found.sort(key=lambda b: (-b.list_revenue, b.salesperson))
    return tuple(found)


def _pct(share: float | None) -> float | None:
    return None if share is None else share * 100


def behaviour_rows(found: tuple[SalespersonBehaviour, ...]) -> list[dict[str, object]]:
    """One plain row per code (money to the cent, shares in %; None where the policy cannot say)."""

    def cents(value: float | None) -> object:
        return None if value is None else to_cents(round(value, 6))

    return [
        {
            "salesperson": b.salesperson,
            "lines": b.lines,
            "list_revenue": to_cents(round(b.list_revenue, 6)),
            "concessions": cents(b.concessions),
            "concessions_pct_of_list": _pct(b.concession_share),
            "lines_below_floor": b.lines_below,
            "lines_below_floor_pct": _pct(b.share_below),
            "revenue_lost": cents(b.revenue_lost),
        }
        for b in found
    ]


def behaviour_table(rows: list[dict[str, object]], currency: str = "") -> TextTable:
    """The rows as text: what each code conceded for nothing and sold below the floor."""
    unit = f" ({currency})" if currency else ""

    def maybe_money(key: str) -> Any:
        shown = money(key)
        return lambda row: "-" if row[key] is None else shown(row)

    def maybe(key: str) -> Any:
        return lambda row: "-" if row[key] is None else f"{row[key]:,}"

    return text_table(
        "Pricing habits per salesperson code",
        rows,
        [
            ("salesperson", plain("salesperson"), False),
            ("lines", plain("lines", ","), True),
            (f"list revenue{unit}", money("list_revenue"), True),
            (f"concessions for nothing{unit}", maybe_money("concessions"), True),
            ("% of list", percent("concessions_pct_of_list", " %"), True),
            ("lines below floor", maybe("lines_below_floor"), True),
            ("% of lines", percent("lines_below_floor_pct", " %"), True),
            (f"revenue lost{unit}", maybe_money("revenue_lost"), True),
        ],
    )
