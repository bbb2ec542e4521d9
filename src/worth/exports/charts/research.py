"""The research's customers as a chart: per subsegment, how many are at each step of cooperation,
against the six the method asks for (so that five of six take part to the end)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from worth.exports.charts import ChartSpec, finish

#: Steps of cooperation in order, with the colour of each (declined last, in red).
STEP_COLOURS = {
    "Candidate": "#c4cad1",
    "Invited": "#9ab8e8",
    "Agreed": "#1f6feb",
    "Data gathered": "#2e9e6a",
    "Declined": "#c23b3b",
}


def cooperation_chart(rows: Sequence[tuple[str, str, int]], *, minimum: int) -> ChartSpec:
    """``rows``: (subsegment, step, customers); a dashed line at ``minimum`` customers per subsegment."""
    values = [
        {"subsegment": subsegment, "step": step, "customers": count, "order": list(STEP_COLOURS).index(step)}
        for subsegment, step, count in rows
        if count
    ]
    subsegments = list(dict.fromkeys(subsegment for subsegment, _, _ in rows))
    y: dict[str, Any] = {"field": "subsegment", "type": "nominal", "sort": subsegments, "title": None}
    top = max([minimum + 2, *(sum(c for s, _, c in rows if s == name) for name in subsegments)])
    x_scale = {"domain": [0, top]}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": values},
            "mark": {"type": "bar", "height": {"band": 0.6}},
            "encoding": {
                "y": y,
                "x": {
                    "field": "customers",
                    "type": "quantitative",
                    "stack": "zero",
                    "title": "Customers",
                    "scale": x_scale,
                    "axis": {"tickMinStep": 1},
                },
                "color": {
                    "field": "step",
                    "type": "nominal",
                    "scale": {"domain": list(STEP_COLOURS), "range": list(STEP_COLOURS.values())},
                    "legend": {"title": None, "orient": "bottom"},
                },
                "order": {"field": "order"},
                "tooltip": [
                    {"field": "subsegment", "title": "Subsegment"},
                    {"field": "step", "title": "Step"},
                    {"field": "customers", "title": "Customers"},
                ],
            },
        },
        {
            "data": {"values": [{"minimum": minimum}]},
            "mark": {"type": "rule", "color": "#1f2933", "strokeDash": [6, 4], "strokeWidth": 2},
            "encoding": {"x": {"field": "minimum", "type": "quantitative", "scale": x_scale}},
        },
    ]
    return finish({"layer": layers}, title="Cooperation by subsegment", height=max(60, 40 * len(subsegments)))
