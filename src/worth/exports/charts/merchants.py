"""Charts of the value merchant assessments: the latest per salesperson, and one salesperson's history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from worth.exports.charts import ChartSpec, finish

__all__ = ["BEHAVIOUR_LABELS", "BY_LABELS", "assessment_chart", "behaviour_chart", "history_chart"]

BY_LABELS = {"self": "Self-assessment", "manager": "Manager's assessment"}
_COLOUR = {
    "field": "by",
    "type": "nominal",
    "title": None,
    "scale": {"domain": list(BY_LABELS.values()), "range": ["#9aa1a9", "#1f6feb"]},
    "legend": {"orient": "bottom"},
}


def assessment_chart(points: Sequence[tuple[str, str, float]]) -> ChartSpec:
    """Grouped bars from (salesperson, ``self`` or ``manager``, share from 0 to 1)."""
    values: list[dict[str, Any]] = [
        {"person": person, "by": BY_LABELS[by], "share": round(share * 100, 1)}
        for person, by, share in points
    ]
    people = len({p for p, _, _ in points})
    spec = {
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "person", "type": "nominal", "title": None},
            "yOffset": {"field": "by"},
            "x": {
                "field": "share",
                "type": "quantitative",
                "title": "Value merchant (%): 0 spendthrift, 100 merchant",
                "scale": {"domain": [0, 100]},
            },
            "color": _COLOUR,
            "tooltip": [{"field": "person"}, {"field": "by"}, {"field": "share", "format": ".1f"}],
        },
    }
    return finish(
        spec, title="Value merchants: the latest assessments", width=560, height=max(80, 44 * people)
    )


def history_chart(points: Sequence[tuple[str, str, float]]) -> ChartSpec:
    """Lines from (ISO date and time, ``self`` or ``manager``, share 0-1): one salesperson over time."""
    values = [
        {"taken": taken, "by": BY_LABELS[by], "share": round(share * 100, 1)} for taken, by, share in points
    ]
    spec = {
        "data": {"values": values},
        "mark": {"type": "line", "point": {"size": 70}},
        "encoding": {
            "x": {
                "field": "taken",
                "type": "temporal",
                "timeUnit": "yearmonthdate",
                "title": None,
                "axis": {"format": "%Y-%m-%d", "tickCount": 6},
            },
            "y": {
                "field": "share",
                "type": "quantitative",
                "title": "Value merchant (%)",
                "scale": {"domain": [0, 100]},
            },
            "color": _COLOUR,
            "tooltip": [{"field": "taken"}, {"field": "by"}, {"field": "share", "format": ".1f"}],
        },
    }
    return finish(spec, title="Assessments over time", width=560, height=220)


BEHAVIOUR_LABELS = {
    "concessions": "Concessions without a change in the offering (% of list revenue)",
    "below": "Lines below the guideline floor (% of lines)",
}


def behaviour_chart(points: Sequence[tuple[str, str, float]]) -> ChartSpec:
    """Grouped bars from (salesperson, ``concessions`` or ``below``, share from 0 to 1).

    Both measures are shares, so one axis holds them: a value spendthrift has long bars on both.
    """
    values: list[dict[str, Any]] = [
        {"person": person, "measure": BEHAVIOUR_LABELS[key], "share": round(share * 100, 2)}
        for person, key, share in points
    ]
    people = len({p for p, _, _ in points})
    spec = {
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "person", "type": "nominal", "title": None},
            "yOffset": {"field": "measure"},
            "x": {"field": "share", "type": "quantitative", "title": "% (lower is the merchant's habit)"},
            "color": {
                "field": "measure",
                "type": "nominal",
                "title": None,
                "scale": {"domain": list(BEHAVIOUR_LABELS.values()), "range": ["#d4a72c", "#cf222e"]},
                "legend": {"orient": "bottom", "labelLimit": 400},
            },
            "tooltip": [{"field": "person"}, {"field": "measure"}, {"field": "share", "format": ".2f"}],
        },
    }
    return finish(spec, title="Pricing habits from the invoice lines", width=560, height=max(80, 44 * people))
