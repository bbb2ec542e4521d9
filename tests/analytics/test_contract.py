"""The invoice contract: reading it, its errors, and custom items computed as the hand says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from worth.analytics import (
    DEFAULT_CONTRACT,
    ContractError,
    load_contract,
    parse_contract,
    pocket_price_waterfall,
)


def test_the_default_contract_lists_the_items_in_waterfall_order() -> None:
    assert DEFAULT_CONTRACT.item_columns == (
        "order_size_discount",
        "competitive_discount",
        "other_on_invoice",
        "payment_terms_cost",
        "annual_volume_rebate",
        "cooperative_advertising",
        "freight",
    )
    assert [i.column for i in DEFAULT_CONTRACT.on_invoice] == list(DEFAULT_CONTRACT.item_columns[:3])


def test_unit_amounts_and_compounding_percentages_follow_the_order_of_the_items(duck: Any) -> None:
    contract = parse_contract(
        """
items:
  - {column: promo, label: Promotion, stage: on-invoice, basis: unit-amount}
  - {column: extra, label: Extra, stage: on-invoice, basis: percent, stacking: compounds}
  - {column: terms, label: Terms, stage: off-invoice, basis: percent, stacking: compounds}
  - {column: bonus, label: Bonus, stage: off-invoice, basis: percent}
"""
    )
    lines = pa.table(
        {
            "invoice_id": ["A", "B"],
            "line_no": [1, 1],
            "date": pa.array([19000, 19001], pa.date32()),
            "customer_id": ["C", "C"],
            "segment": ["S", "S"],
            "salesperson": ["P", "P"],
            "product": ["X", "X"],
            "quantity": [1.0, 3.0],
            "list_price": [200.0, 100.0],
            "promo": [20.0, 0.0],
            "extra": [10.0, 10.0],
            "terms": [5.0, 0.0],
            "bonus": [1.0, 2.0],
        }
    )
    # A: 200 - 20 = 180; 10 % of 180 = 18 -> invoice 162; 5 % of 162 = 8.10 -> 153.90; 1 % of list 2 -> 151.90
    # B: 100 - 0; 10 % of 100 = 10 -> invoice 90; terms 0; 2 % of list = 2 -> 88 (3 units)
    (overall,) = pocket_price_waterfall(duck.create_table("lines", lines), contract=contract).groups
    assert overall.volume == 4.0
    assert overall.list_price == pytest.approx((200 + 300) / 4)
    assert overall.step("promo").per_unit == pytest.approx(20 / 4)
    assert overall.step("extra").per_unit == pytest.approx((18 + 3 * 10) / 4)
    assert overall.invoice_price == pytest.approx((162 + 3 * 90) / 4)
    assert overall.step("terms").per_unit == pytest.approx(8.10 / 4)
    assert overall.step("bonus").per_unit == pytest.approx((2 + 3 * 2) / 4)
    assert overall.pocket_price == pytest.approx((151.90 + 3 * 88) / 4)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("items: [{column: a, label: A, stage: off-invoice, basis: percent}, "
         "{column: b, label: B, stage: on-invoice, basis: percent}]", "on-invoice items before"),
        ("items: [{column: quantity, label: Q, stage: on-invoice, basis: percent}]", "reuse the fixed"),
        ("items: [{column: a, label: A, stage: on-invoice, basis: share}]", r"items\[0\]\.basis"),
        ("columns: {Qty: quantity, Units: quantity}", "same contract column"),
        ("columns: {Colour: colour}", "names the contract does not have: colour"),
        ("[1, 2]", "is a mapping"),
        ("items: [", "not valid YAML"),
    ],
)  # fmt: skip
def test_contract_errors_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(ContractError, match=message):
        parse_contract(text)


def test_an_empty_contract_file_is_the_default(tmp_path: Path) -> None:
    path = tmp_path / "contract.yaml"
    path.write_text("", encoding="utf-8")
    assert load_contract(path) == DEFAULT_CONTRACT
    with pytest.raises(ContractError, match="cannot read"):
        load_contract(tmp_path / "missing.yaml")
