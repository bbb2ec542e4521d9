"""The pocket price band: how pocket prices (as % of list) spread across transactions or customers.

Each transaction (invoice line) or each customer is one point, weighted by its volume (units). The
band is shown as a histogram (share of volume per bin of pocket price % of list), with volume-weighted
percentiles, mean, lowest, highest and the spread between them. A wide band means prices are set
deal by deal rather than by policy; the customers at its low end are where to look first.

Percentiles are read on a fine grid (``resolution``, 0.01 percentage points by default) so the
whole distribution travels as a few thousand aggregated rows rather than millions of lines: each is
exact to half the resolution. The p-th percentile is the smallest pocket % of list at which the
cumulative volume share reaches p (no interpolation).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from worth.analytics._ibis import ir
from worth.analytics.errors import AnalyticsError
from worth.analytics.guidelines import (
    Compliance,
    compliance_from_row,
    compliance_metrics,
    guideline_compliance,
    with_guidelines,
)
from worth.analytics.invoices import DEFAULT_CONTRACT, InvoiceContract
from worth.analytics.pocket import Filters, apply_filters, group_column, priced_lines
from worth.engine.pricing.policy import PricingPolicy

Level = Literal["transaction", "customer"]
PERCENTILES: tuple[int, ...] = (5, 10, 25, 50, 75, 90, 95)


@dataclass(frozen=True)
class BandBin:
    """Pocket price % of list in [low, high): how many points fell there and their share of volume."""

    low: float
    high: float
    count: int
    volume: float
    volume_share: float


@dataclass(frozen=True)
class GuidelineMark:
    """A guideline limit in % of list, for drawing on the band (absolute limits cannot be drawn)."""

    guideline: str
    limit: Literal["floor", "ceiling"]
    pct_of_list: float


@dataclass(frozen=True)
class PocketPriceBand:
    """The band of one group (or of everything): distribution, percentiles, spread and compliance."""

    group: str | None
    label: str | None
    count: int
    volume: float
    mean_pct: float
    std_pct: float
    min_pct: float
    max_pct: float
    percentiles: tuple[tuple[int, float], ...]
    bins: tuple[BandBin, ...]
    compliance: Compliance | None

    @property
    def spread(self) -> float:
        """Highest minus lowest pocket price, in percentage points of list."""
        return self.max_pct - self.min_pct

    def percentile(self, p: int) -> float:
        """The p-th volume-weighted percentile of pocket price % of list."""
        for key, value in self.percentiles:
            if key == p:
                return value
        raise KeyError(p)

    @property
    def p10_p90_spread(self) -> float:
        """Spread of the middle 80 % of volume, less sensitive to a few odd deals than the full spread."""
        return self.percentile(90) - self.percentile(10)


@dataclass(frozen=True)
class BandReport:
    """Bands overall or per group (largest volume first), with the settings they were made with."""

    level: Level
    by: str | None
    bin_width: float
    resolution: float
    marks: tuple[GuidelineMark, ...]
    groups: tuple[PocketPriceBand, ...]


def _points(lines: ir.Table, level: Level, column: str | None, *, limits: bool = False) -> ir.Table:
    """One row per point of the band: ``group``, ``pct`` and ``weight`` (units).

    With ``limits`` (transaction level only) each point keeps what the guideline check needs, so
    compliance is counted in the same pass over the lines as the distribution.
    """
    label = {"label": lines.customer_name} if column == "customer_id" else {}
    if level == "transaction":
        group = {} if column is None else {"group": lines[column].cast("string")}
        kept = ("floor_price", "ceiling_price", "pocket_price", "quantity") if limits else ()
        return lines.select(*kept, **group, **label, pct=lines.pocket_pct, weight=lines.quantity)
    keys: dict[str, ir.Value] = {"customer": lines.customer_id, **label}
    if column is not None:
        keys["group"] = lines[column].cast("string")
    per_customer = lines.group_by(**keys).aggregate(
        pocket=(lines.pocket_price * lines.quantity).sum(),
        list_value=(lines.list_price * lines.quantity).sum(),
        weight=lines.quantity.sum(),
    )
    group = {} if column is None else {"group": per_customer.group}
    if label:
        group["label"] = per_customer.label
    return per_customer.select(
        **group, pct=per_customer.pocket / per_customer.list_value * 100.0, weight=per_customer.weight
    )


def _weighted_percentile(values: list[float], weights: list[float], total: float, p: int) -> float:
    target = total * p / 100.0
    cumulative = 0.0
    for value, weight in zip(values, weights, strict=True):
        cumulative += weight
        if cumulative >= target * (1 - 1e-12):
            return value
    return values[-1]


def _band(
    group: str | None, rows: list[dict[str, Any]], bin_width: float, resolution: float
) -> PocketPriceBand:
    count = sum(int(r["count"]) for r in rows)
    volume = sum(float(r["volume"]) for r in rows)
    mean = sum(float(r["sum_pct"]) for r in rows) / volume
    variance = max(0.0, sum(float(r["sum_pct2"]) for r in rows) / volume - mean * mean)
    grid: dict[int, float] = defaultdict(float)
    bins: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in rows:
        grid[int(r["grid"])] += float(r["volume"])
        bins[int(r["bin"])][0] += int(r["count"])
        bins[int(r["bin"])][1] += float(r["volume"])
    keys = sorted(grid)
    values = [k * resolution for k in keys]
    weights = [grid[k] for k in keys]
    return PocketPriceBand(
        group=group,
        label=rows[0].get("group_label", group),
        count=count,
        volume=volume,
        mean_pct=mean,
        std_pct=math.sqrt(variance),
        min_pct=min(float(r["min_pct"]) for r in rows),
        max_pct=max(float(r["max_pct"]) for r in rows),
        percentiles=tuple((p, _weighted_percentile(values, weights, volume, p)) for p in PERCENTILES),
        bins=tuple(
            BandBin(b * bin_width, (b + 1) * bin_width, int(c), v, v / volume)
            for b, (c, v) in sorted(bins.items())
        ),
        compliance=None,
    )


def _distribution(
    points: ir.Table, bin_width: float, resolution: float, *, with_compliance: bool
) -> dict[str | None, list[dict[str, Any]]]:
    """One query: per group, histogram bin and percentile grid cell, the counts and sums of the band."""
    keys: dict[str, ir.Value] = {
        "bin": (points.pct / bin_width).floor(),
        "grid": (points.pct / resolution).round(),
    }
    if "group" in points.columns:
        keys["group"] = points.group
    labels = {"group_label": points.label.max()} if "label" in points.columns else {}
    expr = points.group_by(**keys).aggregate(
        **labels,
        count=points.count(),
        volume=points.weight.sum(),
        sum_pct=(points.pct * points.weight).sum(),
        sum_pct2=(points.pct * points.pct * points.weight).sum(),
        min_pct=points.pct.min(),
        max_pct=points.pct.max(),
        **(
            {f"c_{k}": v for k, v in compliance_metrics(points, totals=False).items()}
            if with_compliance
            else {}
        ),
    )
    grouped: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for row in expr.to_pyarrow().to_pylist():
        if row["volume"]:
            grouped[row.get("group")].append(row)
    if not grouped:
        raise AnalyticsError("no invoice lines to analyse (check the filters)")
    return grouped


def _summed_compliance(group: str | None, rows: list[dict[str, Any]]) -> Compliance:
    """Compliance of a group from the per-cell counts of the merged query."""
    totals: dict[str, Any] = {k[2:]: sum(r[k] or 0 for r in rows) for k in rows[0] if k.startswith("c_")}
    totals["lines"] = sum(int(r["count"]) for r in rows)
    totals["volume"] = sum(float(r["volume"]) for r in rows)
    return compliance_from_row({**totals, "group": group, "group_label": rows[0].get("group_label", group)})


def _marks(policy: PricingPolicy | None) -> tuple[GuidelineMark, ...]:
    if policy is None:
        return ()
    marks: list[GuidelineMark] = []
    for g in policy.guidelines:
        if g.floor_pct_of_list is not None:
            marks.append(GuidelineMark(g.name, "floor", float(g.floor_pct_of_list)))
        if g.ceiling_pct_of_list is not None:
            marks.append(GuidelineMark(g.name, "ceiling", float(g.ceiling_pct_of_list)))
    return tuple(marks)


def pocket_price_band(
    table: ir.Table,
    *,
    contract: InvoiceContract = DEFAULT_CONTRACT,
    policy: PricingPolicy | None = None,
    level: Level = "transaction",
    by: str | None = None,
    bin_width: float = 2.5,
    resolution: float = 0.01,
    where: Filters | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> BandReport:
    """The volume-weighted pocket price band, overall or per group, with guideline compliance.

    Parameters
    ----------
    table
        Invoice lines with the contract's names.
    contract
        How to read the price items.
    policy
        When given (and it has guidelines), each band carries its :class:`Compliance`: share of
        transactions and volume within the guidelines and the revenue lost below the floors.
        Compliance is always counted per transaction, also for a customer-level band.
    level
        ``transaction``: each invoice line is a point; ``customer``: each customer is a point at its
        volume-weighted pocket price % of list (sum of pocket revenue / sum of list revenue).
    by
        ``None`` or a dimension (``customer``, ``segment``, ``salesperson``, ``product``).
    bin_width
        Histogram bin width in percentage points of list.
    resolution
        Grid for the percentiles, in percentage points.
    where, date_from, date_to
        Keep only matching lines.

    Returns
    -------
    BandReport
    """
    if level not in ("transaction", "customer"):
        raise AnalyticsError(f"level={level!r}: use 'transaction' or 'customer'")
    if not (bin_width > 0 and resolution > 0):
        raise AnalyticsError(f"bin_width ({bin_width}) and resolution ({resolution}) must be above 0")
    column = group_column(by)
    lines = priced_lines(apply_filters(table, where, date_from=date_from, date_to=date_to), contract)
    checked = policy is not None and bool(policy.guidelines)
    merged = checked and level == "transaction"
    if merged and policy is not None:
        lines = with_guidelines(lines, policy)
    points = _points(lines, level, column, limits=merged)
    grouped = _distribution(points, bin_width, resolution, with_compliance=merged)
    bands = {g: _band(g, rows, bin_width, resolution) for g, rows in grouped.items()}
    found: list[Compliance] = []
    if merged:
        found = [_summed_compliance(g, rows) for g, rows in grouped.items()]
    elif checked and policy is not None:
        found = list(
            guideline_compliance(
                table, policy, contract=contract, by=by, where=where, date_from=date_from, date_to=date_to
            )
        )
    for c in found:
        band = bands.get(c.group)
        if band is not None:
            bands[c.group] = PocketPriceBand(**{**band.__dict__, "compliance": c, "label": c.label})
    ordered = sorted(bands.values(), key=lambda b: (-b.volume, str(b.group)))
    return BandReport(level, by, bin_width, resolution, _marks(policy), tuple(ordered))
