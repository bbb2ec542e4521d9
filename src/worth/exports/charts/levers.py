"""Charts of the profit levers: what 1 % on each lever does to profit, and the volume a price change needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from worth.engine.pricing.levers import Lever, PriceVolumeTradeOff
from worth.exports.charts import ChartSpec, finish

__all__ = ["levers_chart", "trade_off_chart"]

COLOURS = {"price": "#1f6feb", "volume": "#2e9e6a", "variable_cost": "#d9822b", "fixed_cost": "#6b7785"}


def levers_chart(levers: Sequence[Lever], *, currency: str = "", title: str | None = None) -> ChartSpec:
    """One horizontal bar per lever, strongest on top: the change in operating profit, in money."""
    rows: list[dict[str, Any]] = [
        {
            "lever": lever.label,
            "key": lever.key,
            "order": index,
            "change": float(lever.profit_change),
            "share": None if lever.profit_change_share is None else float(lever.profit_change_share) * 100,
        }
        for index, lever in enumerate(levers)
    ]
    unit = f" ({currency})" if currency else ""
    spec = {
        "data": {"values": rows},
        "mark": {"type": "bar", "height": {"band": 0.6}},
        "encoding": {
            "y": {"field": "lever", "type": "nominal", "sort": {"field": "order"}, "title": None},
            "x": {
                "field": "change",
                "type": "quantitative",
                "title": f"Change in operating profit{unit}",
                "axis": {"format": ",.0f"},
            },
            "color": {
                "field": "key",
                "type": "nominal",
                "legend": None,
                "scale": {"domain": list(COLOURS), "range": list(COLOURS.values())},
            },
            "tooltip": [
                {"field": "lever"},
                {"field": "change", "format": ",.2f", "title": f"change{unit}"},
                {"field": "share", "format": ".1f", "title": "% of operating profit"},
            ],
        },
    }
    return finish(spec, title=title or "What each lever does to operating profit", width=400, height=150)


def trade_off_chart(rows: Sequence[PriceVolumeTradeOff], *, title: str | None = None) -> ChartSpec:
    """The volume change that keeps profit against the price change, as a line with its points."""
    values = [
        {"price": float(r.price_change) * 100, "volume": float(r.volume_change) * 100}
        for r in rows
        if r.volume_change is not None
    ]
    lost = [float(r.price_change) * 100 for r in rows if r.volume_change is None]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "line", "point": True, "color": "#1f6feb"},
            "encoding": {
                "x": {"field": "price", "type": "quantitative", "title": "Price change (%)"},
                "y": {
                    "field": "volume",
                    "type": "quantitative",
                    "title": "Volume change that keeps profit (%)",
                },
                "tooltip": [
                    {"field": "price", "format": "+.1f", "title": "price change (%)"},
                    {"field": "volume", "format": "+.1f", "title": "volume to keep profit (%)"},
                ],
            },
        },
        {
            "data": {"values": [{"zero": 0}]},
            "mark": {"type": "rule", "color": "#9aa1a9"},
            "encoding": {"y": {"field": "zero", "type": "quantitative"}},
        },
    ]
    heading = title or "The volume a price change must win, or may lose"
    subtitle = (
        [f"No volume keeps the profit at a price change of {', '.join(f'{p:+g} %' for p in lost)}"]
        if lost
        else []
    )
    spec = {"data": {"values": values}, "layer": layers}
    if subtitle:
        spec["title"] = {"text": heading, "subtitle": subtitle}
        return finish(spec, width=440, height=260)
    return finish(spec, title=heading, width=440, height=260)
