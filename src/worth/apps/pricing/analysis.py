"""Reading a data set for the pages: its lines as an Ibis table, the filters, and the rows a table shows.

The figures come from ``worth.analytics`` (volume-weighted, float64, computed by DuckDB over the
data set's Parquet store); this module only turns them into what a person reads: money rounded to
the cent, how each deduction was recorded, the groups in order, at most a few hundred rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from worth.analytics import (
    DIMENSIONS,
    BandReport,
    Compliance,
    Deal,
    InvoiceContract,
    PocketPriceBand,
    Waterfall,
    connect,
    guideline_compliance,
    out_of_policy_deals,
    pocket_price_waterfall,
    store_table,
)
from worth.apps.pricing.models import InvoiceDataset
from worth.engine.pricing.money import to_cents
from worth.engine.pricing.policy import PricingPolicy as PolicyDocument

Level = Literal["transaction", "customer"]
#: The contract column behind each dimension a page filters on.
FILTER_COLUMNS = {
    "segment": "segment",
    "salesperson": "salesperson",
    "product": "product",
    "customer": "customer_id",
}
#: A dimension with more values than this is not offered as a list to pick from.
MAX_CHOICES = 500
#: Group rows a table shows; the chart shows the six largest.
MAX_TABLE_ROWS = 200


@dataclass(frozen=True)
class Selection:
    """Which lines a page analyses and how it groups them."""

    by: str | None = None
    where: dict[str, str] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    level: Level = "transaction"

    @property
    def kwargs(self) -> dict[str, Any]:
        """The filter arguments every analytics function takes."""
        return {"where": self.where or None, "date_from": self.date_from, "date_to": self.date_to}

    @property
    def filtered(self) -> bool:
        return bool(self.where or self.date_from or self.date_to)


def open_lines(dataset: InvoiceDataset) -> tuple[Any, InvoiceContract]:
    """The data set's invoice lines (an Ibis table on an in-memory DuckDB) and the contract they use."""
    return store_table(connect(None), dataset.store)


