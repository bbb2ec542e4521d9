"""Chart of a subsegment's offering: the share of customers who value each element above its cost."""

from __future__ import annotations

from typing import Any

from worth.engine.model.offering import OfferingAnalysis, SubsegmentOffering
from worth.exports.charts import ChartSpec, finish

__all__ = ["offering_chart"]

COLOURS = {"naked solution": "#2e9e6a", "option": "#1f6feb", "prune or keep on the shelf": "#c23b3b"}


def offering_chart(found: OfferingAnalysis, subsegment: SubsegmentOffering) -> ChartSpec:
    """One bar per valued element (share above cost, in %), coloured by place, with the two thresholds."""
    rows: list[dict[str, Any]] = [
        {
            "element": p.element,
            "share": (p.share_above_cost or 0.0) * 100,
            "place": p.place,
            "customers": f"{p.above_cost} of {p.customers}",
        }
        for p in subsegment.places
        if p.place != "point of parity"
    ]
    rules = [
        {"at": found.naked_share * 100, "label": f"naked solution from {found.naked_share:.0%}"},
        {"at": found.option_share * 100, "label": f"option from {found.option_share:.0%}"},
    ]
    present = [p for p in COLOURS if any(r["place"] == p for r in rows)]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "height": {"band": 0.6}},
            "encoding": {
                "y": {"field": "element", "type": "nominal", "sort": None, "title": None},
                "x": {
                    "field": "share",
                    "type": "quantitative",
                    "title": "Share of the customers (%)",
                    "scale": {"domain": [0, 100]},
                },
                "color": {
                    "field": "place",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": present, "range": [COLOURS[p] for p in present]},
                    "legend": {"orient": "bottom"},
                },
                "tooltip": [{"field": "element"}, {"field": "customers"}, {"field": "place"}],
            },
        },
        {
            "data": {"values": rules},
            "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#6b7785"},
            "encoding": {"x": {"field": "at", "type": "quantitative"}, "tooltip": [{"field": "label"}]},
        },
    ]
    height = max(60, 28 * len(rows))
    return finish(
        {"data": {"values": rows}, "layer": layers},
        title=f"{subsegment.subsegment}: customers who value each element above its cost",
        width=620,
        height=height,
    )
