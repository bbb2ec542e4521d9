"""Penetration against skimming: figures worked out by hand, and the curve recomputed with numpy."""

from __future__ import annotations

import doctest
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worth.engine.model.analysis import analyse_model
from worth.engine.model.io import load_model
from worth.engine.pricing import PricingError
from worth.engine.pricing import strategy as module
from worth.engine.pricing.strategy import StrategyCustomer, price_strategy
from worth.engine.pricing.strategy_inputs import strategy_customers, volume_choices

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"


def customer(name: str, alternative: float, economic_value: float, volume: float = 1.0) -> StrategyCustomer:
    return StrategyCustomer(name, f"Mill {name}", alternative, economic_value - alternative, volume)


# Four mills (economic value per period, volume) and so the value per unit:
#   A 1,200 / 2 = 600   D 400 / 1 = 400   C 1,800 / 6 = 300   B 1,000 / 4 = 250
# Variable cost 150 a unit, fixed costs 500.
MILLS = [
    customer("A", 200, 1200, 2),
    customer("B", 400, 1000, 4),
    customer("C", 300, 1800, 6),
    customer("D", 150, 400, 1),
]


def test_the_three_prices_by_hand() -> None:
    found = price_strategy(MILLS, variable_cost=150, fixed_cost=500)
    pen, skim, best = found.prices
    # penetration 80 % of 4: ceil(3.2) = 4 mills, the 4th highest value per unit, 250; all 13 units.
    assert (pen.key, pen.price, pen.buyers, pen.volume) == ("penetration", Decimal("250.00"), 4, 13)
    assert pen.revenue == Decimal("3250.00")  # 250 x 13
    assert pen.unit_margin == Decimal("100.00")
    assert pen.operating_profit == Decimal("800.00")  # 100 x 13 - 500
    assert pen.value_left == Decimal("1150.00")  # 1,200 + 1,000 + 1,800 + 400 - 3,250
    assert pen.buyers_share == 1
    # skimming 20 % of 4: ceil(0.8) = 1 mill, the highest value, 600: A's 2 units
    assert (skim.price, skim.buyers, skim.volume) == (Decimal("600.00"), 1, 2)
    assert skim.revenue == Decimal("1200.00")
    assert skim.operating_profit == Decimal("400.00")  # 450 x 2 - 500
    assert skim.value_left == Decimal("0.00")
    assert skim.buyers_share == Decimal("0.25")
    # at 300: A, D and C buy 9 units, 150 x 9 - 500 = 850; at 400: 250 x 3 - 500 = 250
    assert (best.key, best.price, best.buyers, best.volume) == ("most_profit", Decimal("300.00"), 3, 9)
    assert best.operating_profit == Decimal("850.00")
    assert best.revenue == Decimal("2700.00")
    assert best.value_left == Decimal("700.00")  # 1,200 + 400 + 1,800 - 2,700
    assert [p.below_alternative for p in found.prices] == [0, 0, 0]
    assert not any(p.below_variable_cost for p in found.prices)
    assert [c.id for c in found.customers] == ["A", "D", "C", "B"]


def test_fewer_than_five_customers_are_warned_of_and_the_shares_are_the_users() -> None:
    found = price_strategy(MILLS, variable_cost=150, fixed_cost=500, penetration_share=50, skimming_share=25)
    assert "Only 4 customers with a computable value" in found.warnings("USD")[0]
    # 50 % of 4 = 2 mills: D's 400; 25 % of 4 = 1 mill: A's 600
    assert [p.price for p in found.prices[:2]] == [Decimal("400.00"), Decimal("600.00")]


def test_a_share_is_counted_exactly_not_in_binary() -> None:
    # 0.7 x 10 is 7.000000000000001 in floats: the 8th value would be wrong, the 7th is right.
    tens = [customer(str(v), 0, v) for v in range(10, 0, -1)]
    found = price_strategy(tens, variable_cost=0, penetration_share=70, skimming_share=30)
    assert [p.price for p in found.prices[:2]] == [Decimal("4.00"), Decimal("8.00")]
    assert [p.buyers for p in found.prices[:2]] == [7, 3]
    assert not found.warnings()


