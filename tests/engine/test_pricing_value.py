"""Economic value estimation, the better-off range and the share of value captured, by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from worth.engine.pricing import (
    ElementValue,
    PricingError,
    better_off_range,
    customer_incentive,
    economic_value,
    economic_value_from_elements,
    value_captured_share,
)


def test_it_adds_positive_and_subtracts_negative_differentiation_value() -> None:
    # NBA price 29,000 per machine-year; favourable elements worth 41,250.50; installation costs 3,100.25.
    value = economic_value(29000, "41250.50", "3100.25")
    assert value.differentiation_value == Decimal("38150.25")  # 41,250.50 - 3,100.25
    assert value.economic_value == Decimal("67150.25")  # 29,000 + 38,150.25
    assert value.economic_value_cents == Decimal("67150.25")


def test_it_sums_signed_element_values_into_the_two_sides() -> None:
    elements = [
        ElementValue("Unplanned downtime", "31000"),
        ElementValue("Bearing consumption", "6400.40"),
        ElementValue("Delivery", 0),  # a point of parity adds nothing
        ElementValue("Installation time", "-2400.15"),
        ElementValue("Training", "-600"),
    ]
    value = economic_value_from_elements("29000", elements)
    assert value.positive_differentiation == Decimal("37400.40")
    assert value.negative_differentiation == Decimal("3000.15")
    assert value.economic_value == Decimal("63400.25")  # 29,000 + 37,400.40 - 3,000.15


def test_the_range_runs_from_the_nba_price_to_the_eve() -> None:
    price_range = better_off_range(economic_value("100.004", "30.001", 0))
    assert price_range.floor == Decimal("100.00")
    assert price_range.ceiling == Decimal("130.01")  # 130.005 rounds half up
    assert price_range.premium_possible
    assert price_range.width == Decimal("30.01")
    assert price_range.leaves_customer_better_off("130.00")
    assert not price_range.leaves_customer_better_off("130.01")


def test_unfavourable_elements_that_outweigh_put_the_ceiling_below_the_nba_price() -> None:
    price_range = better_off_range(economic_value(100, 10, 25))
    assert price_range.floor is None
    assert price_range.ceiling == Decimal("85.00")
    assert not price_range.premium_possible
    assert price_range.width == 0
    assert price_range.leaves_customer_better_off(84.99)
    assert not price_range.leaves_customer_better_off(90)


def test_the_share_captured_is_the_premium_over_the_differentiation_value() -> None:
    value = economic_value(1000, 500, 100)  # differentiation value 400
    assert value_captured_share(1000, value) == Decimal("0.0000")
    assert value_captured_share(1100, value) == Decimal("0.2500")
    assert value_captured_share(1400, value) == Decimal("1.0000")
    assert value_captured_share(1500, value) == Decimal("1.2500")  # above the EVE
    assert value_captured_share(950, value) == Decimal("-0.1250")  # below the NBA price
    assert value_captured_share(1133.33, value) == Decimal("0.3333")  # 133.33 / 400 = 0.333325 -> 0.3333


def test_the_share_is_undefined_without_positive_differentiation_value() -> None:
    with pytest.raises(PricingError, match="differentiation_value"):
        value_captured_share(100, economic_value(100, 10, 10))


def test_the_customer_incentive_is_eve_minus_price_to_the_cent() -> None:
    value = economic_value(100, "20.005", 0)
    assert customer_incentive(110, value) == Decimal("10.01")  # 10.005 half up


@pytest.mark.parametrize(
    ("field", "args"),
    [
        ("nba_price", (-1, 10, 0)),
        ("positive_differentiation", (100, -10, 0)),
        ("negative_differentiation", (100, 10, -5)),
        ("nba_price", ("abc", 10, 0)),
    ],
)
def test_it_refuses_negative_or_non_numeric_inputs_naming_the_field(
    field: str, args: tuple[object, ...]
) -> None:
    with pytest.raises(PricingError, match=field):
        economic_value(*args)  # type: ignore[arg-type]
