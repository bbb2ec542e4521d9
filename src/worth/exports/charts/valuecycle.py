"""Charts of the value cycle: touch points per stage and spoke, and the plan against its documenters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from worth.engine.valuecycle import SPOKES, coverage
from worth.exports.charts import ChartSpec, finish

__all__ = ["plan_chart", "spokes_chart"]


def spokes_chart(snapshot: Mapping[str, Any]) -> ChartSpec:
    """A grid of the journey's stages by the five spokes, each cell the count of its touch points."""
    labels = {key: label for key, label, _ in SPOKES}
    rows = coverage(snapshot)
    values = [
        {"stage": row.stage, "spoke": labels[key], "touch points": len(names), "names": ", ".join(names)}
        for row in rows
        for key, names in row.cells
    ]
    spec = {
        "data": {"values": values},
        "encoding": {
            "x": {"field": "spoke", "type": "nominal", "title": None, "sort": list(labels.values()),
                  "axis": {"orient": "top", "labelAngle": 0}},
            "y": {"field": "stage", "type": "nominal", "title": None, "sort": [r.stage for r in rows]},
        },
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "#ffffff", "strokeWidth": 2},
                "encoding": {
                    "color": {
                        "field": "touch points",
                        "type": "quantitative",
                        "title": "Touch points",
                        "scale": {"domainMin": 0, "range": ["#f3f4f6", "#1f6feb"]},
                        "legend": None,  # each cell writes its count
                    },
                    "tooltip": [
                        {"field": "stage"}, {"field": "spoke"}, {"field": "names", "title": "Touch points"}
                    ],
                },
            },
            {
                "mark": {"type": "text", "fontSize": 12},
                "encoding": {
                    "text": {"field": "touch points", "type": "quantitative"},
                    "color": {"condition": {"test": "datum['touch points'] > 1", "value": "#ffffff"},
                              "value": "#1f2328"},
                },
            },
        ],
    }  # fmt: skip
    return finish(spec, title="The value cycle along the journey", width=520, height=max(80, 38 * len(rows)))


def plan_chart(rows: Sequence[tuple[str, float, float]], currency: str) -> ChartSpec:
    """Promised against documented value, per plan line (label, promised, documented)."""
    values = [
        {"line": label, "which": which, "value": round(amount, 2)}
        for label, promised, documented in rows
        for which, amount in (("Promised", promised), ("Documented", documented))
    ]
    spec = {
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "line", "type": "nominal", "title": None, "sort": None},
            "yOffset": {"field": "which"},
            "x": {"field": "value", "type": "quantitative", "title": f"Value per period ({currency})"},
            "color": {"field": "which", "type": "nominal", "title": None,
                      "scale": {"domain": ["Promised", "Documented"], "range": ["#9aa1a9", "#1a7f37"]},
                      "legend": {"orient": "bottom"}},
            "tooltip": [{"field": "line"}, {"field": "which"}, {"field": "value", "format": ",.0f"}],
        },
    }  # fmt: skip
    return finish(spec, title="The plan against the documenters", width=520, height=max(80, 48 * len(rows)))
