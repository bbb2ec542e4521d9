"""A business case's profitability as a chart: incremental profit per period (bars), the cumulative
incremental profit and the cumulative net flow after the investment (lines), and the success target."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from worth.exports.charts import ChartSpec, finish


def profitability_chart(
    rows: Sequence[Mapping[str, Any]], *, currency: str, period: str, target: float | None, within: int | None
) -> ChartSpec:
    """``rows``: the case's period rows (decimals as strings, as the case keeps them)."""
    bars = [{"period": r["period"], "amount": float(r["incremental_profit"])} for r in rows]
    lines = [
        {"period": r["period"], "series": series, "amount": float(r[key])}
        for r in rows
        for series, key in (
            ("Cumulative incremental profit", "cumulative_incremental_profit"),
            ("Cumulative net flow after the investment", "cumulative_net_flow"),
        )
    ]
    x = {"field": "period", "type": "ordinal", "title": period.capitalize()}
    y_axis = {"title": f"{currency}", "format": ",.0f"}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": bars},
            "mark": {"type": "bar", "color": "#c4cad1"},
            "encoding": {
                "x": x,
                "y": {"field": "amount", "type": "quantitative", "axis": y_axis},
                "tooltip": [
                    {"field": "period", "title": period.capitalize()},
                    {"field": "amount", "format": ",.2f", "title": f"Incremental profit ({currency})"},
                ],
            },
        },
        {
            "data": {"values": lines},
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": x,
                "y": {"field": "amount", "type": "quantitative"},
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "legend": {"title": None, "orient": "bottom", "labelLimit": 320},
                },
                "tooltip": [
                    {"field": "series", "title": "Series"},
                    {"field": "period", "title": period.capitalize()},
                    {"field": "amount", "format": ",.2f", "title": currency},
                ],
            },
        },
    ]
    if target is not None:
        layers.append(
            {
                "data": {"values": [{"target": target, "label": f"Target within {within} {period}s"}]},
                "mark": {"type": "rule", "color": "#c23b3b", "strokeDash": [6, 4], "strokeWidth": 2},
                "encoding": {
                    "y": {"field": "target", "type": "quantitative"},
                    "tooltip": [{"field": "label"}],
                },
            }
        )
    return finish({"layer": layers}, title="Profitability by period", height=280)
