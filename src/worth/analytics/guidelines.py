"""Price guidelines over invoice lines: which lines keep to them, which do not, and what that costs.

The first guideline of the policy that matches a line (segment, product, quantity band) gives its
allowed pocket price per unit: ``floor`` and ``ceiling`` as % of the line's list price or as money
per unit. A line below its floor is an out-of-policy deal; what it cost is the revenue the supplier
would have pocketed at the floor: (floor - pocket price) x quantity. Lines no guideline covers are
counted apart and are neither within nor outside the guidelines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from worth.analytics._ibis import ibis, ir
from worth.analytics.errors import AnalyticsError
from worth.analytics.invoices import DEFAULT_CONTRACT, InvoiceContract
from worth.analytics.pocket import Filters, aggregate_by, apply_filters, group_column, priced_lines
from worth.engine.pricing.policy import Guideline, PricingPolicy

#: Money below the floor smaller than this (per unit) is float noise, not a breach.
TOLERANCE = 1e-9


def _matches(t: ir.Table, guideline: Guideline) -> ir.BooleanValue:
    condition: ir.BooleanValue = ibis.literal(True)
    if guideline.segment is not None:
        condition &= t.segment == guideline.segment
    if guideline.products is not None:
        options = [
            t.product.startswith(p[:-1]) if p.endswith("*") else t.product == p for p in guideline.products
        ]
        any_product = options[0]
        for option in options[1:]:
            any_product |= option
        condition &= any_product
    if guideline.min_quantity is not None:
        condition &= t.quantity >= float(guideline.min_quantity)
    if guideline.max_quantity is not None:
        condition &= t.quantity < float(guideline.max_quantity)
    return condition


def _limit(t: ir.Table, guideline: Guideline, which: int) -> ir.FloatingValue:
    value = guideline.limits[which]
    if value is None:
        return ibis.null("float64")
    if guideline.relative:
        return t.list_price * (float(value) / 100.0)
    return t.list_price * 0.0 + float(value)  # a float column on every backend, not a NUMERIC literal


def with_guidelines(lines: ir.Table, policy: PricingPolicy, *, names: bool = False) -> ir.Table:
    """Add ``floor_price`` and ``ceiling_price`` per unit (and the ``guideline`` name) to priced lines.

    The first matching guideline is found once, as its position in the policy (``rule``); the limits
    are then read from that number, so the conditions are evaluated once per line.
    """
    if not policy.guidelines:
        raise AnalyticsError("the pricing policy has no guidelines to check the lines against")
    rule = ibis.cases(*((_matches(lines, g), i) for i, g in enumerate(policy.guidelines)), else_=None)
    lines = lines.mutate(rule=rule)

    def pick(values: list[Any]) -> ir.Value:
        return ibis.cases(*((lines.rule == i, v) for i, v in enumerate(values)), else_=None)

    limits = {
        "floor_price": pick([_limit(lines, g, 0) for g in policy.guidelines]),
        "ceiling_price": pick([_limit(lines, g, 1) for g in policy.guidelines]),
    }
    if names:
        limits["guideline"] = pick([g.name for g in policy.guidelines])
    return lines.mutate(**limits)


@dataclass(frozen=True)
class Compliance:
    """How the lines of one group (or all, ``group`` None) keep to the guidelines.

    ``revenue_lost`` is what the lines below their floor would have added at the floor.
    Shares are of the lines (and units) a guideline covers.
    """

    group: str | None
    label: str | None
    lines: int
    lines_covered: int
    lines_within: int
    lines_below: int
    lines_above: int
    volume: float
    volume_covered: float
    volume_within: float
    volume_below: float
    revenue_lost: float

    @property
    def lines_out(self) -> int:
        """Lines outside their guideline, below or above."""
        return self.lines_below + self.lines_above

    @property
    def share_lines_within(self) -> float | None:
        """Share of covered transactions within the guidelines (None when no line is covered)."""
        return self.lines_within / self.lines_covered if self.lines_covered else None

    @property
    def share_volume_within(self) -> float | None:
        """Share of covered units sold within the guidelines."""
        return self.volume_within / self.volume_covered if self.volume_covered else None


def compliance_metrics(t: ir.Table, *, totals: bool = True) -> dict[str, ir.Value]:
    """Aggregates of guideline compliance over lines with ``floor_price`` and ``ceiling_price``.

    A line without a guideline has a NULL floor, so every comparison with it is NULL and counts
    nowhere; a guideline always has a floor, so a ceiling implies a floor. ``totals`` adds the
    line count and volume (left out when the caller already counts them).
    """
    below = t.pocket_price < t.floor_price - TOLERANCE
    above = t.pocket_price > t.ceiling_price + TOLERANCE
    within = (t.pocket_price >= t.floor_price - TOLERANCE) & (
        t.ceiling_price.isnull() | (t.pocket_price <= t.ceiling_price + TOLERANCE)
    )
    q = t.quantity
    zero = ibis.literal(0.0)
    metrics: dict[str, ir.Value] = {"lines": t.count(), "volume": q.sum()} if totals else {}
    return metrics | {
        "lines_covered": t.floor_price.count(),
        "lines_within": ibis.ifelse(within, 1, 0).sum(),
        "lines_below": ibis.ifelse(below, 1, 0).sum(),
        "lines_above": ibis.ifelse(above, 1, 0).sum(),
        "volume_covered": ibis.ifelse(t.floor_price.notnull(), q, zero).sum(),
        "volume_within": ibis.ifelse(within, q, zero).sum(),
        "volume_below": ibis.ifelse(below, q, zero).sum(),
        "revenue_lost": ibis.ifelse(below, (t.floor_price - t.pocket_price) * q, zero).sum(),
    }


def compliance_from_row(row: dict[str, Any]) -> Compliance:
    """A :class:`Compliance` from an aggregated row (``group``, ``lines`` ... ``revenue_lost``)."""

    def number(key: str) -> float:
        return float(row[key] or 0.0)

    return Compliance(
        group=row.get("group"),
        label=row.get("group_label", row.get("group")),
        lines=int(row["lines"]),
        lines_covered=int(row["lines_covered"] or 0),
        lines_within=int(row["lines_within"] or 0),
        lines_below=int(row["lines_below"] or 0),
        lines_above=int(row["lines_above"] or 0),
        volume=number("volume"),
        volume_covered=number("volume_covered"),
        volume_within=number("volume_within"),
        volume_below=number("volume_below"),
        revenue_lost=number("revenue_lost"),
    )


def guideline_compliance(
    table: ir.Table,
    policy: PricingPolicy,
    *,
    contract: InvoiceContract = DEFAULT_CONTRACT,
    by: str | None = None,
    where: Filters | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> tuple[Compliance, ...]:
    """Share of transactions and volume within the guidelines, and the cost of the rest, per group.

    Parameters
    ----------
    table
        Invoice lines with the contract's names.
    policy
        The pricing policy whose guidelines apply (first match per line).
    contract, by, where, date_from, date_to
        As for :func:`worth.analytics.waterfall.pocket_price_waterfall`.

    Returns
    -------
    tuple of Compliance
        Overall (one entry) or per group, the costliest group first.
    """
    group_column(by)  # refuse an unknown dimension before any work
    lines = with_guidelines(
        priced_lines(apply_filters(table, where, date_from=date_from, date_to=date_to), contract), policy
    )
    rows = [r for r in aggregate_by(lines, by, compliance_metrics(lines)) if r["lines"]]
    out = [compliance_from_row(r) for r in rows]
    out.sort(key=lambda c: (-c.revenue_lost, -c.lines_out, str(c.group)))
    return tuple(out)


@dataclass(frozen=True)
class Deal:
    """An invoice line below its guideline floor, with what it cost."""

    invoice_id: str
    line_no: int
    date: dt.date
    customer_id: str
    customer_name: str
    segment: str
    salesperson: str
    product: str
    quantity: float
    list_price: float
    pocket_price: float
    pocket_pct: float
    floor_price: float
    guideline: str
    revenue_lost: float


def out_of_policy_deals(
    table: ir.Table,
    policy: PricingPolicy,
    *,
    contract: InvoiceContract = DEFAULT_CONTRACT,
    limit: int = 20,
    where: Filters | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> tuple[Deal, ...]:
    """The costliest lines below their guideline floor, costliest first (at most ``limit``)."""
    lines = with_guidelines(
        priced_lines(apply_filters(table, where, date_from=date_from, date_to=date_to), contract),
        policy,
        names=True,
    )
    below = lines.filter(lines.floor_price.notnull() & (lines.pocket_price < lines.floor_price - TOLERANCE))
    below = below.mutate(revenue_lost=(below.floor_price - below.pocket_price) * below.quantity)
    fields = [f for f in Deal.__dataclass_fields__ if f != "revenue_lost"]
    expr = (
        below.order_by([ibis.desc("revenue_lost"), "invoice_id", "line_no"])
        .limit(limit)
        .select(*fields, "revenue_lost")
    )
    return tuple(Deal(**row) for row in expr.to_pyarrow().to_pylist())
