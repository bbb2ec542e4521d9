"""Pricing charts: pocket price waterfall, pocket price band, value map, penetration versus skimming.

Each builder takes an engine or analytics result and returns a Vega-Lite spec (a plain dict) that
the web page embeds and the command line renders to SVG or PNG with :func:`worth.exports.charts.write_chart`.
Money in the specs is float (Vega-Lite reads JSON numbers); what the chart shows is rounded by its format.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from worth.analytics.band import BandReport
from worth.analytics.export import recorded_as
from worth.analytics.waterfall import Waterfall, WaterfallReport
from worth.engine.pricing.options import PriceComparison
from worth.engine.pricing.value_map import ValueMap
from worth.exports.charts import ChartSpec, finish

__all__ = ["band_chart", "price_options_chart", "value_map_chart", "waterfall_chart"]

#: Colours per kind of bar: prices the supplier quotes or keeps, on-invoice and off-invoice leaks.
STAGE_COLOURS = {
    "list": "#1f6feb",
    "invoice": "#6e9ef5",
    "pocket": "#2e9e6a",
    "on-invoice": "#d9822b",
    "off-invoice": "#c23b3b",
}
STAGE_NAMES = {
    "list": "List price",
    "invoice": "Invoice price",
    "pocket": "Pocket price",
    "on-invoice": "On-invoice item",
    "off-invoice": "Off-invoice item",
}
MAX_GROUPS = 6


def _waterfall_rows(waterfall: Waterfall) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    running = 0.0
    for order, step in enumerate(waterfall.steps):
        if step.kind == "deduction":
            top, bottom = running, running - step.per_unit
            running = bottom
        else:
            top, bottom = step.per_unit, 0.0
            running = step.per_unit
        recorded = recorded_as(step.basis, step.stacking)
        rows.append(
            {
                "group": waterfall.label or "All lines",
                "order": order,
                "step": f"{step.label} ({recorded})" if recorded else step.label,
                "stage": STAGE_NAMES[step.stage],
                "top": round(top, 4),
                "bottom": round(bottom, 4),
                "amount": round(step.per_unit, 4),
                "pct": round(step.pct_of_list, 2),
                "text": f"{'-' if step.kind == 'deduction' else ''}{step.per_unit:,.2f}",
            }
        )
    return rows


def waterfall_chart(report: WaterfallReport, *, currency: str = "", title: str | None = None) -> ChartSpec:
    """Bars floating down from list price to pocket price, per unit; one panel per group (at most six).

    Deductions hang from the price left before them; list, invoice and pocket price stand on zero.
    Each deduction's label says how it was recorded (``% of list``, ``% compounding``, an amount).
    """
    groups = report.groups[:MAX_GROUPS]
    rows = [row for waterfall in groups for row in _waterfall_rows(waterfall)]
    unit = f"{currency} per unit".strip()
    layer = [
        {
            "mark": {"type": "bar", "width": {"band": 0.7}},
            "encoding": {
                "y": {
                    "field": "top",
                    "type": "quantitative",
                    "title": f"Price ({unit})",
                    "axis": {"format": ",.0f"},
                },
                "y2": {"field": "bottom"},
                "color": {
                    "field": "stage",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": list(STAGE_NAMES.values()), "range": list(STAGE_COLOURS.values())},
                    "legend": {"orient": "bottom"},
                },
                "tooltip": [
                    {"field": "step", "title": "bar"},
                    {"field": "amount", "format": ",.2f", "title": unit},
                    {"field": "pct", "format": ".2f", "title": "% of list"},
                ],
            },
        },
        {
            "mark": {"type": "text", "dy": -6, "fontSize": 10, "color": "#1f2933"},
            "encoding": {"y": {"field": "top", "type": "quantitative"}, "text": {"field": "text"}},
        },
    ]
    x = {
        "field": "step",
        "type": "nominal",
        "sort": {"field": "order"},
        "title": None,
        "axis": {"labelAngle": -35, "labelLimit": 320},
    }
    heading = title or "Pocket price waterfall" + (f" by {report.by}" if report.by else "")
    if len(groups) == 1:
        return finish({"data": {"values": rows}, "encoding": {"x": x}, "layer": layer}, title=heading)
    spec: ChartSpec = {
        "data": {"values": rows},
        "facet": {
            "row": {"field": "group", "type": "nominal", "title": None, "sort": [g.label for g in groups]}
        },
        "spec": {"width": 560, "height": 220, "encoding": {"x": x}, "layer": layer},
        "resolve": {"scale": {"y": "independent"}},
    }
    out = finish(spec, title=heading)
    out.pop("width")
    out.pop("height")
    return out


def band_chart(report: BandReport, *, title: str | None = None) -> ChartSpec:
    """Histogram of pocket price as % of list by share of volume, with the guideline limits as lines.

    With groups, the bands are drawn over each other in colour (at most six, largest volume first).
    """
    groups = report.groups[:MAX_GROUPS]
    rows = [
        {
            "group": band.label or "All lines",
            "low": b.low,
            "high": b.high,
            "share": round(b.volume_share * 100, 4),
            "count": b.count,
        }
        for band in groups
        for b in band.bins
    ]
    merged: dict[tuple[float, str], list[str]] = {}
    for m in report.marks:
        merged.setdefault((m.pct_of_list, m.limit), []).append(m.guideline)
    marks = [
        {"pct": pct, "label": f"{limit} {pct:g} %", "guidelines": "; ".join(names)}
        for (pct, limit), names in merged.items()
    ]
    points = "customers" if report.level == "customer" else "lines"
    bars: dict[str, Any] = {
        "data": {"values": rows},
        "mark": {"type": "bar", "opacity": 0.75 if len(groups) > 1 else 1.0, "color": "#1f6feb"},
        "encoding": {
            "x": {
                "field": "low",
                "type": "quantitative",
                "title": "Pocket price (% of list price)",
                "scale": {"zero": False},
            },
            "x2": {"field": "high"},
            "y": {"field": "share", "type": "quantitative", "title": "Share of volume (%)", "stack": None},
            "y2": {"datum": 0},
            "tooltip": [
                {"field": "group", "title": "group"},
                {"field": "low", "title": "from %"},
                {"field": "high", "title": "to %"},
                {"field": "share", "format": ".2f", "title": "% of volume"},
                {"field": "count", "title": points},
            ],
        },
    }
    if len(groups) > 1:
        bars["encoding"]["color"] = {
            "field": "group",
            "type": "nominal",
            "title": None,
            "legend": {"orient": "bottom"},
        }
    layer: list[dict[str, Any]] = [bars]
    if marks:
        layer.append(
            {
                "data": {"values": marks},
                "mark": {"type": "rule", "strokeWidth": 1.5, "strokeDash": [5, 3]},
                "encoding": {
                    "x": {"field": "pct", "type": "quantitative"},
                    "color": {"value": "#1f2933"},
                    "tooltip": [{"field": "label", "title": "limit"}, {"field": "guidelines"}],
                },
            }
        )
        layer.append(
            {
                "data": {"values": marks},
                "mark": {
                    "type": "text",
                    "angle": 270,
                    "align": "right",
                    "baseline": "bottom",
                    "dx": -4,
                    "dy": -2,
                    "fontSize": 9,
                    "color": "#4a5560",
                },
                "encoding": {
                    "x": {"field": "pct", "type": "quantitative"},
                    "y": {"value": 0},
                    "text": {"field": "label"},
                },
            }
        )
    level = "customers" if report.level == "customer" else "transactions"
    heading = title or f"Pocket price band across {level}" + (f" by {report.by}" if report.by else "")
    return finish({"layer": layer}, title=heading)


def _money(value: Decimal) -> float:
    return float(value)


def value_map_chart(value_map: ValueMap, *, currency: str = "", title: str | None = None) -> ChartSpec:
    """Value on the horizontal axis, price on the vertical, the fair-value line, the NBA and offering points.

    Points below the line give the customer more value than they charge for.
    """
    (x0, y0), (x1, y1) = value_map.fair_value_line
    line = [{"value": _money(x0), "price": _money(y0)}, {"value": _money(x1), "price": _money(y1)}]
    points = [
        {
            "label": p.label if p.kind == "nba" else f"{p.label}: customer gains {float(p.surplus):,.0f}",
            "kind": "next-best alternative" if p.kind == "nba" else "offering",
            "value": _money(p.value),
            "price": _money(p.price),
            "surplus": _money(p.surplus),
            "position": p.position,
        }
        for p in value_map.points
    ]
    unit = f" ({currency})" if currency else ""
    scale = {"domain": [_money(x0), _money(x1)]}
    layer = [
        {
            "data": {"values": line},
            "mark": {"type": "line", "color": "#9aa1a9", "strokeDash": [6, 4]},
            "encoding": {
                "x": {
                    "field": "value",
                    "type": "quantitative",
                    "title": f"Value to the customer{unit}",
                    "scale": scale,
                },
                "y": {"field": "price", "type": "quantitative", "title": f"Price{unit}", "scale": scale},
            },
        },
        {
            "data": {"values": points},
            "mark": {"type": "point", "filled": True, "size": 90},
            "encoding": {
                "x": {"field": "value", "type": "quantitative"},
                "y": {"field": "price", "type": "quantitative"},
                "color": {
                    "field": "kind",
                    "type": "nominal",
                    "title": None,
                    "scale": {
                        "domain": ["next-best alternative", "offering"],
                        "range": ["#6b7785", "#1f6feb"],
                    },
                    "legend": {"orient": "bottom"},
                },
                "tooltip": [
                    {"field": "label"},
                    {"field": "value", "format": ",.2f"},
                    {"field": "price", "format": ",.2f"},
                    {"field": "surplus", "format": ",.2f", "title": "customer's gain"},
                ],
            },
        },
        *(
            {
                "data": {"values": [p for p in points if (p["kind"] == "offering") == offering]},
                "mark": {
                    "type": "text",
                    "align": "right" if offering else "left",
                    "dx": -10 if offering else 10,
                },
                "encoding": {
                    "x": {"field": "value", "type": "quantitative"},
                    "y": {"field": "price", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            }
            for offering in (False, True)
        ),
    ]
    return finish({"layer": layer}, title=title or "Value map: price against value, with the fair-value line")


def price_options_chart(
    comparison: PriceComparison, *, currency: str = "", title: str | None = None
) -> ChartSpec:
    """Profit of each candidate price as bars, the volume assumed for it as points on a second axis."""
    rows = [
        {
            "option": f"{o.name} at {float(o.price):,.2f}",
            "order": index,
            "strategy": o.strategy,
            "profit": _money(o.profit),
            "volume": float(o.volume),
            "share": None if o.value_captured_share is None else float(o.value_captured_share) * 100,
        }
        for index, o in enumerate(comparison.options)
    ]
    colours = {
        "penetration": "#2e9e6a",
        "intermediate": "#9aa1a9",
        "skimming": "#7a52c7",
        "single": "#1f6feb",
    }
    present = {o.strategy for o in comparison.options}
    strategies = {name: colour for name, colour in colours.items() if name in present}
    unit = f" ({currency})" if currency else ""
    x = {
        "field": "option",
        "type": "nominal",
        "sort": {"field": "order"},
        "title": None,
        "axis": {"labelAngle": 0},
    }
    layer = [
        {
            "mark": {"type": "bar", "width": {"band": 0.6}},
            "encoding": {
                "y": {
                    "field": "profit",
                    "type": "quantitative",
                    "title": f"Profit{unit}",
                    "axis": {"format": ",.0f"},
                },
                "color": {
                    "field": "strategy",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": list(strategies), "range": list(strategies.values())},
                    "legend": {"orient": "bottom"},
                },
                "tooltip": [
                    {"field": "option"},
                    {"field": "profit", "format": ",.2f"},
                    {"field": "volume", "format": ",.0f"},
                    {"field": "share", "format": ".1f", "title": "% of value captured"},
                ],
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 80, "color": "#1f2933"},
            "encoding": {
                "y": {"field": "volume", "type": "quantitative", "title": "Volume assumed (units, points)"},
            },
        },
    ]
    spec: ChartSpec = {
        "data": {"values": rows},
        "encoding": {"x": x},
        "layer": layer,
        "resolve": {"scale": {"y": "independent"}},
    }
    return finish(spec, title=title or "Penetration versus skimming: profit and volume per candidate price")
