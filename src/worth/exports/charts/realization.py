"""A documenter's elements as a chart: what was promised against what the customer's results document,
coloured by whether the customer has confirmed the figures (green money) or not yet (gray money)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from worth.exports.charts import ChartSpec, finish

#: Series, in the legend's order, and their colours.
SERIES = {
    "Promised": "#c4cad1",
    "Documented, customer-confirmed": "#2e9e6a",
    "Documented, awaiting the customer": "#8a939c",
    "Documented, contested": "#c23b3b",
}


def realization_chart(
    elements: Sequence[tuple[str, float, float, str]], *, currency: str, period: str
) -> ChartSpec:
    """``elements``: (name, promised, documented, customer verdict) with NaN documented when unmeasured."""
    rows: list[dict[str, Any]] = []
    for name, promised, documented, customer in elements:
        rows.append({"element": name, "series": "Promised", "value": round(promised, 2)})
        if not math.isnan(documented):
            series = {
                "confirmed": "Documented, customer-confirmed",
                "contested": "Documented, contested",
            }.get(customer, "Documented, awaiting the customer")
            rows.append({"element": name, "series": series, "value": round(documented, 2)})
    order = [name for name, *_ in elements]
    spec: ChartSpec = {
        "data": {"values": rows},
        "mark": {"type": "bar", "height": {"band": 0.8}},
        "encoding": {
            "y": {"field": "element", "type": "nominal", "sort": order, "title": None},
            "yOffset": {"field": "series", "sort": list(SERIES)},
            "x": {
                "field": "value",
                "type": "quantitative",
                "title": f"{currency} per {period} (unfavourable elements below zero)",
                "axis": {"format": ",.0f"},
            },
            "color": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": list(SERIES), "range": list(SERIES.values())},
                "legend": {"title": None, "orient": "bottom", "columns": 2, "labelLimit": 0},
            },
            "tooltip": [
                {"field": "element", "title": "Element"},
                {"field": "series", "title": "Figure"},
                {"field": "value", "format": ",.0f", "title": currency},
            ],
        },
    }
    return finish(spec, title="Promised and documented value per element", height=max(140, 52 * len(order)))
