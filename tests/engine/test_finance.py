"""NPV, IRR, payback and the profitability plan against numpy-financial and sums done by hand.

numpy-financial is the independent source: its published test values (numpy_financial/tests) and,
through hypothesis, its own ``npv`` and ``irr`` on generated series. The engine never imports it.
"""

from __future__ import annotations

from decimal import Decimal

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from worth.engine.finance import (
    FinanceError,
    ProfitabilityPlan,
    discounted_payback,
    irr,
    npv,
    payback,
    profitability,
)

# --- numpy-financial's published values ----------------------------------------------------------


def test_npv_matches_numpy_financials_decimal_test_value():
    # numpy_financial/tests/test_financial.py: npv(Decimal('0.05'), [...]) ==
    # Decimal('122.894854950942692161628715')
    assert npv("0.05", [-15000, 1500, 2500, 3500, 4500, 6000]) == Decimal("122.89")


def test_npv_near_the_irr_is_the_published_small_negative():
    # numpy-financial's docs: npv(0.281, [-100, 39, 59, 55, 20]) = -0.0084785916384548798
    assert npv("0.281", [-100, 39, 59, 55, 20]) == Decimal("-0.01")
    assert npv("0.281", [-10_000, 3_900, 5_900, 5_500, 2_000]) == Decimal("-0.85")  # x100 scale


@pytest.mark.parametrize(
    ("flows", "published", "places"),
    [
        ([-150000, 15000, 25000, 35000, 45000, 60000], 0.0524, 4),
        ([-100, 0, 0, 74], -0.0955, 4),
        ([-100, 39, 59, 55, 20], 0.28095, 5),
        ([-100, 100, 0, -7], -0.0833, 4),
        ([-100, 100, 0, 7], 0.06206, 5),
        ([-5, 10.5, 1, -8, 1], 0.0886, 4),
    ],
)
def test_irr_matches_numpy_financials_published_values(flows, published, places):
    rate = irr(flows)
    assert rate is not None
    assert round(float(rate), places) == pytest.approx(published, abs=10**-places / 2)
    # and to far more digits than published, numpy-financial's own float result
    assert float(rate) == pytest.approx(npf.irr(flows), abs=1e-9)


def test_irr_of_flows_that_never_change_sign_is_none_where_numpy_financial_gives_nan():
    assert irr([-1, -2, -3]) is None
    assert irr([1, 2, 3]) is None
    assert irr([0, 0, 0]) is None


def test_the_irr_makes_the_npv_zero():
    flows = [-150000, 15000, 25000, 35000, 45000, 60000]
    rate = irr(flows)
    assert rate is not None
    # at the rate rounded to 10 places, the NPV of 150,000 is within a cent of zero
    assert abs(npv(rate, flows)) <= Decimal("0.01")
    assert npv(rate - Decimal("0.001"), flows) > 0 > npv(rate + Decimal("0.001"), flows)


# --- payback by hand ------------------------------------------------------------------------------


def test_payback_interpolates_within_the_period_it_turns():
    # -100, then 30, 30, 30, 30: after 3 periods 10 are missing, 10/30 of period 4 -> 3.34 (up)
    assert payback([-100, 30, 30, 30, 30]) == Decimal("3.34")
    assert payback([-100, 100]) == Decimal("1.00")
    assert payback([50, 10]) == Decimal("0.00")
    assert payback([-100, 30, 30]) is None


def test_discounted_payback_is_later_than_plain_payback():
    flows = [-1000, 400, 400, 400, 400]
    plain = payback(flows)
    late = discounted_payback("0.10", flows)
    # by hand: 363.64, 330.58, 300.53 -> 994.74 after 3, 5.26 of 273.21 in period 4
    assert plain == Decimal("2.50")
    assert late == Decimal("3.02")


# --- the profitability plan -----------------------------------------------------------------------


def _plan(**changes: object) -> ProfitabilityPlan:
    values: dict[str, object] = {
        "periods": 4,
        "profit_at_full_adoption": 120_000,
        "adoption": ["0.25", "0.5", "0.75", "1"],
        "investment": 100_000,
        "discount_rate": "0.01",
        "running_cost": 10_000,
    }
    values.update(changes)
    return ProfitabilityPlan(**values)  # type: ignore[arg-type]


