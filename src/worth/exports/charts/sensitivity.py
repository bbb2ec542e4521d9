"""Charts for the sensitivity analyses: one Vega-Lite definition each, for page, command line and reports.

- :func:`tornado_chart` - which drivers move delta value most, one at a time;
- :func:`distribution_chart` - the spread of delta value from the Monte Carlo run, with the delta price
  line (the share of the bars to its right is the probability the offer wins);
- :func:`sobol_chart` - where the variance of delta value comes from;
- :func:`value_by_characteristic_chart` - value per customer against one characteristic, with a fit line;
- :func:`prospects_chart` - customers ranked by predicted value with their prediction intervals.

Builders take the engine's result objects and return complete specs (see :func:`finish`); they never
compute statistics of their own beyond arranging rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from worth.engine.sensitivity.montecarlo import Histogram, SimulationResult
from worth.engine.sensitivity.problem import MARGIN
from worth.engine.sensitivity.prospect_analysis import ProspectAnalysis
from worth.engine.sensitivity.prospects import ProspectRanking
from worth.engine.sensitivity.sobol import SobolResult
from worth.engine.sensitivity.tornado import TornadoResult
from worth.exports.charts import ChartSpec, finish

LOW_COLOUR = "#d9822b"
HIGH_COLOUR = "#1f6feb"
PRICE_COLOUR = "#c23b3b"
MUTED = "#6b7785"


def _setting(value: float) -> str:
    """A driver setting: whole numbers from a thousand up, four significant digits below."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.4g}"


def _settings(low: float, high: float, unit: str) -> str:
    """``36.5% to 57.0%`` for a share (held as a fraction), ``28 to 46 h/yr`` for the rest."""
    if unit.strip() == "%":
        return f"{low:.1%} to {high:.1%}"
    return f"{_setting(low)} to {_setting(high)}{f' {unit}'.rstrip()}"


def _axis_title(what: str, currency: str) -> str:
    return f"{what} ({currency})" if currency else what


def _vertical_rule(
    value: float, label: str, colour: str, *, dash: bool = True, bottom: bool = False
) -> list[dict[str, Any]]:
    """A labelled vertical line at ``value`` (delta price, baseline); the label at the top or the bottom."""
    y: dict[str, Any] = {"value": "height"} if bottom else {"value": 0}
    rule: dict[str, Any] = {
        "data": {"values": [{"x": value, "label": label}]},
        "mark": {
            "type": "rule",
            "color": colour,
            "strokeWidth": 2,
            **({"strokeDash": [6, 4]} if dash else {}),
        },
        "encoding": {"x": {"field": "x", "type": "quantitative"}},
    }
    text = {
        "data": {"values": [{"x": value, "label": label}]},
        "mark": {
            "type": "text",
            "color": colour,
            "align": "left",
            "dx": 4,
            "dy": -4,
            "baseline": "bottom",
        },
        "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": y, "text": {"field": "label"}},
    }
    return [rule, text]


