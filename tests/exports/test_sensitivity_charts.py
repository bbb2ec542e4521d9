"""Sensitivity charts: the specs carry the engine's numbers and render offline to SVG and PNG."""

from __future__ import annotations

from typing import Any

import pytest

from worth.engine.sensitivity import (
    Driver,
    Normal,
    ValueProblem,
    explain_value,
    fit_distribution,
    rank_prospects,
    simulate,
    sobol_indices,
    tornado,
)
from worth.exports.charts import render_png, render_svg
from worth.exports.charts.sensitivity import (
    distribution_chart,
    distributions_chart,
    prospects_chart,
    sobol_chart,
    stack,
    tornado_chart,
    value_by_characteristic_chart,
)

HOURS = [60.0, 80.0, 100.0, 120.0, 140.0]
MARGIN = [1800.0, 2000.0, 2200.0, 2400.0, 2600.0]


def problem(**kwargs: Any) -> ValueProblem:
    drivers = (
        Driver("hours", fit_distribution(HOURS), HOURS, unit="h/yr"),
        Driver("margin", fit_distribution(MARGIN), MARGIN, unit="USD/h"),
    )
    return ValueProblem.from_value_function(
        lambda x: x["hours"] * x["margin"], drivers, label="Large", **kwargs
    )


def layer_data(spec: dict[str, Any], mark: str) -> list[dict[str, Any]]:
    for layer in spec["layer"]:
        kind = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        if kind == mark:
            return list(layer["data"]["values"])
    raise AssertionError(f"no {mark} layer")


def test_tornado_bars_run_from_the_baseline_to_the_value_at_each_setting():
    result = tornado(problem(delta_price=200_000.0))
    spec = tornado_chart(result, currency="USD")
    bars = layer_data(spec, "bar")
    hours = result.total_tornado.bar("hours")
    ends = {r["setting"]: r["end"] for r in bars if r["driver"].startswith("hours")}
    assert ends == {
        "low setting": pytest.approx(hours.value_at_low),
        "high setting": pytest.approx(hours.value_at_high),
    }
    assert [r["start"] for r in bars] == [pytest.approx(100 * 2200)] * len(bars)
    assert [r["x"] for r in layer_data(spec, "rule")] == [pytest.approx(220_000)]  # the baseline line
    rules = [layer["data"]["values"][0] for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert {"x": 200_000.0, "label": "delta price"} in rules
    assert render_svg(spec).lstrip().startswith("<svg")


def test_margin_tornado_draws_the_line_where_the_offer_stops_winning():
    result = tornado(problem(delta_price=200_000.0))
    spec = tornado_chart(result, output="delta value - delta price")
    rules = [layer["data"]["values"][0] for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert {"x": 0.0, "label": "offer stops winning"} in rules


def test_distribution_bars_hold_the_share_of_draws_in_each_bin():
    result = simulate(problem(delta_price=200_000.0), draws=20_000, seed=1)
    spec = distribution_chart(result, currency="USD")
    shares = layer_data(spec, "bar")
    inside = result.draws - result.histogram.below - result.histogram.above
    assert sum(r["share"] for r in shares) == pytest.approx(inside / result.draws)
    assert f"offer wins in {result.probability_wins:.1%}" in spec["title"]
    assert render_png(spec)[:4] == b"\x89PNG"


def test_a_price_per_draw_is_charted_as_the_margin_around_zero():
    drivers = (Driver("a", Normal(10, 1)), Driver("m", Normal(3, 0.5)))
    price_problem = ValueProblem(drivers, lambda x: {"delta value": 2 * x["a"], "p": 5 * x["m"]}, price="p")
    result = simulate(price_problem, draws=5_000, seed=2)
    spec = distribution_chart(result)
    rules = [layer["data"]["values"][0] for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert rules == [{"x": 0.0, "label": "delta value = delta price"}]
    assert "delta value minus delta price" in spec["title"]


def test_stacked_charts_keep_one_chart_per_subsegment():
    results = [simulate(problem(delta_price=1.0), draws=2_000, seed=s) for s in (1, 2)]
    spec = distributions_chart(results)
    assert len(spec["vconcat"]) == 2
    assert stack([spec]) is spec
    assert render_svg(spec).lstrip().startswith("<svg")


def test_sobol_panels_show_first_and_total_indices():
    result = sobol_indices(problem(), samples=128, seed=1)
    spec = sobol_chart(result)
    rows = spec["data"]["values"]
    assert [r["driver"] for r in rows] == [i.driver for i in result.ranked()]
    assert rows[0]["total"] == pytest.approx(result.ranked()[0].total)
    assert len(spec["hconcat"]) == 2
    assert render_svg(spec).lstrip().startswith("<svg")


def test_value_by_characteristic_fits_a_line_to_numbers_and_means_to_categories():
    values, customers = [1.0, 2.0, 3.0, 5.0], ["A", "B", "C", "D"]
    numeric = value_by_characteristic_chart(values, [10.0, 20.0, 30.0, 40.0], customers, name="Machines")
    assert numeric["layer"][1]["transform"] == [{"regression": "value", "on": "x"}]
    categorical = value_by_characteristic_chart(values, ["N", "S", "N", "S"], customers, name="Region")
    assert categorical["layer"][1]["encoding"]["y"]["aggregate"] == "mean"
    assert numeric["data"]["values"][3] == {"customer": "D", "x": 40.0, "value": 5.0, "group": ""}
    assert render_svg(categorical).lstrip().startswith("<svg")


def test_prospects_chart_shows_intervals_and_each_customers_delta_price():
    customers = [f"C{i}" for i in range(6)]
    machines = [1.0, 2.0, 2.0, 3.0, 4.0, 5.0]
    fit = explain_value([10.0, 19.0, 22.0, 31.0, 39.0, 52.0], {"Machines": machines}, customers)
    ranking = rank_prospects(fit, {"Machines": [6.0, 1.5]}, ["New A", "New B"], delta_price=[40.0, 12.0])
    spec = prospects_chart(ranking)
    points = layer_data(spec, "point")
    assert points[0]["customer"] == "New A"
    assert points[0]["low"] == pytest.approx(ranking.prospects[0].low)
    ticks = layer_data(spec, "tick")
    assert [t["price"] for t in ticks] == [40.0, 12.0]
    assert render_svg(spec).lstrip().startswith("<svg")


def test_a_share_driver_s_settings_read_as_percentages_in_the_label():
    shares = [0.30, 0.40, 0.50, 0.60, 0.70]
    drivers = (
        Driver("hours", fit_distribution(HOURS), HOURS, unit="h/yr"),
        Driver("overhead", fit_distribution(shares), shares, unit="%"),
    )
    value = ValueProblem.from_value_function(lambda x: x["hours"] * (1 + x["overhead"]), drivers, label="L")
    result = tornado(value)
    labels = {r["driver"] for r in layer_data(tornado_chart(result, currency="USD"), "bar")}
    low, high = (
        result.total_tornado.bar("overhead").low_setting,
        result.total_tornado.bar("overhead").high_setting,
    )
    assert f"overhead ({low:.1%} to {high:.1%})" in labels
    assert not any(" %)" in label for label in labels)
    assert any(label.startswith("hours (") and label.endswith(" h/yr)") for label in labels)
