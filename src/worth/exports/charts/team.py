"""The team's loads as a chart: each person's time on this project and elsewhere, against full time.

A leader reads at a glance who is stretched: the bar past the full-time line is a person committed to
more than they have, and the tick on each bar is the method's guide for their seat (half time for the
leader, a quarter for the others).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from worth.exports.charts import ChartSpec, finish

HERE_COLOUR = "#1f6feb"
ELSEWHERE_COLOUR = "#9aa1a9"
FULL_COLOUR = "#c23b3b"
HERE, ELSEWHERE = "This project", "Other projects"


@dataclass(frozen=True)
class LoadRow:
    person: str
    here: int
    elsewhere: int
    guide: int


def load_chart(rows: Sequence[LoadRow]) -> ChartSpec:
    people = [row.person for row in rows]
    bars = [
        {"person": row.person, "where": where, "percent": value, "order": order}
        for row in rows
        for order, (where, value) in enumerate(((HERE, row.here), (ELSEWHERE, row.elsewhere)))
    ]
    y: dict[str, Any] = {"field": "person", "type": "nominal", "sort": people, "title": None}
    top = max([100, *(row.here + row.elsewhere for row in rows)]) + 10
    x_scale = {"domain": [0, top]}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": bars},
            "mark": {"type": "bar", "height": {"band": 0.6}},
            "encoding": {
                "y": y,
                "x": {
                    "field": "percent",
                    "type": "quantitative",
                    "stack": "zero",
                    "title": "Share of full time (%)",
                    "scale": x_scale,
                },
                "color": {
                    "field": "where",
                    "type": "nominal",
                    "scale": {
                        "domain": [HERE, ELSEWHERE],
                        "range": [HERE_COLOUR, ELSEWHERE_COLOUR],
                    },
                    "legend": {"title": None, "orient": "bottom"},
                },
                "order": {"field": "order"},
                "tooltip": [
                    {"field": "person", "title": "Person"},
                    {"field": "where", "title": "Where"},
                    {"field": "percent", "title": "Percent of full time"},
                ],
            },
        },
        {
            "data": {"values": [{"person": row.person, "guide": row.guide} for row in rows]},
            "mark": {"type": "tick", "color": "#1f2933", "thickness": 2},
            "encoding": {
                "y": y,
                "x": {"field": "guide", "type": "quantitative", "scale": x_scale},
                "tooltip": [{"field": "guide", "title": "Method's guide for this seat (%)"}],
            },
        },
        {
            "data": {"values": [{"full": 100}]},
            "mark": {"type": "rule", "color": FULL_COLOUR, "strokeDash": [6, 4], "strokeWidth": 2},
            "encoding": {"x": {"field": "full", "type": "quantitative", "scale": x_scale}},
        },
    ]
    return finish({"layer": layers}, title="Time committed", height=max(60, 34 * len(rows)))
