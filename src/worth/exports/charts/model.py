"""Charts of a value model's analysis: value by element, delta value against delta price, data sources.

Each builder takes a :class:`~worth.engine.model.analysis.ModelAnalysis` and returns a Vega-Lite spec
(a plain dict) that the web page embeds and the report renders to SVG.
"""

from __future__ import annotations

import math
from typing import Any

from worth.engine.model.analysis import ModelAnalysis
from worth.engine.model.compare import ModelComparison
from worth.engine.model.schema import PERIOD_WORDS, SOURCE_KINDS
from worth.exports.charts import ChartSpec, finish

__all__ = [
    "SOURCE_COLOURS",
    "SOURCE_LABELS",
    "element_values_chart",
    "heaviness_chart",
    "price_chart",
    "totals_chart",
]

SOURCE_LABELS = {
    "measured": "Measured customer data",
    "customer-estimate": "Customer estimate",
    "outside-study": "Outside study",
    "supplier-assumption": "Supplier assumption",
}
#: From convincing (dark green) to least convincing (grey), the same in every chart.
SOURCE_COLOURS = ["#2e7d4f", "#8cc084", "#d9a441", "#9aa1a9"]


def _number(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 2)


def _money_axis(analysis: ModelAnalysis, title: str) -> dict[str, Any]:
    period = PERIOD_WORDS[analysis.model.period]
    return {"title": f"{title} ({analysis.model.currency} per {period})", "format": ",.0f"}


def element_values_chart(analysis: ModelAnalysis) -> ChartSpec:
    """Mean value of each element per subsegment, with its confidence interval as a line."""
    rows = []
    for name, element in analysis.elements.items():
        for subsegment, stats in element.by_subsegment.items():
            rows.append(
                {
                    "element": name,
                    "subsegment": subsegment,
                    "mean": _number(stats.mean),
                    "low": _number(stats.ci_low),
                    "high": _number(stats.ci_high),
                    "n": stats.n,
                }
            )
    order = list(analysis.elements)
    y = {"field": "element", "type": "nominal", "sort": order, "title": None}
    offset = {"field": "subsegment", "type": "nominal", "sort": list(analysis.subsegments)}
    percent = round(analysis.confidence * 100)
    spec: ChartSpec = {
        "data": {"values": rows},
        "encoding": {"y": y, "yOffset": offset},
        "layer": [
            {
                "mark": {"type": "bar", "height": {"band": 0.9}},
                "encoding": {
                    "x": {
                        "field": "mean",
                        "type": "quantitative",
                        "axis": _money_axis(analysis, "Mean value"),
                    },
                    "color": {**offset, "title": "Subsegment", "legend": {"orient": "bottom"}},
                    "tooltip": [
                        {"field": "element"},
                        {"field": "subsegment"},
                        {"field": "mean", "format": ",.0f", "title": "mean"},
                        {"field": "low", "format": ",.0f", "title": f"{percent}% interval from"},
                        {"field": "high", "format": ",.0f", "title": "to"},
                        {"field": "n", "title": "customers"},
                    ],
                },
            },
            {
                "mark": {"type": "rule", "color": "#1f2933", "strokeWidth": 1.5},
                "encoding": {"x": {"field": "low", "type": "quantitative"}, "x2": {"field": "high"}},
            },
        ],
    }
    title = f"Value by element and subsegment (mean, {percent}% interval)"
    return finish(spec, title=title, height=max(160, 46 * len(order)))