def test_a_price_is_rounded_down_so_the_customer_who_sets_it_still_buys() -> None:
    # 1,000 for 3 units: 333.333... a unit; 333.33 (half up would also give .33, so take 2/3: .666...)
    found = price_strategy(
        [customer("X", 0, 1000, 3), customer("Y", 0, 2, 3)], variable_cost=0, skimming_share=10
    )
    assert found.prices[0].price == Decimal("0.66")  # penetration: both, Y at 0.666... a unit
    assert found.prices[0].buyers == 2
    assert found.prices[1].price == Decimal("333.33")
    assert found.prices[1].buyers == 1


def test_prices_below_the_variable_cost_or_the_alternative_are_flagged() -> None:
    # E's unfavourable elements outweigh the favourable ones: its value 400 is below its alternative's 500.
    rows = [customer("E", 500, 400), customer("F", 100, 900), *[customer(f"G{i}", 50, 300) for i in range(3)]]
    found = price_strategy(rows, variable_cost=350, fixed_cost=0)
    pen = found.price("penetration")
    assert pen is not None
    assert pen.price == Decimal("300.00")  # 80 % of 5 = 4: the G mills' 300
    assert pen.below_variable_cost
    assert pen.below_alternative == 1  # E buys at 300 although its alternative costs 500
    text = " ".join(found.warnings("USD"))
    assert "Penetration: the price USD 300.00 is below the variable cost USD 350.00" in text
    assert "below the next-best alternative's price for 1 of its 5 buyers" in text


def test_a_share_no_positive_price_reaches_is_named_not_invented() -> None:
    rows = [customer("P", 0, 500), customer("Q", 0, 300), *[customer(f"N{i}", 100, -50) for i in range(3)]]
    found = price_strategy(rows, variable_cost=10)
    assert found.price("penetration") is None
    assert found.unreached == ("penetration",)
    assert "Penetration: no positive price sells to 80 % of the customers; only 2 of 5" in found.warnings()[0]
    assert found.price("skimming") is not None
    assert found.prices[-1].price == Decimal("300.00")  # 290 x 2 = 580 against 490 x 1


def test_ties_take_the_lower_price() -> None:
    # at 100 both buy: 2 x 100 = 200; at 200 one buys: 200
    found = price_strategy([customer("R", 0, 100), customer("S", 0, 200)], variable_cost=0)
    best = found.price("most_profit")
    assert best is not None
    assert (best.price, best.buyers) == (Decimal("100.00"), 2)


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"variable_cost": -1}, "variable cost"),
        ({"variable_cost": "ten"}, "variable cost"),
        ({"variable_cost": 0, "fixed_cost": float("nan")}, "fixed costs"),
        ({"variable_cost": 0, "penetration_share": 0}, "penetration share"),
        ({"variable_cost": 0, "penetration_share": 101}, "penetration share"),
        ({"variable_cost": 0, "skimming_share": 80}, "skimming share"),
    ],
)
def test_bad_figures_are_refused_naming_them(kwargs: dict[str, object], named: str) -> None:
    with pytest.raises(PricingError, match=named):
        price_strategy(MILLS, **kwargs)  # type: ignore[arg-type]


def test_no_customer_or_no_positive_value_is_refused() -> None:
    with pytest.raises(PricingError, match="no customer"):
        price_strategy([], variable_cost=0)
    with pytest.raises(PricingError, match="none values the offering"):
        price_strategy([customer("Z", 100, -10)], variable_cost=0)
    with pytest.raises(PricingError, match="volume"):
        price_strategy([customer("Z", 100, 500, 0)], variable_cost=0)


