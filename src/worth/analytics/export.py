"""Flat rows of the pricing analyses for tables, CSV and JSON (the command line and the web API).

Money per unit is rounded to the cent (half up) as a person reads it; percentages to two decimals.
The full-precision results stay available on the dataclasses themselves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from typing import Any

from worth.analytics.band import BandReport
from worth.analytics.guidelines import Compliance, Deal
from worth.analytics.waterfall import WaterfallReport
from worth.engine.pricing.money import to_cents
from worth.engine.pricing.text import Cell, TextTable, money, percent, plain, text_table, unsigned_zero

Row = dict[str, Any]


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 2) + 0.0  # + 0.0: -0.0 becomes 0.0


def recorded_as(basis: str | None, stacking: str | None) -> str:
    """How a waterfall item was recorded, in words: % of list, % compounding, amount per line or unit."""
    if basis == "percent":
        return "% of list" if stacking == "adds-on-list" else "% compounding"
    return {"line-amount": "amount per line", "unit-amount": "amount per unit"}.get(basis or "", "")


def waterfall_rows(report: WaterfallReport) -> list[Row]:
    """One row per bar per group: what it is, how it was recorded, money per unit and % of list."""
    return [
        {
            "group": waterfall.label if report.by else "all lines",
            "step": step.label,
            "key": step.key,
            "kind": step.kind,
            "stage": step.stage,
            "recorded_as": step.basis or "",
            "stacking": step.stacking or "",
            "per_unit": step.per_unit_cents,
            "pct_of_list": _pct(step.pct_of_list),
            "lines": waterfall.lines,
            "volume": waterfall.volume,
        }
        for waterfall in report.groups
        for step in waterfall.steps
    ]


def _compliance_fields(c: Compliance | None) -> Row:
    if c is None:
        return {}
    return {
        "lines_covered": c.lines_covered,
        "lines_within": c.lines_within,
        "lines_below": c.lines_below,
        "lines_above": c.lines_above,
        "share_lines_within_pct": _pct(None if c.share_lines_within is None else c.share_lines_within * 100),
        "share_volume_within_pct": _pct(
            None if c.share_volume_within is None else c.share_volume_within * 100
        ),
        "revenue_lost": to_cents(c.revenue_lost),
    }


def band_rows(report: BandReport) -> list[Row]:
    """One summary row per group: points, volume, mean, percentiles, spread and compliance."""
    rows = []
    for band in report.groups:
        row: Row = {
            "group": band.label if report.by else "all lines",
            "level": report.level,
            "points": band.count,
            "volume": band.volume,
            "mean_pct": _pct(band.mean_pct),
            "min_pct": _pct(band.min_pct),
        }
        row.update({f"p{p}_pct": _pct(v) for p, v in band.percentiles})
        row.update(
            {
                "max_pct": _pct(band.max_pct),
                "spread_pct": _pct(band.spread),
                "p10_p90_pct": _pct(band.p10_p90_spread),
            }
        )
        row.update(_compliance_fields(band.compliance))
        rows.append(row)
    return rows


def band_bin_rows(report: BandReport) -> list[Row]:
    """The histogram: one row per bin per group."""
    return [
        {
            "group": band.label if report.by else "all lines",
            "from_pct": b.low,
            "to_pct": b.high,
            "points": b.count,
            "volume": b.volume,
            "volume_share_pct": round(b.volume_share * 100, 4),
        }
        for band in report.groups
        for b in band.bins
    ]


def deal_rows(deals: tuple[Deal, ...]) -> list[Row]:
    """Out-of-policy deals with prices to the cent."""
    return [
        {
            "invoice_id": d.invoice_id,
            "line_no": d.line_no,
            "date": d.date,
            "customer": d.customer_name,
            "segment": d.segment,
            "salesperson": d.salesperson,
            "product": d.product,
            "quantity": d.quantity,
            "list_price": to_cents(d.list_price),
            "pocket_price": to_cents(d.pocket_price),
            "pocket_pct": _pct(d.pocket_pct),
            "floor_price": to_cents(d.floor_price),
            "guideline": d.guideline,
            "revenue_lost": to_cents(d.revenue_lost),
        }
        for d in deals
    ]


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(value: Any) -> str:
    """JSON for results and rows: Decimals as exact strings, dates as ISO text, dataclasses as objects."""
    return json.dumps(value, default=_default, indent=2, ensure_ascii=False)


def _minus(row: Row) -> str:
    return "-" if row["kind"] == "deduction" else ""


def waterfall_table(report: WaterfallReport) -> TextTable:
    """The waterfall as text: one row per bar (per group), subtotals strong, deductions negative."""
    rows = [{**r, "recorded": recorded_as(r["recorded_as"], r["stacking"])} for r in waterfall_rows(report)]
    columns: list[tuple[str, Cell, bool]] = [
        ("step", plain("step"), False),
        ("recorded as", plain("recorded"), False),
        ("per unit", lambda r: unsigned_zero(f"{_minus(r)}{r['per_unit']:,}"), True),
        ("% of list", lambda r: unsigned_zero(f"{_minus(r)}{r['pct_of_list']:.2f}"), True),
    ]
    if report.by:
        columns.insert(0, ("group", plain("group"), False))
    title = "Pocket price waterfall (per unit, volume-weighted)"
    return text_table(title, rows, columns, strong=lambda r: r["kind"] != "deduction")


_BAND_PERCENTS = (
    ("mean", "mean_pct"),
    ("P10", "p10_pct"),
    ("P50", "p50_pct"),
    ("P90", "p90_pct"),
    ("min", "min_pct"),
    ("max", "max_pct"),
    ("spread", "spread_pct"),
)


def band_table(report: BandReport) -> TextTable:
    """The band summary as text, with the compliance columns when a policy was applied."""
    columns: list[tuple[str, Cell, bool]] = [
        ("group", plain("group"), False),
        ("points", plain("points", ","), True),
        ("volume", plain("volume", ",.0f"), True),
        *((name, percent(key), True) for name, key in _BAND_PERCENTS),
    ]
    if any(band.compliance is not None for band in report.groups):
        columns += [
            ("within (lines)", percent("share_lines_within_pct", " %", digits=1), True),
            ("within (volume)", percent("share_volume_within_pct", " %", digits=1), True),
            ("revenue lost", lambda r: f"{r.get('revenue_lost', 0):,}", True),
        ]
    return text_table("Pocket price band (% of list, volume-weighted)", band_rows(report), columns)


def deals_table(deals: tuple[Deal, ...]) -> TextTable:
    """The out-of-policy deals as text."""
    columns: list[tuple[str, Cell, bool]] = [
        ("invoice", lambda r: f"{r['invoice_id']}/{r['line_no']}", False),
        ("date", lambda r: r["date"].isoformat(), False),
        ("customer", plain("customer"), False),
        ("salesperson", plain("salesperson"), False),
        ("product", plain("product"), False),
        ("qty", plain("quantity", ",.0f"), True),
        ("pocket % of list", percent("pocket_pct"), True),
        ("floor", money("floor_price"), True),
        ("lost", money("revenue_lost"), True),
    ]
    return text_table("Costliest out-of-policy deals", deal_rows(deals), columns)
