"""value_price in one call, and the text tables shared by the terminal and the web."""

from __future__ import annotations

from decimal import Decimal

import pytest

from worth.engine.pricing import PricingError, value_price
from worth.engine.pricing.text import percent, text_table


def test_value_price_puts_the_pieces_together() -> None:
    result = value_price(29000, 45000, 3000, prices=[40000, 64000], volumes=[120, 45], unit_cost=24000)
    assert result.value.economic_value == Decimal(71000)
    assert (result.price_range.floor, result.price_range.ceiling) == (
        Decimal("29000.00"),
        Decimal("71000.00"),
    )
    rows = result.option_rows()
    assert [(r["option"], r["profit"], r["most_profitable"]) for r in rows] == [
        ("price 1", Decimal("1920000.00"), True),  # (40,000 - 24,000) x 120
        ("price 2", Decimal("1800000.00"), False),  # (64,000 - 24,000) x 45
    ]
    assert [p.label for p in result.value_map.points] == ["NBA", "penetration", "skimming"]
    table = result.option_table()
    assert table.columns[0] == "option"
    assert table.rows[0][:3] == ("price 1 (most profit)", "penetration", "40,000.00")
    assert table.rows[0][-1] == "26.19 %"  # 11,000 / 42,000
    assert result.explanation("USD")[0] == "Economic value to the customer: 71,000.00 USD"


def test_value_price_explains_when_unfavourable_elements_outweigh() -> None:
    result = value_price(100, 10, 25)
    assert result.comparison is None
    assert result.option_rows() == []
    assert "better off only below 85.00" in result.explanation()[-1]


def test_value_price_needs_one_volume_per_price() -> None:
    with pytest.raises(PricingError, match="one volume per price"):
        value_price(100, 10, prices=[110, 120], volumes=[5])


def test_text_tables_format_and_mark_missing_values() -> None:
    table = text_table(
        "T", [{"a": 1.234}, {"a": None}], [("a", percent("a", " %"), True)], strong=lambda r: r["a"] is None
    )
    assert table.rows == (("1.23 %",), ("-",))
    assert table.strong == (False, True)
    assert table.numeric == (True,)
