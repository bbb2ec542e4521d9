"""The mix of business and the customer's business, from invoice lines alone.

A more profitable mix sells more of the products that keep more of their price, to more departments of
the same customer. Margin needs product costs, which invoice lines do not hold, so the products are
ranked by price realization: pocket revenue over list revenue, what each product keeps of its list
price after every discount, on and off the invoice. Within a segment, the products its customers buy
and a customer does not are the cross-sell candidates; the share of the customer's business needs the
customer's total purchases, which only the user knows (:func:`share_of_business`).

Two grouped queries: one per segment and product, one per segment, customer and product; everything
else is arithmetic on their rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from worth.analytics._ibis import ir
from worth.analytics.errors import AnalyticsError
from worth.analytics.invoices import DEFAULT_CONTRACT, InvoiceContract
from worth.analytics.pocket import Filters, apply_filters, priced_lines
from worth.engine.pricing.money import to_cents
from worth.engine.pricing.text import TextTable, money, percent, plain, text_table

__all__ = [
    "DAYS_A_YEAR",
    "MAX_CANDIDATES",
    "CustomerBusiness",
    "MixReport",
    "ProductMix",
    "SegmentMix",
    "business_mix",
    "customer_rows",
    "customer_table",
    "mix_rows",
    "mix_table",
    "share_of_business",
]

#: Cross-sell candidates named per customer; the rest are counted.
MAX_CANDIDATES = 3
#: A period's pocket revenue is annualized as revenue x 365 / days of the period.
DAYS_A_YEAR = 365
BLANK = "(blank)"


@dataclass(frozen=True)
class ProductMix:
    """One product in one segment: what it sold, what it kept of list price, its part of the segment."""

    product: str
    lines: int
    units: float
    list_revenue: float
    pocket_revenue: float
    customers: int
    #: Pocket revenue over list revenue (0.9 keeps 90 % of list price).
    realization: float
    #: Of the segment's pocket revenue.
    revenue_share: float


@dataclass(frozen=True)
class SegmentMix:
    """A segment's products, the best-realizing first, and the segment's totals."""

    segment: str
    lines: int
    units: float
    list_revenue: float
    pocket_revenue: float
    customers: int
    products: tuple[ProductMix, ...]

    @property
    def realization(self) -> float:
        return self.pocket_revenue / self.list_revenue if self.list_revenue else 0.0


@dataclass(frozen=True)
class CustomerBusiness:
    """What one customer buys of what its segment buys, and (when its purchases are known) our share.

    ``candidates`` are the products other customers of its segment buy and it does not, the most
    widely bought first; ``more_candidates`` counts those not named. ``yearly_purchases`` is the
    user's figure; ``share`` is our annualized pocket revenue over it, None when not given.
    """

    customer_id: str
    name: str
    segment: str
    lines: int
    list_revenue: float
    pocket_revenue: float
    products: int
    segment_products: int
    candidates: tuple[str, ...]
    more_candidates: int
    yearly_purchases: Decimal | None = None
    share: float | None = None

    @property
    def over_all_of_it(self) -> bool:
        """True when we would sell more than the customer says it buys: the figure given is too low."""
        return self.share is not None and self.share > 1.0


@dataclass(frozen=True)
class MixReport:
    """The mix per segment and the customers (largest pocket revenue first) over a period of ``days``."""

    first: dt.date
    last: dt.date
    segments: tuple[SegmentMix, ...]
    customers: tuple[CustomerBusiness, ...]

    @property
    def days(self) -> int:
        """Days of the period, both ends counted."""
        return (self.last - self.first).days + 1

    @property
    def any_candidates(self) -> bool:
        return any(c.candidates for c in self.customers)


def _text(value: Any) -> str:
    return BLANK if value is None or value == "" else str(value)


def _query(lines: ir.Table, keys: dict[str, ir.Value], **more: ir.Value) -> list[dict[str, Any]]:
    q = lines.quantity
    rows: list[dict[str, Any]] = (
        lines.group_by(**keys)
        .aggregate(
            n_lines=lines.count(),
            units=q.sum(),
            list_revenue=(lines.list_price * q).sum(),
            pocket_revenue=(lines.pocket_price * q).sum(),
            **more,
        )
        .to_pyarrow()
        .to_pylist()
    )
    return rows


def _segments(rows: list[dict[str, Any]], customers: Mapping[str, int]) -> tuple[SegmentMix, ...]:
    by_segment: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_segment.setdefault(_text(row["segment"]), []).append(row)
    out = []
    for segment, products in by_segment.items():
        pocket = sum(float(r["pocket_revenue"]) for r in products)
        mixes = [
            ProductMix(
                product=_text(r["product"]),
                lines=int(r["n_lines"]),
                units=float(r["units"]),
                list_revenue=float(r["list_revenue"]),
                pocket_revenue=float(r["pocket_revenue"]),
                customers=int(r["customers"]),
                realization=float(r["pocket_revenue"]) / float(r["list_revenue"]),
                revenue_share=float(r["pocket_revenue"]) / pocket if pocket else 0.0,
            )
            for r in products
        ]
        mixes.sort(key=lambda m: (-m.realization, -m.pocket_revenue, m.product))
        out.append(
            SegmentMix(
                segment=segment,
                lines=sum(m.lines for m in mixes),
                units=sum(m.units for m in mixes),
                list_revenue=sum(m.list_revenue for m in mixes),
                pocket_revenue=pocket,
                customers=customers.get(segment, 0),
                products=tuple(mixes),
            )
        )
    out.sort(key=lambda s: (-s.pocket_revenue, s.segment))
    return tuple(out)


def _customers(rows: list[dict[str, Any]], segments: tuple[SegmentMix, ...]) -> tuple[CustomerBusiness, ...]:
    bought: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        bought.setdefault((_text(row["segment"]), str(row["customer_id"])), []).append(row)
    spread = {s.segment: {p.product: p for p in s.products} for s in segments}
    out = []
    for (segment, customer_id), products in bought.items():
        own = {_text(r["product"]) for r in products}
        offered = spread[segment]
        # Bought by other customers of the segment: the product's buyers, less this customer.
        missing = sorted(
            (p for name, p in offered.items() if name not in own),
            key=lambda p: (-p.customers, -p.pocket_revenue, p.product),
        )
        out.append(
            CustomerBusiness(
                customer_id=customer_id,
                name=_text(max((r["customer_name"] or "" for r in products), default="")),
                segment=segment,
                lines=sum(int(r["n_lines"]) for r in products),
                list_revenue=sum(float(r["list_revenue"]) for r in products),
                pocket_revenue=sum(float(r["pocket_revenue"]) for r in products),
                products=len(own),
                segment_products=len(offered),
                candidates=tuple(p.product for p in missing[:MAX_CANDIDATES]),
                more_candidates=max(0, len(missing) - MAX_CANDIDATES),
            )
        )
    out.sort(key=lambda c: (-c.pocket_revenue, c.customer_id, c.segment))
    return tuple(out)


def business_mix(
    table: ir.Table,
    *,
    contract: InvoiceContract = DEFAULT_CONTRACT,
    where: Filters | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> MixReport:
    """The mix per segment and product and each customer's products and cross-sell candidates.

    The period runs from ``date_from`` (or the first invoice date) to ``date_to`` (or the last), so a
    chosen quarter annualizes as a quarter even when its last days have no line.

    Raises
    ------
    AnalyticsError
        For an unknown filter column, or when no line is left after filtering.
    """
    lines = priced_lines(apply_filters(table, where, date_from=date_from, date_to=date_to), contract)
    segment, product = lines.segment.cast("string"), lines.product.cast("string")
    mix_rows = _query(
        lines,
        {"segment": segment, "product": product},
        customers=lines.customer_id.nunique(),
        first=lines.date.min(),
        last=lines.date.max(),
    )
    if not mix_rows:
        raise AnalyticsError("no invoice lines to analyse (check the filters)")
    customer_rows = _query(
        lines,
        {"segment": segment, "customer_id": lines.customer_id.cast("string"), "product": product},
        customer_name=lines.customer_name.max(),
    )
    buyers = {(_text(r["segment"]), str(r["customer_id"])) for r in customer_rows}
    segments = _segments(mix_rows, Counter(seg for seg, _ in buyers))
    return MixReport(
        first=date_from or min(r["first"] for r in mix_rows),
        last=date_to or max(r["last"] for r in mix_rows),
        segments=segments,
        customers=_customers(customer_rows, segments),
    )


def share_of_business(report: MixReport, purchases: Mapping[str, Decimal]) -> MixReport:
    """The report with each given customer's yearly purchases and our annualized share of them.

    ``purchases`` maps customer ids to what the customer buys of the category in a year. Our share is
    the pocket revenue of the period x 365 / the period's days, over that figure.

    Raises
    ------
    AnalyticsError
        For an id no customer of the report has, or an amount that is not above 0; nothing is computed.
    """
    known = {c.customer_id for c in report.customers}
    for customer_id, amount in purchases.items():
        if customer_id not in known:
            raise AnalyticsError(f"{customer_id}: no customer of that id in these invoice lines")
        if amount <= 0:
            raise AnalyticsError(f"{customer_id}: yearly purchases must be above 0, not {amount}")
    per_year = DAYS_A_YEAR / report.days
    customers = tuple(
        replace(
            c,
            yearly_purchases=purchases[c.customer_id],
            share=c.pocket_revenue * per_year / float(purchases[c.customer_id]),
        )
        if c.customer_id in purchases
        else c
        for c in report.customers
    )
    return replace(report, customers=customers)


def _cents(value: float) -> Decimal:
    return to_cents(round(value, 6))


def _pct(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 4)


def mix_rows(report: MixReport) -> list[dict[str, object]]:
    """One plain row per segment and product, best-realizing first (money to the cent, shares in %)."""
    return [
        {
            "segment": s.segment,
            "product": p.product,
            "lines": p.lines,
            "units": p.units,
            "list_revenue": _cents(p.list_revenue),
            "pocket_revenue": _cents(p.pocket_revenue),
            "pocket_pct_of_list": _pct(p.realization),
            "share_of_segment_pct": _pct(p.revenue_share),
            "customers": p.customers,
            "segment_customers": s.customers,
        }
        for s in report.segments
        for p in s.products
    ]


def customer_rows(report: MixReport) -> list[dict[str, object]]:
    """One plain row per customer, largest pocket revenue first; the candidates joined by ``; ``."""
    return [
        {
            "customer_id": c.customer_id,
            "customer": c.name,
            "segment": c.segment,
            "pocket_revenue": _cents(c.pocket_revenue),
            "products": c.products,
            "segment_products": c.segment_products,
            "cross_sell": "; ".join(c.candidates),
            "more_cross_sell": c.more_candidates,
            "yearly_purchases": c.yearly_purchases,
            "share_pct": _pct(c.share),
            "above_all_of_it": c.over_all_of_it,
        }
        for c in report.customers
    ]


def mix_table(rows: list[dict[str, object]], currency: str = "") -> TextTable:
    """The product rows as text: what each product keeps of list price, and its part of the segment."""
    unit = f" ({currency})" if currency else ""
    return text_table(
        "Mix of business: products per segment, by pocket price as % of list",
        rows,
        [
            ("segment", plain("segment"), False),
            ("product", plain("product"), False),
            ("lines", plain("lines", ","), True),
            ("units", plain("units", ",.0f"), True),
            (f"list revenue{unit}", money("list_revenue"), True),
            (f"pocket revenue{unit}", money("pocket_revenue"), True),
            ("pocket % of list", percent("pocket_pct_of_list", " %"), True),
            ("% of segment", percent("share_of_segment_pct", " %"), True),
            ("customers", lambda r: f"{r['customers']} of {r['segment_customers']}", True),
        ],
    )


def customer_table(rows: list[dict[str, object]], currency: str = "") -> TextTable:
    """The customer rows as text; the share of business shows '-' where no purchases were given."""
    unit = f" ({currency})" if currency else ""

    def purchases(row: dict[str, Any]) -> str:
        return "-" if row["yearly_purchases"] is None else f"{row['yearly_purchases']:,}"

    def peers(row: dict[str, Any]) -> str:
        more = f" and {row['more_cross_sell']} more" if row["more_cross_sell"] else ""
        return (str(row["cross_sell"]) or "-") + more

    def share(row: dict[str, Any]) -> str:
        if row["share_pct"] is None:
            return "-"
        return f"{row['share_pct']:.1f} %" + (" (above 100 %)" if row["above_all_of_it"] else "")

    return text_table(
        "The customer's business",
        rows,
        [
            ("customer", lambda r: f"{r['customer']} ({r['customer_id']})", False),
            ("segment", plain("segment"), False),
            (f"pocket revenue{unit}", money("pocket_revenue"), True),
            ("products", lambda r: f"{r['products']} of {r['segment_products']}", True),
            ("its peers also buy", peers, False),
            (f"yearly purchases{unit}", purchases, True),
            ("our share", share, True),
        ],
    )
