"""Stacked deductions: percentages that add on list versus compound, in order, exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from worth.engine.pricing import Deduction, PricingError, apply_deductions, stacked_percent


def test_adds_on_list_and_compounds_differ_by_the_product_of_the_rates() -> None:
    adds = apply_deductions(200, [Deduction("a", percent=10), Deduction("b", percent=5)])
    compounds = apply_deductions(
        200, [Deduction("a", percent=10), Deduction("b", percent=5, stacking="compounds")]
    )
    assert [d.amount for d in adds] == [Decimal(20), Decimal(10)]  # 10 % and 5 % of 200
    assert adds[-1].price_after == Decimal(170)
    assert [d.amount for d in compounds] == [Decimal(20), Decimal(9)]  # 5 % of 180
    assert compounds[-1].price_after == Decimal(171)


def test_a_compounding_percentage_applies_after_amounts_listed_before_it() -> None:
    steps = apply_deductions(
        "100", [Deduction("freight", amount="12.50"), Deduction("terms", percent=2, stacking="compounds")]
    )
    assert steps[1].amount == Decimal("1.75")  # 2 % of 87.50
    assert steps[1].price_after == Decimal("85.75")
    assert steps[0].stacking is None  # amounts have no stacking
    assert steps[1].stacking == "compounds"


def test_stacked_percent_ignores_amounts() -> None:
    deductions = [
        Deduction("a", percent=4),
        Deduction("b", amount=5),
        Deduction("c", percent=2, stacking="compounds"),
    ]
    assert stacked_percent(deductions) == Decimal("5.92")  # 100 - 96 x 0.98


@pytest.mark.parametrize(
    ("deductions", "message"),
    [
        ([Deduction("a", percent=60), Deduction("b", percent=50)], "'b'.*below zero"),
        ([Deduction("a")], "either a percent or an amount"),
        ([Deduction("a", percent=1, amount=1)], "either a percent or an amount"),
        ([Deduction("a", percent=-1)], r"'a'\.percent"),
    ],
)
def test_it_refuses_impossible_deductions(deductions: list[Deduction], message: str) -> None:
    with pytest.raises(PricingError, match=message):
        apply_deductions(100, deductions)
