"""The profit levers and the volume a price change must win back, worked out by hand and re-derived."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worth.engine.pricing import PricingError
from worth.engine.pricing.levers import (
    ProfitStructure,
    keep_profit_table,
    profit_levers,
    volume_change_to_keep_profit,
)

# A bearing line: 100 a unit, 10,000 units, 75 variable cost, 150,000 fixed costs.
# Revenue 1,000,000; contribution 250,000 (25 %); operating profit 100,000.
LINE = ProfitStructure.of(price=100, units=10_000, variable_cost=75, fixed_cost=150_000)


def test_the_structure_is_revenue_less_variable_and_fixed_costs() -> None:
    assert LINE.revenue == 1_000_000
    assert LINE.contribution == 250_000
    assert LINE.contribution_margin == Decimal("0.25")
    assert LINE.operating_profit == 100_000


def test_one_percent_on_each_lever_by_hand_price_strongest() -> None:
    levers = profit_levers(LINE)
    found = {lever.key: (lever.profit_change, lever.profit_change_share) for lever in levers}
    # price: 1 % of 1,000,000 revenue = 10,000, 10 % of profit
    assert found["price"] == (10_000, Decimal("0.1"))
    # variable cost: 1 % of 750,000 = 7,500
    assert found["variable_cost"] == (7_500, Decimal("0.075"))
    # volume: 1 % of 250,000 contribution = 2,500
    assert found["volume"] == (2_500, Decimal("0.025"))
    # fixed: 1 % of 150,000 = 1,500
    assert found["fixed_cost"] == (1_500, Decimal("0.015"))
    assert [lever.key for lever in levers] == ["price", "variable_cost", "volume", "fixed_cost"]
    assert levers[0].label == "Price +1 %"
    assert [lever.label for lever in profit_levers(LINE, "0.025")][1] == "Variable cost −2.5 %"


def test_a_five_percent_cut_at_a_quarter_margin_needs_a_quarter_more_units() -> None:
    # c = 25, c' = 95 - 75 = 20: 25 / 20 - 1 = 0.25
    assert volume_change_to_keep_profit(LINE, "-0.05") == Decimal("0.25")
    # a 5 % rise: c' = 30, 25 / 30 - 1 = -1/6: a sixth of the units may be lost
    assert float(volume_change_to_keep_profit(LINE, "0.05") or 0) == pytest.approx(-1 / 6)
    # a 25 % cut takes price to the variable cost: nothing wins it back
    assert volume_change_to_keep_profit(LINE, "-0.25") is None
    assert volume_change_to_keep_profit(LINE, "-0.30") is None


def test_the_table_gives_the_units_each_change_needs() -> None:
    rows = {row.price_change: row for row in keep_profit_table(LINE, ["-0.10", "0.10", "-0.25"])}
    cut = rows[Decimal("-0.10")]
    # c' = 90 - 75 = 15: 25 / 15 = 5/3, so 16,667 units, two thirds more
    assert float(cut.volume_change or 0) == pytest.approx(2 / 3)
    assert float(cut.units_needed or 0) == pytest.approx(10_000 * 5 / 3)
    assert rows[Decimal("-0.25")].units_needed is None


def test_a_loss_making_business_shows_changes_in_money_not_as_a_share_of_profit() -> None:
    loss = ProfitStructure.of(price=100, units=1_000, variable_cost=90, fixed_cost=20_000)
    assert loss.operating_profit == -10_000
    price = next(lever for lever in profit_levers(loss) if lever.key == "price")
    assert price.profit_change == 1_000
    assert price.profit_change_share is None
    # no contribution at all: no volume keeps it
    nothing = ProfitStructure.of(price=50, units=10, variable_cost=60)
    assert volume_change_to_keep_profit(nothing, "-0.01") is None


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ({"price": 0, "units": 1, "variable_cost": 0}, "price: must be more than 0"),
        ({"price": 10, "units": 0, "variable_cost": 0}, "units: must be more than 0"),
        ({"price": 10, "units": 5, "variable_cost": -1}, "variable cost: -1 is negative"),
        (
            {"price": 10, "units": 5, "variable_cost": 1, "fixed_cost": "lots"},
            "fixed costs: expected a number",
        ),
        ({"price": float("nan"), "units": 5, "variable_cost": 1}, "price: expected a finite number"),
    ],
)
def test_a_bad_figure_is_named(figures: dict[str, object], message: str) -> None:
    with pytest.raises(PricingError, match=message):
        ProfitStructure.of(**figures)  # type: ignore[arg-type]


def test_a_bad_step_or_change_is_named() -> None:
    with pytest.raises(PricingError, match="step: must be more than 0"):
        profit_levers(LINE, 0)
    with pytest.raises(PricingError, match=r"step: 0\.6 is more than"):
        profit_levers(LINE, "0.6")
    with pytest.raises(PricingError, match="price change: -1 must be more than -1"):
        volume_change_to_keep_profit(LINE, -1)


structures = st.builds(
    lambda p, share, q, f: ProfitStructure.of(price=p, units=q, variable_cost=p * share, fixed_cost=f),
    st.integers(1, 100_000),
    st.decimals("0", "0.95", places=3),
    st.integers(1, 1_000_000),
    st.integers(0, 10_000_000),
)


@given(structures, st.decimals("-0.5", "0.5", places=3))
def test_the_volume_found_keeps_profit_exactly_and_matches_the_margin_formula(
    structure: ProfitStructure, change: Decimal
) -> None:
    volume = volume_change_to_keep_profit(structure, change)
    m = structure.contribution_margin
    if m + change <= 0:
        assert volume is None
        return
    assert volume is not None
    # the closed form of the method texts: -d / (m + d)
    assert float(volume) == pytest.approx(float(-change / (m + change)), rel=1e-12, abs=1e-15)
    # and the profit at the new price and volume, worked out afresh, is the old profit
    new_price = structure.price * (1 + change)
    new_units = structure.units * (1 + volume)
    again = (new_price - structure.variable_cost) * new_units - structure.fixed_cost
    assert float(again) == pytest.approx(float(structure.operating_profit), rel=1e-9, abs=1e-6)