def dimension_choices(table: Any) -> dict[str, list[tuple[str, str]]]:
    """Values to filter on per dimension, as (value, label); customers are shown by name and id.

    A dimension with more than :data:`MAX_CHOICES` values gets an empty list (the form asks for the
    value as text instead).
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for dimension, column in FILTER_COLUMNS.items():
        if dimension == "customer":
            expr = table.select(value=table.customer_id, label=table.customer_name).distinct()
        else:
            expr = table.select(
                value=table[column].cast("string"), label=table[column].cast("string")
            ).distinct()
        rows = expr.order_by(["label", "value"]).limit(MAX_CHOICES + 1).to_pyarrow().to_pylist()
        if len(rows) > MAX_CHOICES:
            out[dimension] = []
            continue
        if dimension == "customer":
            out[dimension] = [(r["value"], f"{r['label']} ({r['value']})") for r in rows]
        else:
            out[dimension] = [(r["value"], r["label"]) for r in rows]
    return out


@dataclass(frozen=True)
class Overview:
    """A data set at a glance: the period, how many customers and products, and the prices overall."""

    first: dt.date
    last: dt.date
    customers: int
    products: int
    salespeople: int
    units: float
    list_price: Decimal
    pocket_price: Decimal
    pocket_pct: float


def overview(table: Any, contract: InvoiceContract) -> Overview:
    """Two queries: the counts and period, and the overall waterfall's list and pocket price."""
    row = (
        table.aggregate(
            first=table.date.min(),
            last=table.date.max(),
            customers=table.customer_id.nunique(),
            products=table.product.nunique(),
            salespeople=table.salesperson.nunique(),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    (overall,) = pocket_price_waterfall(table, contract=contract).groups
    pocket = overall.step("pocket_price")
    return Overview(
        first=row["first"],
        last=row["last"],
        customers=int(row["customers"]),
        products=int(row["products"]),
        salespeople=int(row["salespeople"]),
        units=overall.volume,
        list_price=overall.step("list_price").per_unit_cents,
        pocket_price=pocket.per_unit_cents,
        pocket_pct=pocket.pct_of_list,
    )


def recorded_as(basis: str | None, stacking: str | None) -> str:
    """How a deduction was recorded, in words: the stacking setting of a percentage is part of it."""
    if basis == "percent":
        return (
            "% of list price (adds on list)"
            if stacking == "adds-on-list"
            else "% of the price left (compounds)"
        )
    return {"line-amount": "amount per line ÷ units", "unit-amount": "amount per unit"}.get(basis or "", "")


@dataclass(frozen=True)
class StepRow:
    """One bar of a waterfall as the table shows it."""

    key: str
    label: str
    kind: str
    stage: str
    recorded: str
    per_unit: Decimal
    pct_of_list: float


def step_rows(waterfall: Waterfall) -> list[StepRow]:
    return [
        StepRow(
            s.key, s.label, s.kind, s.stage, recorded_as(s.basis, s.stacking), s.per_unit_cents, s.pct_of_list
        )
        for s in waterfall.steps
    ]


@dataclass(frozen=True)
class GroupRow:
    """One group of a waterfall by customer, segment, salesperson or product: every bar per unit."""

    label: str
    lines: int
    volume: float
    bars: list[Decimal]
    pocket_pct: float
    pocket_revenue: Decimal


def group_rows(groups: tuple[Waterfall, ...]) -> list[GroupRow]:
    return [
        GroupRow(
            label=g.label or g.group or "(blank)",
            lines=g.lines,
            volume=g.volume,
            bars=[s.per_unit_cents for s in g.steps],
            pocket_pct=g.step("pocket_price").pct_of_list,
            pocket_revenue=to_cents(round(g.pocket_revenue, 6)),
        )
        for g in groups[:MAX_TABLE_ROWS]
    ]


def _pct(share: float | None) -> float | None:
    return None if share is None else share * 100.0


@dataclass(frozen=True)
class ComplianceRow:
    """How the lines of a group keep to the guidelines, shares in %, money rounded to the cent."""

    lines: int
    lines_covered: int
    lines_within_pct: float | None
    volume_within_pct: float | None
    lines_below: int
    lines_above: int
    revenue_lost: Decimal


def compliance_row(c: Compliance) -> ComplianceRow:
    return ComplianceRow(
        lines=c.lines,
        lines_covered=c.lines_covered,
        lines_within_pct=_pct(c.share_lines_within),
        volume_within_pct=_pct(c.share_volume_within),
        lines_below=c.lines_below,
        lines_above=c.lines_above,
        revenue_lost=to_cents(round(c.revenue_lost, 6)),
    )


@dataclass(frozen=True)
class BandRow:
    """A band's spread in words and numbers: percentiles, mean, extremes and compliance."""

    label: str
    count: int
    volume: float
    mean: float
    std: float
    lowest: float
    highest: float
    spread: float
    middle_spread: float
    median: float
    percentiles: list[tuple[int, float]]
    compliance: ComplianceRow | None


def band_rows(report: BandReport) -> list[BandRow]:
    def row(b: PocketPriceBand) -> BandRow:
        return BandRow(
            label=b.label or b.group or "All lines",
            count=b.count,
            volume=b.volume,
            mean=b.mean_pct,
            std=b.std_pct,
            lowest=b.min_pct,
            highest=b.max_pct,
            spread=b.spread,
            middle_spread=b.p10_p90_spread,
            median=b.percentile(50),
            percentiles=list(b.percentiles),
            compliance=compliance_row(b.compliance) if b.compliance is not None else None,
        )

    return [row(b) for b in report.groups[:MAX_TABLE_ROWS]]


@dataclass(frozen=True)
class CostRow:
    """Out-of-policy lines of one customer, segment, salesperson or product and what they cost."""

    label: str
    lines: int
    lines_below: int
    lines_above: int
    lines_within_pct: float | None
    volume_within_pct: float | None
    revenue_lost: Decimal


@dataclass(frozen=True)
class CostTable:
    dimension: str
    rows: list[CostRow]
    groups_out: int


def cost_tables(
    table: Any, policy: PolicyDocument, contract: InvoiceContract, selection: Selection, *, top: int = 10
) -> list[CostTable]:
    """What the lines outside the guidelines cost, by customer, segment, salesperson and product."""
    out: list[CostTable] = []
    for dimension in DIMENSIONS:
        found = guideline_compliance(table, policy, contract=contract, by=dimension, **selection.kwargs)
        outside = [c for c in found if c.lines_out]
        rows = [
            CostRow(
                label=c.label or c.group or "(blank)",
                lines=c.lines,
                lines_below=c.lines_below,
                lines_above=c.lines_above,
                lines_within_pct=_pct(c.share_lines_within),
                volume_within_pct=_pct(c.share_volume_within),
                revenue_lost=to_cents(round(c.revenue_lost, 6)),
            )
            for c in outside[:top]
        ]
        out.append(CostTable(dimension, rows, len(outside)))
    return out


def costliest_deals(
    table: Any, policy: PolicyDocument, contract: InvoiceContract, selection: Selection, *, limit: int = 20
) -> list[Deal]:
    return list(out_of_policy_deals(table, policy, contract=contract, limit=limit, **selection.kwargs))
