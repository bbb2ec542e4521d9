"""What the invoice lines say a business sells: units and pocket price per unit over a period.

The profit levers (``worth.engine.pricing.levers``) need a price, the units and the costs. The price
the supplier really keeps is the pocket price, not the list price, so this reads the overall pocket
price waterfall of the chosen lines (volume-weighted) and their dates; the costs are the user's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from worth.analytics._ibis import ir
from worth.analytics.errors import AnalyticsError
from worth.analytics.invoices import DEFAULT_CONTRACT, InvoiceContract
from worth.analytics.pocket import Filters, apply_filters
from worth.analytics.waterfall import pocket_price_waterfall
from worth.engine.pricing.compensation import SalesResult

__all__ = ["SoldVolume", "sales_by_salesperson", "sold_volume"]


@dataclass(frozen=True)
class SoldVolume:
    """Units sold and the volume-weighted pocket price per unit (to the cent) of the chosen lines."""

    lines: int
    units: Decimal
    pocket_price: Decimal
    list_price: Decimal
    first: dt.date
    last: dt.date

    @property
    def pocket_revenue(self) -> Decimal:
        return self.pocket_price * self.units

    def period(self) -> str:
        return f"{self.first:%Y-%m-%d} to {self.last:%Y-%m-%d}"


def sold_volume(
    table: ir.Table,
    *,
    contract: InvoiceContract = DEFAULT_CONTRACT,
    where: Filters | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> SoldVolume:
    """Units, pocket and list price per unit and the first and last invoice date of the matching lines.

    Raises
    ------
    AnalyticsError
        When no line matches, or a filter names no dimension or column.
    """
    report = pocket_price_waterfall(
        table, contract=contract, where=where, date_from=date_from, date_to=date_to
    )
    if not report.groups or report.groups[0].volume <= 0:
        raise AnalyticsError("no invoice line matches: no units to work the levers out on")
    (overall,) = report.groups
    chosen = apply_filters(table, where, date_from=date_from, date_to=date_to)
    dates = chosen.aggregate(first=chosen.date.min(), last=chosen.date.max()).to_pyarrow().to_pylist()[0]
    return SoldVolume(
        lines=overall.lines,
        units=Decimal(repr(float(overall.volume))),
        pocket_price=overall.step("pocket_price").per_unit_cents,
        list_price=overall.step("list_price").per_unit_cents,
        first=dates["first"],
        last=dates["last"],
    )


def sales_by_salesperson(
    table: ir.Table,
    *,
    contract: InvoiceContract = DEFAULT_CONTRACT,
    where: Filters | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[SalesResult]:
    """Each salesperson's list-price and pocket revenue and lines, from one grouped waterfall query.

    Raises
    ------
    AnalyticsError
        When no line matches, or a filter names no dimension or column.
    """
    report = pocket_price_waterfall(
        table, contract=contract, by="salesperson", where=where, date_from=date_from, date_to=date_to
    )
    if not report.groups:
        raise AnalyticsError("no invoice line matches: no salesperson to compare")
    return [
        SalesResult(
            salesperson=str(w.group),
            list_revenue=Decimal(repr(float(w.list_price * w.volume))),
            pocket_revenue=Decimal(repr(float(w.pocket_revenue))),
            lines=w.lines,
        )
        for w in report.groups
    ]
