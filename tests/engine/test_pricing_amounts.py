"""The one reader of ``NAME=AMOUNT`` boxes: the whole box or a message naming the line."""

from __future__ import annotations

from decimal import Decimal

import pytest

from worth.engine.pricing import PricingError
from worth.engine.pricing.amounts import read_named_amounts


def test_each_line_gives_a_name_and_its_amount() -> None:
    text = "C1=20,000\n\n  Mill = North = 1.5 \nC3=-4"
    assert read_named_amounts(text) == {
        "C1": Decimal(20000),
        "Mill = North": Decimal("1.5"),
        "C3": Decimal(-4),
    }
    assert read_named_amounts("   \n") == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("C1=10\noops", "line 2, “oops”: write CUSTOMER_ID=AMOUNT, e.g. C1=5000"),
        ("=10", "line 1, “=10”: write CUSTOMER_ID=AMOUNT"),
        ("C1=ten", "line 1, “C1=ten”: write CUSTOMER_ID=AMOUNT"),
        ("C1=inf", "line 1, “C1=inf”"),
        ("C1=1\nC1=2", "line 2, “C1=2”: C1 is given on line 1 already"),
        ("C1=1\nC2=2\nC3=3", "3 lines; at most 2"),
        ("C1=1\n\nC9=2", "line 3, “C9=2”: no customer of that id"),
        ("C2=0", "line 1, “C2=0”: the amount must be above 0"),
    ],
)
def test_a_bad_line_names_itself(text: str, message: str) -> None:
    with pytest.raises(PricingError) as refused:
        read_named_amounts(
            text,
            name="CUSTOMER_ID",
            example="C1=5000",
            most=2,
            known={"C1", "C2", "C3"},
            unknown="no customer of that id",
            positive=True,
        )
    assert message in str(refused.value)
