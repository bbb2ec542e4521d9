"""Value map data: the NBA on the fair-value line, offerings at the EVE, surplus = value - price."""

from __future__ import annotations

from decimal import Decimal

from worth.engine.pricing import economic_value, value_map


def test_it_places_the_nba_on_the_line_and_the_offering_at_its_eve() -> None:
    chart = value_map(
        economic_value(29000, 45000, 3000),
        [("penetration", 40000), ("at EVE", 71000), ("too high", 75000.005)],
    )
    nba, low, fair, high = chart.points
    assert (nba.kind, nba.value, nba.price, nba.position) == (
        "nba",
        Decimal("29000.00"),
        Decimal("29000.00"),
        "fair-value",
    )
    assert (low.value, low.price, low.surplus, low.position) == (
        Decimal("71000.00"),
        Decimal("40000.00"),
        Decimal("31000.00"),
        "value-advantage",
    )
    assert fair.position == "fair-value"
    assert (high.price, high.surplus, high.position) == (
        Decimal("75000.01"),
        Decimal("-4000.01"),
        "value-disadvantage",
    )
    (x0, y0), (x1, y1) = chart.fair_value_line
    assert x0 == y0 == Decimal("23200.00")  # 80 % of the smallest figure, 29,000
    assert x1 == y1 == Decimal("82500.01")  # 110 % of the largest, 75,000.01 -> 82,500.011