def tornado_chart(
    result: TornadoResult, *, output: str | None = None, top: int = 12, currency: str = ""
) -> ChartSpec:
    """Horizontal bars from the value at each driver's low setting to the value at its high setting.

    Parameters
    ----------
    result
        The tornado analysis.
    output
        Which output to draw: the total by default; ``"delta value - delta price"`` for the margin.
    top
        Show at most this many drivers (the widest bars).
    currency
        Currency label for the axis.
    """
    name = result.total if output is None else output
    tornado = result.tornados[name]
    bars = [b for b in tornado.bars if b.swing > 0][:top] or list(tornado.bars[:top])
    units = {s.driver: s.unit for s in result.settings}
    rows: list[dict[str, Any]] = []
    for rank, bar in enumerate(bars):
        label = f"{bar.driver} ({_settings(bar.low_setting, bar.high_setting, units.get(bar.driver, ''))})"
        for setting, value in (("low setting", bar.value_at_low), ("high setting", bar.value_at_high)):
            rows.append(
                {
                    "driver": label,
                    "rank": rank,
                    "setting": setting,
                    "start": tornado.baseline_value,
                    "end": value,
                }
            )
    axis_name = "delta value minus delta price" if name == MARGIN else name
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": rows},
            "mark": {"type": "bar", "height": {"band": 0.7}},
            "encoding": {
                "y": {
                    "field": "driver",
                    "type": "nominal",
                    "sort": {"field": "rank"},
                    "title": None,
                    "axis": {"labelLimit": 480},
                },
                "x": {
                    "field": "start",
                    "type": "quantitative",
                    "title": _axis_title(axis_name, currency),
                    "scale": {"zero": False},
                },
                "x2": {"field": "end"},
                "color": {
                    "field": "setting",
                    "type": "nominal",
                    "scale": {"domain": ["low setting", "high setting"], "range": [LOW_COLOUR, HIGH_COLOUR]},
                    "title": "driver at its",
                    # Above the bars, so the chart fits the page column beside the long driver names.
                    "legend": {"orient": "top", "direction": "horizontal"},
                },
                "tooltip": [
                    {"field": "driver", "type": "nominal"},
                    {"field": "setting", "type": "nominal"},
                    {"field": "end", "type": "quantitative", "title": axis_name, "format": ",.0f"},
                ],
            },
        },
        *_vertical_rule(tornado.baseline_value, "baseline", MUTED, dash=False),
    ]
    if name == MARGIN:
        layers += _vertical_rule(0.0, "offer stops winning", PRICE_COLOUR, bottom=True)
    elif name == result.total and result.delta_price is not None:
        layers += _vertical_rule(result.delta_price, "delta price", PRICE_COLOUR, bottom=True)
    elif name == result.total and result.price is not None:
        mean_price = result.tornados[result.price].baseline_value
        layers += _vertical_rule(mean_price, "delta price", PRICE_COLOUR, bottom=True)
    subtitle = f"{result.label}: " if result.label else ""
    spread = "10th to 90th percentile" if result.spread == "p10-p90" else "mean minus to plus one sd"
    return finish(
        {"layer": layers},
        title=f"{subtitle}what moves {axis_name} (each driver from its {spread}, others at baseline)",
        height=max(120, 28 * len(bars)),
    )


def _histogram_rows(histogram: Histogram, draws: int) -> list[dict[str, float]]:
    edges = histogram.edges
    return [
        {"start": edges[i], "end": edges[i + 1], "share": count / draws}
        for i, count in enumerate(histogram.counts)
    ]


def distribution_chart(result: SimulationResult, *, currency: str = "") -> ChartSpec:
    """Histogram of delta value from a Monte Carlo run, with the delta price as a line.

    With a price that depends on a driver, the histogram is of delta value minus delta price per draw
    and the line stands at zero. The title gives the probability that the offer wins.
    """
    histogram, what, label = result.histogram, result.total, "delta price"
    line: float | None = result.delta_price
    if result.price_varies and result.margin_histogram is not None:
        histogram, what, line = result.margin_histogram, "delta value minus delta price", 0.0
        label = "delta value = delta price"
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": _histogram_rows(histogram, result.draws)},
            "mark": {"type": "bar", "color": HIGH_COLOUR, "opacity": 0.85, "binSpacing": 0},
            "encoding": {
                "x": {"field": "start", "type": "quantitative", "title": _axis_title(what, currency)},
                "x2": {"field": "end"},
                "y2": {"datum": 0},
                "y": {
                    "field": "share",
                    "type": "quantitative",
                    "title": "share of draws",
                    "axis": {"format": ".1~%"},
                },
                "tooltip": [
                    {"field": "start", "type": "quantitative", "format": ",.0f"},
                    {"field": "end", "type": "quantitative", "format": ",.0f"},
                    {"field": "share", "type": "quantitative", "format": ".2%"},
                ],
            },
        }
    ]
    if line is not None:
        layers += _vertical_rule(line, label, PRICE_COLOUR)
    title = f"{result.label}: " if result.label else ""
    title += f"{what}, {result.draws:,} draws"
    if result.probability_wins is not None:
        title += f"; offer wins in {result.probability_wins:.1%}"
    return finish({"layer": layers}, title=title)


