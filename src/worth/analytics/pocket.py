"""Per-unit prices of each invoice line as Ibis columns: list, each deduction, invoice and pocket price.

Everything downstream (waterfall, band, guidelines) starts from :func:`priced_lines`. Deductions are
turned into money per unit here, once, following the contract: percentages of list price or of the
running price (``compounds``), line amounts divided by the quantity, unit amounts as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from worth.analytics._ibis import ibis, ir
from worth.analytics.errors import AnalyticsError
from worth.analytics.invoices import DIMENSION_COLUMNS, InvoiceContract, PriceItem

#: ``{"segment": "large mills"}`` or ``{"product": ["A", "B"]}``: keep lines with one of the values.
Filters = Mapping[str, str | Sequence[str]]


def unit_column(item: PriceItem) -> str:
    """Name of the per-unit money column made from a price item."""
    return f"unit_{item.column}"


def _unit_amount(t: ir.Table, item: PriceItem, running: ir.FloatingValue) -> ir.FloatingValue:
    raw = t[item.column].cast("float64").fill_null(0.0)
    if item.basis == "percent":
        base = t.list_price if item.stacking == "adds-on-list" else running
        return base * raw / 100.0
    if item.basis == "line-amount":
        return raw / t.quantity
    return raw


def priced_lines(t: ir.Table, contract: InvoiceContract) -> ir.Table:
    """Add money per unit: ``unit_<item>`` per deduction, ``invoice_price``, ``pocket_price``, ``pocket_pct``.

    ``pocket_pct`` is pocket price as % of list price. Quantity and list price are read as float64.
    """
    t = t.mutate(quantity=t.quantity.cast("float64"), list_price=t.list_price.cast("float64"))
    running: ir.FloatingValue = t.list_price
    columns: dict[str, ir.Value] = {}
    invoice: ir.FloatingValue | None = None
    for item in contract.items:
        if item.stage == "off-invoice" and invoice is None:
            invoice = running
        amount = _unit_amount(t, item, running)
        columns[unit_column(item)] = amount
        running = running - amount
    columns["invoice_price"] = invoice if invoice is not None else running
    columns["pocket_price"] = running
    columns["pocket_pct"] = running / t.list_price * 100.0
    return t.mutate(**columns)


def apply_filters(
    t: ir.Table,
    where: Filters | None = None,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> ir.Table:
    """Keep the lines that match every filter; dates are inclusive. Filter keys are dimensions or columns.

    Raises
    ------
    AnalyticsError
        For a filter on a column the table does not have.
    """
    for key, wanted in (where or {}).items():
        column = DIMENSION_COLUMNS.get(key, key)
        if column not in t.columns:
            raise AnalyticsError(f"filter {key!r}: no such column; use one of {', '.join(DIMENSION_COLUMNS)}")
        values = [wanted] if isinstance(wanted, str) else list(wanted)
        t = t.filter(t[column].isin(values))
    if date_from is not None:
        t = t.filter(t.date >= ibis.literal(date_from))
    if date_to is not None:
        t = t.filter(t.date <= ibis.literal(date_to))
    return t


def group_column(by: str | None) -> str | None:
    """The column behind a ``by`` dimension, checked; None for the overall figures."""
    if by is None:
        return None
    if by not in DIMENSION_COLUMNS:
        raise AnalyticsError(f"by={by!r}: group by one of {', '.join(DIMENSION_COLUMNS)}")
    return DIMENSION_COLUMNS[by]
