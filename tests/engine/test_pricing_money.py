"""Money a person reads is rounded to the cent, half away from zero, from the decimal that was written."""

from __future__ import annotations

import doctest
import importlib
from decimal import Decimal

import pytest

from worth.engine.pricing import PricingError, to_cents, to_decimal

MODULES = ["money", "value", "options", "value_map", "stacking"]


@pytest.mark.parametrize(
    ("given", "cents"),
    [
        (2.675, "2.68"),  # float 2.675 is 2.67499999... in binary; Worth reads the decimal written
        (1.005, "1.01"),  # round(1.005, 2) == 1.0 in Python floats
        (2.665, "2.67"),
        ("-0.125", "-0.13"),  # half away from zero, also below zero
        (Decimal("19.994"), "19.99"),
        (7, "7.00"),
        ("  12.5 ", "12.50"),
    ],
)
def test_it_rounds_half_up_to_the_cent(given: object, cents: str) -> None:
    result = to_cents(given)  # type: ignore[arg-type]
    assert result == Decimal(cents)
    assert str(result) == cents


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "twelve", "", True, "NaN"])
def test_it_refuses_what_is_not_a_finite_number_naming_the_field(bad: object) -> None:
    with pytest.raises(PricingError, match="list_price"):
        to_decimal(bad, field="list_price")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(f"worth.engine.pricing.{name}")
    failures, tried = doctest.testmod(module)
    assert tried > 0
    assert failures == 0
