"""How result tables round numbers for a person."""

from __future__ import annotations

import pytest

from worth.apps.core.templatetags.worth_rows import format_cell


@pytest.mark.parametrize(
    ("key", "value", "unit", "shown"),
    [
        ("mean", 387006.36, "", "387,006"),
        ("swing", 12.345, "", "12.35"),
        ("S1", 0.01234, "", "0.0123"),
        ("P(delta value > delta price)", 0.98205, "", "98.2%"),
        ("low setting", 0.365, "%", "36.5%"),
        ("low setting", 0.365, "USD/h", "0.365"),
        ("rank", 1200, "", "1,200"),
        ("offer still wins", True, "", "yes"),
        ("mean", float("nan"), "", "—"),
        ("mean", None, "", "—"),
        ("driver", "Electricity price", "", "Electricity price"),
    ],
)
def test_cells_are_rounded_for_reading(key: str, value: object, unit: str, shown: str) -> None:
    assert format_cell(key, value, unit=unit) == shown


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("value at low", 311759.4, "$311,759"),
        ("swing", -170.5, "-$171"),
        ("P10", 250000.0, "$250,000"),
        ("P(value > delta price)", 0.5, "50.0%"),
        ("predicted total value", 1234.5, "$1,235"),
        ("95% low", 1000.0, "$1,000"),
        ("low setting", 29.8, "29.80"),
        ("rank", 3, "3"),
    ],
)
def test_money_columns_carry_the_currency(key: str, value: object, shown: str) -> None:
    assert format_cell(key, value, currency="USD") == shown
    assert format_cell("mean", 5.0, currency="CHF") == "5 CHF"
