"""The chart of penetration against skimming: operating profit and volume over price, the prices marked."""

from __future__ import annotations

from typing import Any

from worth.engine.pricing.strategy import StrategyAnalysis
from worth.exports.charts import ChartSpec, finish

__all__ = ["strategy_chart"]

COLOURS = {"Penetration": "#2e9e6a", "Skimming": "#7a52c7", "Most operating profit": "#d9822b"}


def _marks(found: StrategyAnalysis, y: str, *, labelled: bool) -> list[dict[str, Any]]:
    """A vertical rule at each compared price (and its name, on the upper panel)."""
    rows = [
        {
            "strategy": p.label,
            "price": float(p.price),
            "buyers": p.buyers,
            "profit": float(p.operating_profit),
        }
        for p in found.prices
    ]
    colour = {
        "field": "strategy",
        "type": "nominal",
        "title": None,
        "scale": {"domain": list(COLOURS), "range": list(COLOURS.values())},
        "legend": {"orient": "bottom"} if labelled else None,
    }
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": rows},
            "mark": {"type": "rule", "strokeWidth": 2, "strokeDash": [5, 3]},
            "encoding": {
                "x": {"field": "price", "type": "quantitative"},
                "color": colour,
                "tooltip": [
                    {"field": "strategy"},
                    {"field": "price", "format": ",.2f"},
                    {"field": "buyers"},
                    {"field": "profit", "format": ",.2f", "title": "operating profit"},
                ],
            },
        }
    ]
    if labelled:
        layers.append(
            {
                "data": {"values": rows},
                "mark": {"type": "point", "filled": True, "size": 70},
                "encoding": {
                    "x": {"field": "price", "type": "quantitative"},
                    "y": {"field": y, "type": "quantitative"},
                    "color": colour,
                },
            }
        )
    return layers


def strategy_chart(found: StrategyAnalysis, *, currency: str = "", volume_unit: str = "units") -> ChartSpec:
    """Operating profit (upper) and volume sold (lower) against the price, sharing the price axis.

    Profit rises with the price until a customer's value is passed and that customer stops buying, so
    the curve is a saw; the three compared prices are marked on both.
    """
    unit = f" ({currency})" if currency else ""
    curve = [
        {"price": p.price, "profit": p.profit, "volume": p.volume, "buyers": p.buyers} for p in found.curve
    ]
    x = {
        "field": "price",
        "type": "quantitative",
        "title": f"Price per unit{unit}",
        "axis": {"format": ",.0f"},
    }
    tooltip = [
        {"field": "price", "format": ",.2f"},
        {"field": "buyers"},
        {"field": "volume", "format": ",.6~g"},
        {"field": "profit", "format": ",.2f", "title": "operating profit"},
    ]
    profit = {
        "width": 680,
        "height": 220,
        "layer": [
            {
                "data": {"values": curve},
                "mark": {"type": "line", "color": "#1f6feb", "point": {"size": 18, "color": "#1f6feb"}},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "profit",
                        "type": "quantitative",
                        "title": f"Operating profit{unit}",
                        "axis": {"format": ",.0f"},
                    },
                    "tooltip": tooltip,
                },
            },
            *_marks(found, "profit", labelled=True),
        ],
    }
    volume = {
        "width": 680,
        "height": 120,
        "layer": [
            {
                "data": {"values": curve},
                "mark": {"type": "line", "color": "#6b7785", "interpolate": "step-after"},
                "encoding": {
                    "x": x,
                    "y": {"field": "volume", "type": "quantitative", "title": f"Volume ({volume_unit})"},
                    "tooltip": tooltip,
                },
            },
            *_marks(found, "volume", labelled=False),
        ],
    }
    spec: ChartSpec = {"vconcat": [profit, volume], "resolve": {"scale": {"color": "shared"}}}
    chart = finish(spec, title="Penetration against skimming: operating profit and volume over price")
    chart.pop("width")
    chart.pop("height")
    return chart
