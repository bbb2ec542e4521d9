"""The pocket price waterfall: from list price to pocket price per unit, volume-weighted.

Each bar is a money amount per unit: the sum over the lines of (amount per unit x quantity) divided
by the total quantity, so a line of 100 units weighs 100 times as much as a line of one. Reading
down: list price, each on-invoice item, the invoice price, each off-invoice item, the pocket price:
what the supplier really keeps. Every bar is also shown as % of the (volume-weighted) list price.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from worth.analytics._ibis import ir
from worth.analytics.errors import AnalyticsError
from worth.analytics.invoices import DEFAULT_CONTRACT, InvoiceContract
from worth.analytics.pocket import (
    Filters,
    aggregate_by,
    apply_filters,
    group_column,
    priced_lines,
    unit_column,
)
from worth.engine.pricing.money import to_cents

StepKind = Literal["start", "deduction", "subtotal"]


@dataclass(frozen=True)
class WaterfallStep:
    """One bar: ``per_unit`` money per unit (float64), ``pct_of_list`` of the volume-weighted list price.

    ``basis`` and ``stacking`` say how a deduction was recorded (``percent`` ``adds-on-list`` ...).
    """

    key: str
    label: str
    kind: StepKind
    stage: str
    per_unit: float
    pct_of_list: float
    basis: str | None = None
    stacking: str | None = None

    @property
    def per_unit_cents(self) -> Decimal:
        """The bar as a person reads it: rounded to the cent, half up."""
        return to_cents(self.per_unit)


@dataclass(frozen=True)
class Waterfall:
    """The waterfall of one group (or of everything, ``group`` None): lines, units and the bars."""

    group: str | None
    label: str | None
    lines: int
    volume: float
    steps: tuple[WaterfallStep, ...]

    def step(self, key: str) -> WaterfallStep:
        """The bar named ``key`` (``list_price``, ``invoice_price``, ``pocket_price`` or an item column)."""
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    @property
    def list_price(self) -> float:
        """Volume-weighted list price per unit."""
        return self.step("list_price").per_unit

    @property
    def invoice_price(self) -> float:
        """Volume-weighted invoice price per unit."""
        return self.step("invoice_price").per_unit

    @property
    def pocket_price(self) -> float:
        """Volume-weighted pocket price per unit."""
        return self.step("pocket_price").per_unit

    @property
    def pocket_revenue(self) -> float:
        """What the supplier pockets from these lines in total."""
        return self.pocket_price * self.volume


@dataclass(frozen=True)
class WaterfallReport:
    """Waterfalls overall (``by`` None, one entry) or one per group, largest volume first."""

    by: str | None
    groups: tuple[Waterfall, ...]


def _aggregates(t: ir.Table, contract: InvoiceContract) -> dict[str, ir.Value]:
    q = t.quantity
    metrics: dict[str, ir.Value] = {
        "n_lines": t.count(),
        "volume": q.sum(),
        "list_value": (t.list_price * q).sum(),
    }
    for item in contract.items:
        metrics[f"sum_{item.column}"] = (t[unit_column(item)] * q).sum()
    return metrics


def _steps(row: dict[str, Any], contract: InvoiceContract) -> tuple[WaterfallStep, ...]:
    volume = float(row["volume"])
    list_price = float(row["list_value"]) / volume
    pct = 100.0 / list_price if list_price else 0.0
    steps = [WaterfallStep("list_price", "List price", "start", "list", list_price, 100.0)]
    price = list_price
    for index, item in enumerate(contract.items):
        if item.stage == "off-invoice" and (index == 0 or contract.items[index - 1].stage == "on-invoice"):
            steps.append(
                WaterfallStep("invoice_price", "Invoice price", "subtotal", "invoice", price, price * pct)
            )
        amount = float(row[f"sum_{item.column}"]) / volume
        price -= amount
        steps.append(
            WaterfallStep(
                item.column,
                item.label,
                "deduction",
                item.stage,
                amount,
                amount * pct,
                item.basis,
                item.stacking_shown,
            )
        )
    if not contract.off_invoice:
        steps.append(
            WaterfallStep("invoice_price", "Invoice price", "subtotal", "invoice", price, price * pct)
        )
    steps.append(WaterfallStep("pocket_price", "Pocket price", "subtotal", "pocket", price, price * pct))
    return tuple(steps)


def pocket_price_waterfall(
    table: ir.Table,
    *,
    contract: InvoiceContract = DEFAULT_CONTRACT,
    by: str | None = None,
    where: Filters | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> WaterfallReport:
    """The volume-weighted pocket price waterfall, overall or per customer, segment, salesperson or product.

    Parameters
    ----------
    table
        Invoice lines with the contract's column names (see :func:`worth.analytics.backends.conform`).
    contract
        The price items: their order, stage (on/off invoice), basis and stacking.
    by
        ``None`` for one waterfall, or ``customer``, ``segment``, ``salesperson``, ``product``.
    where, date_from, date_to
        Keep only matching lines (see :func:`worth.analytics.pocket.apply_filters`).

    Returns
    -------
    WaterfallReport
        One waterfall per group, largest volume first. One query runs on the backend; the division
        into per-unit figures happens on the few aggregated rows.

    Raises
    ------
    AnalyticsError
        For an unknown ``by`` or filter column, or when no line is left after filtering.
    """
    group_column(by)  # refuse an unknown dimension before any work
    lines = priced_lines(apply_filters(table, where, date_from=date_from, date_to=date_to), contract)
    rows = [r for r in aggregate_by(lines, by, _aggregates(lines, contract)) if r["n_lines"] and r["volume"]]
    if not rows:
        raise AnalyticsError("no invoice lines to analyse (check the filters)")
    rows.sort(key=lambda r: (-float(r["volume"]), str(r.get("group"))))
    groups = tuple(
        Waterfall(
            group=row.get("group"),
            label=row.get("group_label", row.get("group")),
            lines=int(row["n_lines"]),
            volume=float(row["volume"]),
            steps=_steps(row, contract),
        )
        for row in rows
    )
    return WaterfallReport(by=by, groups=groups)
