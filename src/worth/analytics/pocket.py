"""Per-unit prices of each invoice line as Ibis columns: list, each deduction, invoice and pocket price.

Everything downstream (waterfall, band, guidelines) starts from :func:`priced_lines`. Deductions are
turned into money per unit here, once, following the contract: percentages of list price or of the
running price (``compounds``), line amounts divided by the quantity, unit amounts as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from worth.analytics._ibis import ibis, ir
from worth.analytics.errors import AnalyticsError
from worth.analytics.invoices import DIMENSION_COLUMNS, InvoiceContract, PriceItem

#: ``{"segment": "large mills"}`` or ``{"product": ["A", "B"]}``: keep lines with one of the values.
Filters = Mapping[str, str | Sequence[str]]


def unit_column(item: PriceItem) -> str:
    """Name of the per-unit money column made from a price item."""
    return f"unit_{item.column}"


def _raw(t: ir.Table, item: PriceItem) -> ir.FloatingValue:
    column = t[item.column]
    if not column.type().is_float64():
        column = column.cast("float64")
    return column.fill_null(0.0) if column.type().nullable else column


def _fixed_unit_amount(t: ir.Table, item: PriceItem) -> ir.FloatingValue:
    """Money per unit of an item that does not depend on the items before it."""
    raw = _raw(t, item)
    if item.basis == "percent":
        return t.list_price * raw / 100.0
    if item.basis == "line-amount":
        return raw / t.quantity
    return raw


def _less(price: ir.FloatingValue, amounts: list[ir.FloatingValue]) -> ir.FloatingValue:
    """``price`` minus each amount in turn (the order a person subtracts them on paper)."""
    for amount in amounts:
        price = price - amount
    return price


def priced_lines(t: ir.Table, contract: InvoiceContract) -> ir.Table:
    """Add money per unit: ``unit_<item>`` per deduction, ``invoice_price``, ``pocket_price``, ``pocket_pct``.

    ``pocket_pct`` is pocket price as % of list price. Quantity and list price are read as float64;
    lines whose quantity or list price is not above 0 (credit notes, free goods) are left out.

    The columns are added in steps, each step reading the previous one's columns, so the SQL the
    backend receives names each amount once instead of repeating its formula wherever it is used.
    """
    numbers = {c: t[c].cast("float64") for c in ("quantity", "list_price") if not t[c].type().is_float64()}
    if numbers:
        t = t.mutate(**numbers)
    t = t.filter((t.quantity > 0) & (t.list_price > 0))
    compounding = [i for i in contract.items if i.basis == "percent" and i.stacking == "compounds"]
    t = t.mutate(**{unit_column(i): _fixed_unit_amount(t, i) for i in contract.items if i not in compounding})
    for item in compounding:
        before = contract.items[: contract.items.index(item)]
        running = _less(t.list_price, [t[unit_column(i)] for i in before])
        t = t.mutate(**{unit_column(item): running * _raw(t, item) / 100.0})
    t = t.mutate(
        invoice_price=_less(t.list_price, [t[unit_column(i)] for i in contract.on_invoice]),
        pocket_price=_less(t.list_price, [t[unit_column(i)] for i in contract.items]),
    )
    return t.mutate(pocket_pct=t.pocket_price / t.list_price * 100.0)


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


def aggregate_by(lines: ir.Table, by: str | None, metrics: dict[str, ir.Value]) -> list[dict[str, Any]]:
    """``metrics`` over all lines (one row) or per ``by`` group, as plain rows.

    Groups are keyed by the dimension's value as text in ``group``; customers also carry their name in
    ``group_label``, so every report names a customer the same way.
    """
    column = group_column(by)
    if column is None:
        expr = lines.aggregate(**metrics)
    else:
        named = dict(metrics)
        if by == "customer":
            named["group_label"] = lines.customer_name.max()
        expr = lines.group_by(group=lines[column].cast("string")).aggregate(**named)
    rows: list[dict[str, Any]] = expr.to_pyarrow().to_pylist()
    return rows