def test_the_docstring_example_holds() -> None:
    failures, tried = doctest.testmod(module)
    assert tried > 0
    assert failures == 0


values = st.floats(min_value=-500, max_value=5_000, allow_nan=False)
mills = st.lists(
    st.tuples(st.floats(min_value=0, max_value=1_000), values, st.floats(min_value=0.5, max_value=50)),
    min_size=1,
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(
    rows=mills,
    variable_cost=st.integers(min_value=0, max_value=800),
    fixed_cost=st.integers(min_value=0, max_value=20_000),
)
def test_profit_at_every_price_is_what_numpy_recomputes(
    rows: list[tuple[float, float, float]], variable_cost: int, fixed_cost: int
) -> None:
    customers = [StrategyCustomer(f"c{i}", f"c{i}", a, d, v) for i, (a, d, v) in enumerate(rows)]
    eve = np.array([a + d for a, d, _ in rows])
    volume = np.array([v for _, _, v in rows])
    per_unit = eve / volume
    if not (per_unit >= 0.01).any():
        with pytest.raises(PricingError):
            price_strategy(customers, variable_cost=variable_cost, fixed_cost=fixed_cost)
        return
    found = price_strategy(customers, variable_cost=variable_cost, fixed_cost=fixed_cost)
    for point in found.curve:
        buying = per_unit >= point.price
        assert point.buyers == int(buying.sum())
        np.testing.assert_allclose(point.volume, volume[buying].sum(), rtol=1e-12, atol=1e-9)
        expected = (point.price - variable_cost) * volume[buying].sum() - fixed_cost
        np.testing.assert_allclose(point.profit, expected, rtol=1e-9, atol=1e-6)
    # no customer's value (to the cent) earns more than the most-profit price; a cent of rounding on a
    # candidate moves its profit by at most a cent a unit
    candidates = np.floor(per_unit[per_unit >= 0.01] * 100) / 100
    profits = [(p - variable_cost) * volume[per_unit >= p].sum() - fixed_cost for p in candidates]
    best = found.price("most_profit")
    assert best is not None
    assert float(best.operating_profit) >= max(profits) - 0.01 * volume.sum() - 0.01
    at = float(best.price)
    direct = (at - variable_cost) * volume[per_unit >= at].sum() - fixed_cost
    assert float(best.operating_profit) == pytest.approx(direct, abs=0.01)


def test_the_example_models_mills_with_their_values_and_the_one_left_out() -> None:
    analysis = analyse_model(load_model(EXAMPLE))
    small, left = strategy_customers(analysis, "Small and mid-size mills")
    assert len(small) == 6
    assert [u.name for u in left] == ["Brookfield Tissue"]
    assert "Energy: no Friction energy losses per year, alternative" in left[0].reason
    evaluation = analysis.evaluation
    row = next(i for i, c in enumerate(evaluation.customers) if c.name == "Holmsund Specialty Paper")
    holmsund = next(c for c in small if c.name == "Holmsund Specialty Paper")
    # 1 paper machine at the alternative's 33,000; its delta value is the sum of its element values
    assert holmsund.alternative_price == 33_000
    elements = sum(float(e.values[row]) for e in evaluation.elements.values())
    assert holmsund.delta_value == pytest.approx(elements)
    by_machine, _ = strategy_customers(analysis, "Small and mid-size mills", volume="Paper machines")
    valdorf = next(c for c in by_machine if c.name == "Valdorf Feinpapier")
    assert valdorf.volume == 2
    assert valdorf.value_per_unit == pytest.approx(valdorf.economic_value / 2)
    assert "Paper machines" in volume_choices(analysis.model)
    assert "Region" not in volume_choices(analysis.model)  # categorical
    with pytest.raises(PricingError, match="volume: “Region”"):
        strategy_customers(analysis, "Small and mid-size mills", volume="Region")
    with pytest.raises(PricingError, match="subsegment: “Tiny mills”"):
        strategy_customers(analysis, "Tiny mills")