def stack(charts: Sequence[ChartSpec]) -> ChartSpec:
    """Several finished charts one above the other, as one chart (one per subsegment, say)."""
    if len(charts) == 1:
        return charts[0]
    parts = [{k: v for k, v in chart.items() if k not in ("$schema", "config")} for chart in charts]
    spec = finish({"vconcat": parts, "spacing": 30})
    spec.pop("width")
    spec.pop("height")
    return spec


def distributions_chart(results: Sequence[SimulationResult], *, currency: str = "") -> ChartSpec:
    """One :func:`distribution_chart` per result (per subsegment), stacked."""
    return stack([distribution_chart(result, currency=currency) for result in results])


def sobol_chart(result: SobolResult) -> ChartSpec:
    """First-order and total Sobol index per driver, side by side, with their confidence intervals."""
    rows: list[dict[str, Any]] = []
    for rank, index in enumerate(result.ranked()):
        rows.append(
            {
                "driver": index.driver,
                "rank": rank,
                "first": index.first,
                "first_low": index.first - index.first_conf,
                "first_high": index.first + index.first_conf,
                "total": index.total,
                "total_low": index.total - index.total_conf,
                "total_high": index.total + index.total_conf,
            }
        )
    y = {
        "field": "driver",
        "type": "nominal",
        "sort": {"field": "rank"},
        "title": None,
        "axis": {"labelLimit": 380},
    }
    height = max(100, 30 * len(rows))

    def panel(field: str, title: str, colour: str) -> dict[str, Any]:
        axis = {"format": ".0%"}
        return {
            "width": 260,
            "height": height,
            "title": title,
            "layer": [
                {
                    "mark": {"type": "bar", "color": colour, "height": {"band": 0.6}},
                    "encoding": {
                        "y": y,
                        "x": {
                            "field": field,
                            "type": "quantitative",
                            "title": "share of the variance",
                            "axis": axis,
                        },
                    },
                },
                {
                    "mark": {"type": "rule", "color": "#1f2933"},
                    "encoding": {
                        "y": y,
                        "x": {"field": f"{field}_low", "type": "quantitative"},
                        "x2": {"field": f"{field}_high"},
                    },
                },
            ],
        }

    level = f"{result.conf_level:.0%}"
    prefix = f"{result.label}: " if result.label else ""
    spec = finish(
        {
            "data": {"values": rows},
            "hconcat": [
                panel("first", "first order: the driver alone", HIGH_COLOUR),
                panel("total", "total: with its interactions", LOW_COLOUR),
            ],
            "resolve": {"scale": {"x": "shared"}},
        },
        title=f"{prefix}where the variance of {result.output} comes from (lines: {level} intervals)",
    )
    spec.pop("width")
    spec.pop("height")
    return spec


def value_by_characteristic_chart(
    values: Sequence[float],
    characteristic: Sequence[float | str],
    customers: Sequence[str],
    *,
    name: str,
    output: str = "delta value",
    groups: Sequence[str] | None = None,
    currency: str = "",
) -> ChartSpec:
    """Value per customer against one characteristic: points, and a least-squares line for numbers.

    A categorical characteristic is drawn as points per category with each category's mean as a tick.
    """
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in characteristic)
    rows = [
        {"customer": c, "x": x, "value": v, "group": "" if groups is None else groups[i]}
        for i, (c, x, v) in enumerate(zip(customers, characteristic, values, strict=True))
    ]
    y = {"field": "value", "type": "quantitative", "title": _axis_title(output, currency)}
    colour = (
        {"field": "group", "type": "nominal", "title": "subsegment"}
        if groups is not None
        else {"value": HIGH_COLOUR}
    )
    points = {
        "mark": {"type": "point", "filled": True, "size": 70},
        "encoding": {
            "x": {
                "field": "x",
                "type": "quantitative" if numeric else "nominal",
                "title": name,
                "scale": {"zero": False},
            }
            if numeric
            else {"field": "x", "type": "nominal", "title": name},
            "y": y,
            "color": colour,
            "tooltip": [
                {"field": "customer", "type": "nominal"},
                {"field": "x", "title": name},
                {"field": "value", "type": "quantitative", "title": output, "format": ",.0f"},
            ],
        },
    }
    if numeric:
        fit = {
            "transform": [{"regression": "value", "on": "x"}],
            "mark": {"type": "line", "color": MUTED, "strokeDash": [6, 4]},
            "encoding": {
                "x": {"field": "x", "type": "quantitative"},
                "y": {"field": "value", "type": "quantitative"},
            },
        }
    else:
        fit = {
            "mark": {"type": "tick", "color": MUTED, "thickness": 2, "size": 30},
            "encoding": {
                "x": {"field": "x", "type": "nominal"},
                "y": {"aggregate": "mean", "field": "value", "type": "quantitative"},
            },
        }
    return finish({"data": {"values": rows}, "layer": [points, fit]}, title=f"{output} by {name}")


