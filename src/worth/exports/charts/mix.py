"""Chart of the mix of business: what each product keeps of its list price, per segment."""

from __future__ import annotations

from typing import Any

from worth.analytics.mix import MixReport
from worth.exports.charts import ChartSpec, finish

__all__ = ["MAX_PRODUCTS", "MAX_SEGMENTS", "mix_chart"]

#: Panels drawn (the largest segments) and products per panel (the largest of the segment).
MAX_SEGMENTS = 6
MAX_PRODUCTS = 15


def mix_chart(report: MixReport, *, title: str | None = None) -> ChartSpec:
    """One panel per segment: a dot per product at its pocket price as % of list, best kept on top.

    The dot's size is the product's share of the segment's pocket revenue, written beside it, so a
    product that keeps much of its price but sells little reads differently from one the segment
    lives on. A segment's many small products are left out of its panel (the table lists them).
    """
    values: list[dict[str, Any]] = []
    for segment in report.segments[:MAX_SEGMENTS]:
        largest = sorted(segment.products, key=lambda p: -p.pocket_revenue)[:MAX_PRODUCTS]
        for p in sorted(largest, key=lambda p: -p.realization):
            values.append(
                {
                    "segment": segment.segment,
                    "product": p.product,
                    "kept": round(p.realization * 100, 2),
                    "share": round(p.revenue_share * 100, 1),
                    "label": f"{p.revenue_share * 100:.1f} % of segment",
                }
            )
    kept = [v["kept"] for v in values]
    low = max(0.0, (min(kept) // 5) * 5 - 5) if kept else 0.0
    # The largest dot is the largest share drawn, so a mix of many small products still reads.
    largest_share = max((v["share"] for v in values), default=100.0) or 100.0
    y = {
        "field": "product",
        "type": "nominal",
        "title": None,
        "sort": {"field": "kept", "order": "descending"},
        "axis": {"labelLimit": 260},
    }
    x = {
        "field": "kept",
        "type": "quantitative",
        "title": "Pocket price, % of list price",
        "scale": {"domain": [low, 100]},
    }
    layer = [
        {
            "mark": {"type": "point", "filled": True, "color": "#1f6feb", "opacity": 0.85},
            "encoding": {
                "x": x,
                "size": {
                    "field": "share",
                    "type": "quantitative",
                    "title": "% of the segment's pocket revenue",
                    "scale": {"domain": [0, largest_share], "range": [30, 700]},
                    "legend": None,
                },
                "tooltip": [
                    {"field": "segment"},
                    {"field": "product"},
                    {"field": "kept", "format": ".1f", "title": "pocket % of list"},
                    {"field": "share", "format": ".1f", "title": "% of segment pocket revenue"},
                ],
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 18, "fontSize": 10, "color": "#52606d"},
            "encoding": {"x": x, "text": {"field": "label"}},
        },
    ]
    heading = title or "What each product keeps of its list price"
    rows = max((sum(1 for v in values if v["segment"] == s.segment) for s in report.segments), default=1)
    spec: ChartSpec = {
        "data": {"values": values},
        "facet": {
            "row": {
                "field": "segment",
                "type": "nominal",
                "title": None,
                "sort": [s.segment for s in report.segments[:MAX_SEGMENTS]],
                "header": {"labelOrient": "top", "labelAnchor": "start", "labelFontWeight": "bold"},
            }
        },
        "spec": {"width": 520, "height": max(60, 26 * rows), "encoding": {"y": y}, "layer": layer},
        "resolve": {"scale": {"y": "independent"}},
    }
    out = finish(spec, title=heading)
    out.pop("width")
    out.pop("height")
    return out
