"""Pricing charts: the bars and points the specs carry, and that each spec renders to SVG offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.analytics.invoice_data import hand_lines, hand_policy
from worth.analytics import pocket_price_band, pocket_price_waterfall
from worth.engine.pricing import PriceOption, compare_price_options, economic_value, value_map
from worth.exports.charts import render_svg, write_chart
from worth.exports.charts.pricing import band_chart, price_options_chart, value_map_chart, waterfall_chart


def test_waterfall_bars_float_down_from_list_to_pocket(duck: Any) -> None:
    spec = waterfall_chart(pocket_price_waterfall(duck.create_table("l", hand_lines())), currency="USD")
    bars = {row["step"]: (row["top"], row["bottom"]) for row in spec["data"]["values"]}
    assert bars["List price"] == (100.0, 0.0)
    assert bars["Order-size discount (% of list)"] == pytest.approx((100.0, 97.7))
    assert bars["Competitive discount (% of list)"] == pytest.approx((97.7, 92.5))
    assert bars["Other on-invoice (amount per line)"] == pytest.approx((92.5, 92.3))
    assert bars["Invoice price"] == pytest.approx((92.3, 0.0))
    assert bars["Payment terms (% compounding)"] == pytest.approx((92.3, 91.594))
    assert bars["Pocket price"] == pytest.approx((87.534, 0.0))
    assert "<svg" in render_svg(spec)


def test_a_grouped_waterfall_has_one_panel_per_group(duck: Any) -> None:
    spec = waterfall_chart(pocket_price_waterfall(duck.create_table("l", hand_lines()), by="segment"))
    assert spec["facet"]["row"]["sort"] == ["B", "A"]
    assert {row["group"] for row in spec["data"]["values"]} == {"A", "B"}
    assert "<svg" in render_svg(spec)


def test_the_band_chart_has_volume_shares_and_guideline_lines(duck: Any, tmp_path: Path) -> None:
    spec = band_chart(pocket_price_band(duck.create_table("l", hand_lines()), policy=hand_policy()))
    bars, rules, _labels = spec["layer"]
    assert [(r["low"], r["share"]) for r in bars["data"]["values"]] == [
        (75.0, 10.0),
        (85.0, 60.0),
        (90.0, 30.0),
    ]
    assert [(m["pct"], m["label"]) for m in rules["data"]["values"]] == [
        (88.0, "floor 88 %"),
        (85.0, "floor 85 %"),
        (89.0, "ceiling 89 %"),
    ]
    path = write_chart(spec, tmp_path / "band.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_value_map_chart_carries_the_line_and_the_points() -> None:
    chart = value_map(economic_value(29000, 45000, 3000), [("penetration", 40000)])
    spec = value_map_chart(chart, currency="USD")
    line, points = spec["layer"][0]["data"]["values"], spec["layer"][1]["data"]["values"]
    assert line == [{"value": 23200.0, "price": 23200.0}, {"value": 78100.0, "price": 78100.0}]
    assert [(p["kind"], p["value"], p["price"]) for p in points] == [
        ("next-best alternative", 29000.0, 29000.0),
        ("offering", 71000.0, 40000.0),
    ]
    assert points[1]["label"] == "penetration: customer gains 31,000"
    assert "<svg" in render_svg(spec)


def test_the_options_chart_shows_profit_and_volume() -> None:
    comparison = compare_price_options(
        [PriceOption("low", 110, 1000, 70), PriceOption("high", 140, 600, 70)], economic_value(100, 60, 10)
    )
    spec = price_options_chart(comparison)
    rows = spec["data"]["values"]
    assert [(r["option"], r["strategy"], r["profit"], r["volume"]) for r in rows] == [
        ("low at 110.00", "penetration", 40000.0, 1000.0),
        ("high at 140.00", "skimming", 42000.0, 600.0),
    ]
    assert "<svg" in render_svg(spec)