def prospects_chart(ranking: ProspectRanking, *, top: int = 20, currency: str = "") -> ChartSpec:
    """Customers by predicted value, highest first, each with its prediction interval."""
    rows = [
        {
            "customer": p.customer,
            "rank": rank,
            "status": p.status or "customer",
            "predicted": p.predicted,
            "low": p.low,
            "high": p.high,
            "reasons": ", ".join(p.reasons[:2]) or "-",
            "price": p.delta_price,
        }
        for rank, p in enumerate(ranking.prospects[:top])
    ]
    y = {"field": "customer", "type": "nominal", "sort": {"field": "rank"}, "title": None}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": rows},
            "mark": {"type": "rule", "strokeWidth": 2, "color": MUTED},
            "encoding": {"y": y, "x": {"field": "low", "type": "quantitative"}, "x2": {"field": "high"}},
        },
        {
            "data": {"values": rows},
            "mark": {"type": "point", "filled": True, "size": 80},
            "encoding": {
                "y": y,
                "x": {
                    "field": "predicted",
                    "type": "quantitative",
                    "title": _axis_title(f"predicted {ranking.output}", currency),
                },
                "color": {"field": "status", "type": "nominal", "title": None},
                "tooltip": [
                    {"field": "customer", "type": "nominal"},
                    {"field": "predicted", "type": "quantitative", "format": ",.0f"},
                    {"field": "low", "type": "quantitative", "format": ",.0f"},
                    {"field": "high", "type": "quantitative", "format": ",.0f"},
                    {"field": "reasons", "type": "nominal", "title": "attractive because of"},
                ],
            },
        },
    ]
    if any(p.delta_price is not None for p in ranking.prospects[:top]):
        layers.append(
            {
                "data": {"values": [r for r in rows if r["price"] is not None]},
                "mark": {"type": "tick", "color": PRICE_COLOUR, "thickness": 2},
                "encoding": {
                    "y": y,
                    "x": {"field": "price", "type": "quantitative"},
                    "tooltip": [
                        {"field": "price", "type": "quantitative", "title": "delta price", "format": ",.0f"}
                    ],
                },
            }
        )
    level = f"{ranking.conf_level:.0%}"
    return finish(
        {"layer": layers},
        title=f"Most attractive prospects: predicted {ranking.output}, {level} prediction intervals"
        + (" (red tick: delta price)" if any(p.delta_price is not None for p in ranking.prospects) else ""),
        height=max(120, 24 * len(rows)),
    )


def strongest_characteristic_chart(found: ProspectAnalysis) -> ChartSpec:
    """Value against the characteristic with the largest t statistic in the value regression."""
    data, regression = found.data, found.regression
    strongest = max(
        regression.coefficients[1:], key=lambda c: abs(c.estimate / c.std_error) if c.std_error else 0.0
    )
    research = data.research
    return value_by_characteristic_chart(
        [float(v) for v in data.values[research]],
        data.columns(research)[strongest.characteristic],
        data.select(research),
        name=strongest.characteristic,
        output=data.output,
        groups=[s for s, keep in zip(data.subsegments, research, strict=True) if keep],
        currency=data.currency,
    )