def test_profitability_rows_add_up_as_a_reader_checks_them():
    case = profitability(_plan())
    assert [row.incremental_profit for row in case.rows] == [
        Decimal("30000.00"),
        Decimal("60000.00"),
        Decimal("90000.00"),
        Decimal("120000.00"),
    ]
    assert [row.net_flow for row in case.rows] == [
        Decimal("20000.00"),
        Decimal("50000.00"),
        Decimal("80000.00"),
        Decimal("110000.00"),
    ]
    assert case.flows[0] == Decimal("-100000.00")
    assert case.total_incremental_profit == Decimal("300000.00")
    assert case.total_running_cost == Decimal("40000.00")
    assert case.total_net_flow == Decimal("160000.00")
    assert case.rows[-1].cumulative_net_flow == Decimal("160000.00")
    flows = [float(flow) for flow in case.flows]
    assert float(case.npv) == pytest.approx(npf.npv(0.01, flows), abs=0.005)
    assert case.irr is not None
    assert float(case.irr) == pytest.approx(npf.irr(flows), abs=1e-9)
    # -100,000 +20,000 +50,000 = -30,000 after period 2; 30,000 of 80,000 in period 3
    assert case.payback == Decimal("2.38")


def test_a_target_reached_names_the_period_and_a_missed_one_its_shortfall():
    case = profitability(_plan())
    met = case.target_reached(180_000, within=3)
    assert (met.reached, met.period, met.amount, met.shortfall) == (
        True,
        3,
        Decimal("180000.00"),
        Decimal("0.00"),
    )
    missed = case.target_reached(250_000, within=3)
    assert not missed.reached
    assert missed.period is None
    assert missed.period_in_plan == 4  # it comes in, one period late
    assert missed.shortfall == Decimal("70000.00")
    net = case.target_reached(100_000, within=4, basis="net")
    assert net.reached
    assert net.period == 4
    assert net.amount == Decimal("160000.00")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"periods": 0}, "periods: 0 is not at least 1"),
        ({"periods": 2.5}, "periods: 2.5 is not a whole number"),
        ({"adoption": ["0.5", "0.5"]}, "adoption: 2 values for 4 periods"),
        ({"adoption": ["0.25", "1.5", "0.75", "1"]}, "adoption in period 2: 1.5 is not a share"),
        ({"adoption": ["0.25", "half", "0.75", "1"]}, "adoption in period 2: 'half' is not a number"),
        ({"investment": -5}, "investment: -5 is negative"),
        ({"running_cost": "NaN"}, "running cost: NaN is not a finite number"),
        ({"discount_rate": -1}, "discount rate: -1 is not above -100 %"),
        ({"profit_at_full_adoption": "1e31"}, "profit at full adoption: 1e31 is too large"),
    ],
)
def test_a_bad_plan_names_the_field_and_the_value(changes, message):
    with pytest.raises(FinanceError) as raised:
        _plan(**changes)
    assert message in str(raised.value)


def test_a_bad_target_names_the_field():
    case = profitability(_plan())
    with pytest.raises(FinanceError, match=r"target: 0 is not above 0"):
        case.target_reached(0, within=2)
    with pytest.raises(FinanceError, match=r"within: 5 is beyond the plan's 4 periods"):
        case.target_reached(1, within=5)


def test_bad_flows_name_the_time_of_the_bad_one():
    with pytest.raises(FinanceError, match=r"cash flow at time 2: 'x' is not a number"):
        npv("0.1", [-1, 2, "x"])
    with pytest.raises(FinanceError, match=r"no flows given"):
        irr([])


# --- against numpy-financial on generated series ----------------------------------------------------

amounts = st.integers(min_value=-(10**7), max_value=10**7).map(lambda cents: Decimal(cents) / 100)


@settings(max_examples=150, deadline=None)
@given(
    rate=st.integers(min_value=-50, max_value=300).map(lambda bp: Decimal(bp) / 1000),
    flows=st.lists(amounts, min_size=1, max_size=40),
)
def test_npv_agrees_with_numpy_financial(rate, flows):
    expected = npf.npv(float(rate), [float(flow) for flow in flows])
    assert float(npv(rate, flows)) == pytest.approx(expected, abs=0.006)


@settings(max_examples=150, deadline=None)
@given(
    investment=st.integers(min_value=1, max_value=10**8),
    returns=st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=30).filter(any),
)
def test_irr_of_a_conventional_investment_agrees_with_numpy_financial(investment, returns):
    flows = [-investment, *returns]
    expected = npf.irr(flows)
    rate = irr(flows)
    assert rate is not None
    assert float(rate) == pytest.approx(expected, rel=1e-7, abs=1e-9)
