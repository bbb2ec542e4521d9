"""A subsegment's candidate elements as a chart: mean value per customer with its interval, the
elements the proposition states picked out, so a team sees what it leads with against what it leaves."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from worth.engine.model.proposition import Candidate, Pick
from worth.exports.charts import ChartSpec, finish

ROLE_COLOURS = {
    "Stated as a difference": "#1f6feb",
    "Stated as addressed": "#d9822b",
    "Not stated": "#c4cad1",
}


def _number(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 2)


def candidates_chart(
    items: Sequence[Candidate], picks: Sequence[Pick], *, currency: str, period: str
) -> ChartSpec:
    """Every element with a money value, highest first; parity and unquantified elements are left out."""
    roles = {pick.element: pick.role for pick in picks}
    shown = sorted(
        (c for c in items if c.stats is not None and not c.is_parity and not math.isnan(c.mean)),
        key=lambda c: (c.rank_value, c.name),
    )
    rows: list[dict[str, Any]] = []
    for c in shown:
        role = roles.get(c.name)
        stated = {"difference": "Stated as a difference", "addressed": "Stated as addressed"}.get(
            role or "", "Not stated"
        )
        assert c.stats is not None  # an unfavourable element's value is already below zero
        rows.append(
            {
                "element": c.name,
                "mean": _number(c.mean),
                "low": _number(c.stats.ci_low),
                "high": _number(c.stats.ci_high),
                "stated": stated,
                "classification": c.classification.as_.replace("-", " "),
                "agreement": c.classification.status.replace("-", " "),
                "support": c.support,
            }
        )
    order = [row["element"] for row in rows]
    axis = {"title": f"Mean value per customer ({currency} per {period})", "format": ",.0f"}
    y = {"field": "element", "type": "nominal", "sort": order, "title": None}
    spec: ChartSpec = {
        "data": {"values": rows},
        "encoding": {"y": y},
        "layer": [
            {
                "mark": {"type": "bar", "height": {"band": 0.7}},
                "encoding": {
                    "x": {"field": "mean", "type": "quantitative", "axis": axis},
                    "color": {
                        "field": "stated",
                        "type": "nominal",
                        "scale": {"domain": list(ROLE_COLOURS), "range": list(ROLE_COLOURS.values())},
                        "legend": {"title": None, "orient": "bottom"},
                    },
                    "tooltip": [
                        {"field": "element", "title": "Element"},
                        {"field": "mean", "format": ",.0f", "title": f"Mean ({currency})"},
                        {"field": "low", "format": ",.0f", "title": "95% interval from"},
                        {"field": "high", "format": ",.0f", "title": "to"},
                        {"field": "classification", "title": "Classified as"},
                        {"field": "agreement", "title": "Agreement"},
                        {"field": "support", "title": "Data"},
                    ],
                },
            },
            {
                "mark": {"type": "rule", "color": "#1f2933", "strokeWidth": 1.5},
                "encoding": {"x": {"field": "low", "type": "quantitative"}, "x2": {"field": "high"}},
            },
        ],
    }
    title = "Candidate elements by value (unfavourable ones below zero), stated ones in colour"
    return finish(spec, title=title, height=max(120, 36 * len(rows)))