def price_chart(analysis: ModelAnalysis) -> ChartSpec:
    """Each customer's delta value (bar) against the price premium it is asked to pay (black tick)."""
    rows = [
        {
            "customer": p.customer.name,
            "subsegment": p.subsegment,
            "delta_value": round(p.delta_value, 2),
            "delta_price": round(p.delta_price, 2),
            "margin": round(p.margin, 2),
        }
        for p in analysis.prices
        if not math.isnan(p.delta_value) and not math.isnan(p.delta_price)
    ]
    order = [r["customer"] for r in rows]
    y = {"field": "customer", "type": "nominal", "sort": order, "title": None}
    subsegments = list(analysis.subsegments)
    spec: ChartSpec = {
        "data": {"values": rows},
        "encoding": {"y": y},
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "x": {
                        "field": "delta_value",
                        "type": "quantitative",
                        "axis": _money_axis(analysis, "Delta value and delta price"),
                    },
                    "color": {
                        "field": "subsegment",
                        "type": "nominal",
                        "sort": subsegments,
                        "title": "Subsegment",
                        "legend": {"orient": "bottom"},
                    },
                    "tooltip": [
                        {"field": "customer"},
                        {"field": "delta_value", "format": ",.0f", "title": "delta value"},
                        {"field": "delta_price", "format": ",.0f", "title": "delta price (premium)"},
                        {"field": "margin", "format": ",.0f", "title": "margin"},
                    ],
                },
            },
            {
                "mark": {"type": "tick", "color": "#1f2933", "thickness": 3, "bandSize": 18},
                "encoding": {"x": {"field": "delta_price", "type": "quantitative"}},
            },
        ],
    }
    title = "Delta value (bar) against delta price (tick) per customer"
    return finish(spec, title=title, height=max(160, 24 * len(rows)))


def heaviness_chart(analysis: ModelAnalysis) -> ChartSpec:
    """The share of each element's inputs by source, and for all elements together."""
    rows = []
    groups = [*analysis.heaviness.by_element.items(), ("All elements", analysis.heaviness.overall)]
    for name, shares in groups:
        for index, kind in enumerate(SOURCE_KINDS):
            rows.append(
                {
                    "element": name,
                    "source": SOURCE_LABELS[kind],
                    "order": index,
                    "count": shares.counts[kind],
                    "share": round(shares.shares[kind], 4),
                }
            )
    labels = [SOURCE_LABELS[kind] for kind in SOURCE_KINDS]
    spec: ChartSpec = {
        "data": {"values": rows},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "element", "type": "nominal", "sort": [name for name, _ in groups], "title": None},
            "x": {
                "field": "share",
                "type": "quantitative",
                "stack": "normalize",
                "axis": {"format": ".0%", "title": "Share of the inputs behind the values"},
            },
            "color": {
                "field": "source",
                "type": "nominal",
                "sort": labels,
                "scale": {"domain": labels, "range": SOURCE_COLOURS},
                "title": "Source",
                "legend": {"orient": "bottom"},
            },
            "order": {"field": "order"},
            "tooltip": [
                {"field": "element"},
                {"field": "source"},
                {"field": "count", "title": "inputs"},
                {"field": "share", "format": ".0%"},
            ],
        },
    }
    return finish(spec, title="How data-heavy the model is", height=max(140, 30 * len(groups)))


def totals_chart(found: ModelComparison, *, before: str, after: str) -> ChartSpec:
    """Mean total value per customer of each subsegment in two versions, side by side."""
    rows = []
    for total in found.totals:
        for label, mean, n in (
            (before, total.mean_before, total.customers_before),
            (after, total.mean_after, total.customers_after),
        ):
            rows.append({"subsegment": total.subsegment, "version": label, "mean": _number(mean), "n": n})
    subsegments = [t.subsegment for t in found.totals]
    y = {"field": "subsegment", "type": "nominal", "sort": subsegments, "title": None}
    offset = {"field": "version", "type": "nominal", "sort": [before, after]}
    spec: ChartSpec = {
        "data": {"values": rows},
        "mark": {"type": "bar", "height": {"band": 0.9}},
        "encoding": {
            "y": y,
            "yOffset": offset,
            "x": {
                "field": "mean",
                "type": "quantitative",
                "axis": {"title": f"Mean total value per customer ({found.currency})", "format": ",.0f"},
            },
            "color": {
                **offset,
                "title": None,
                "legend": {"orient": "bottom"},
                "scale": {"range": ["#9aa1a9", "#1f6feb"]},
            },
            "tooltip": [
                {"field": "subsegment"},
                {"field": "version"},
                {"field": "mean", "format": ",.0f", "title": f"mean ({found.currency})"},
                {"field": "n", "title": "customers"},
            ],
        },
    }
    return finish(spec, title="Total value per customer, before and after", height=70 * len(subsegments) + 40)
