"""Penetration versus skimming: profit under the user's volume assumptions, worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worth.engine.pricing import PriceOption, PricingError, compare_price_options, economic_value


def test_it_works_out_profit_per_option_and_labels_the_strategies() -> None:
    value = economic_value(29000, 45000, 3000)  # EVE 71,000, differentiation value 42,000
    comparison = compare_price_options(
        [
            PriceOption("penetration", 40000, 120, 24000, fixed_cost=150000),
            PriceOption("list", 52000, 80, 24000, fixed_cost=150000),
            PriceOption("skimming", 64000, 45, "24000.50", fixed_cost=150000),
        ],
        value,
    )
    low, mid, high = comparison.options
    assert (low.strategy, mid.strategy, high.strategy) == ("penetration", "intermediate", "skimming")
    # 40,000 x 120 = 4,800,000 revenue; (40,000 - 24,000) x 120 = 1,920,000; less 150,000 fixed.
    assert low.revenue == Decimal("4800000.00")
    assert low.contribution == Decimal("1920000.00")
    assert low.profit == Decimal("1770000.00")
    assert low.customer_incentive == Decimal("31000.00")  # 71,000 - 40,000
    assert low.value_captured_share == Decimal("0.2619")  # 11,000 / 42,000 = 0.261904...
    # (52,000 - 24,000) x 80 - 150,000 = 2,090,000
    assert mid.profit == Decimal("2090000.00")
    # (64,000 - 24,000.50) x 45 = 1,799,977.50; less 150,000
    assert high.unit_contribution == Decimal("39999.50")
    assert high.profit == Decimal("1649977.50")
    assert high.value_captured_share == Decimal("0.8333")  # 35,000 / 42,000
    assert comparison.most_profitable == "list"
    assert all(o.customer_better_off for o in comparison.options)


def test_it_marks_a_price_at_or_above_the_eve_as_leaving_the_customer_no_better_off() -> None:
    value = economic_value(100, 20, 0)
    comparison = compare_price_options([PriceOption("at eve", 120, 10, 50)], value)
    (only,) = comparison.options
    assert only.strategy == "single"
    assert not only.customer_better_off
    assert only.customer_incentive == Decimal("0.00")


def test_the_share_is_none_when_unfavourable_elements_outweigh() -> None:
    comparison = compare_price_options([PriceOption("a", 80, 10, 50)], economic_value(100, 5, 20))
    assert comparison.options[0].value_captured_share is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([], "at least one"),
        ([PriceOption("a", 1, 1, 1), PriceOption("a", 2, 1, 1)], "unique"),
        ([PriceOption("a", 10, -1, 1)], r"options\['a'\]\.volume"),
        ([PriceOption("a", 10, 1, "x")], r"options\['a'\]\.unit_cost"),
    ],
)
def test_it_refuses_bad_options_with_a_clear_message(options: list[PriceOption], message: str) -> None:
    with pytest.raises(PricingError, match=message):
        compare_price_options(options, economic_value(100, 20, 0))


cents = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)


@given(price=cents, cost=cents, volume=st.integers(min_value=0, max_value=100000), fixed=cents)
def test_profit_is_price_less_cost_times_volume_less_fixed_cost(
    price: Decimal, cost: Decimal, volume: int, fixed: Decimal
) -> None:
    (result,) = compare_price_options(
        [PriceOption("x", price, volume, cost, fixed)], economic_value(1, 1)
    ).options
    assert result.profit == (price - cost) * volume - fixed  # exact: cents times whole units stay in cents
    assert result.revenue == price * volume
