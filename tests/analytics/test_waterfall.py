"""The pocket price waterfall against the hand calculation, and against pandas on generated data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tests.analytics.invoice_data import demo_lines, hand_lines, pandas_pocket
from worth.analytics import AnalyticsError, pocket_price_waterfall

# Volume 10 + 30 + 60 = 100 units; list value 1,000 + 6,000 + 3,000 = 10,000 -> 100.00 per unit.
OVERALL = {
    "list_price": 100.0,
    "order_size_discount": 2.30,  # (10 x 5 + 60 x 3) / 100
    "competitive_discount": 5.20,  # (10 x 10 + 30 x 10 + 60 x 2) / 100
    "other_on_invoice": 0.20,  # 20 / 100
    "invoice_price": 92.30,  # (10 x 83 + 30 x 190 + 60 x 45) / 100 = 9,230 / 100
    "payment_terms_cost": 0.706,  # (10 x 1.66 + 60 x 0.90) / 100
    "annual_volume_rebate": 1.80,  # (30 + 150) / 100
    "cooperative_advertising": 0.60,  # 60 / 100
    "freight": 1.66,  # (10 + 90 + 66) / 100
    "pocket_price": 87.534,  # (10 x 77.34 + 30 x 180 + 60 x 43) / 100 = 8,753.40 / 100
}


def test_the_overall_waterfall_matches_the_hand_calculation(duck: Any) -> None:
    report = pocket_price_waterfall(duck.create_table("lines", hand_lines()))
    (overall,) = report.groups
    assert overall.group is None
    assert overall.lines == 3
    assert overall.volume == 100.0
    assert [s.key for s in overall.steps] == list(OVERALL)
    for key, expected in OVERALL.items():
        assert overall.step(key).per_unit == pytest.approx(expected, abs=1e-9), key
        assert overall.step(key).pct_of_list == pytest.approx(expected, abs=1e-9), key  # list is 100
    assert overall.pocket_revenue == pytest.approx(8753.40)
    assert overall.step("pocket_price").per_unit_cents == Decimal("87.53")
    assert overall.step("payment_terms_cost").per_unit_cents == Decimal("0.71")  # 0.706 half up


def test_the_waterfall_shows_how_each_item_was_recorded_and_stacked(duck: Any) -> None:
    (overall,) = pocket_price_waterfall(duck.create_table("lines", hand_lines())).groups
    shown = {s.key: (s.kind, s.stage, s.basis, s.stacking) for s in overall.steps}
    assert shown["list_price"] == ("start", "list", None, None)
    assert shown["order_size_discount"] == ("deduction", "on-invoice", "percent", "adds-on-list")
    assert shown["other_on_invoice"] == ("deduction", "on-invoice", "line-amount", None)
    assert shown["invoice_price"] == ("subtotal", "invoice", None, None)
    assert shown["payment_terms_cost"] == ("deduction", "off-invoice", "percent", "compounds")
    assert shown["pocket_price"] == ("subtotal", "pocket", None, None)


def test_the_waterfall_by_segment_weights_each_segment_by_its_own_volume(duck: Any) -> None:
    report = pocket_price_waterfall(duck.create_table("lines", hand_lines()), by="segment")
    b, a = report.groups  # largest volume first: B has 60 units, A 40
    assert (b.group, b.volume, a.group, a.volume) == ("B", 60.0, "A", 40.0)
    # A: list (1,000 + 6,000) / 40 = 175; invoice (830 + 5,700) / 40 = 163.25; pocket 6,173.40 / 40.
    assert a.list_price == pytest.approx(175.0)
    assert a.invoice_price == pytest.approx(163.25)
    assert a.step("payment_terms_cost").per_unit == pytest.approx(16.6 / 40)
    assert a.pocket_price == pytest.approx(154.335)
    assert a.step("pocket_price").pct_of_list == pytest.approx(154.335 / 175 * 100)
    assert (b.list_price, b.invoice_price) == pytest.approx((50.0, 45.0))
    assert b.pocket_price == pytest.approx(43.0)


def test_the_waterfall_by_customer_is_labelled_with_the_name(duck: Any) -> None:
    report = pocket_price_waterfall(duck.create_table("lines", hand_lines()), by="customer")
    assert [(g.group, g.label, g.lines) for g in report.groups] == [
        ("C3", "Mill Three", 1),
        ("C1", "Mill One", 2),
    ]


def test_filters_and_dates_narrow_the_lines(duck: Any) -> None:
    table = duck.create_table("lines", hand_lines())
    (s1,) = pocket_price_waterfall(table, where={"salesperson": "S1"}).groups
    assert s1.volume == 70.0
    assert s1.pocket_price == pytest.approx((773.4 + 60 * 43) / 70)
    (june,) = pocket_price_waterfall(
        table, date_from=dt.date(2025, 6, 1), date_to=dt.date(2025, 6, 30)
    ).groups
    assert june.lines == 1
    (two,) = pocket_price_waterfall(table, where={"product": ["SRB 1", "SRB 2"]}).groups
    assert two.lines == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "region"}, "by='region'"),
        ({"where": {"colour": "red"}}, "filter 'colour'"),
        ({"where": {"segment": "nobody"}}, "no invoice lines"),
    ],
)
def test_bad_requests_raise_an_analytics_error(duck: Any, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(AnalyticsError, match=message):
        pocket_price_waterfall(duck.create_table("lines", hand_lines()), **kwargs)


def test_the_waterfall_on_generated_data_agrees_with_pandas(duck: Any) -> None:
    lines = demo_lines(20_000)
    report = pocket_price_waterfall(duck.create_table("demo", lines), by="salesperson")
    df = pandas_pocket(lines)
    columns = {
        "order_size_discount": "u_order_size",
        "competitive_discount": "u_competitive",
        "other_on_invoice": "u_other",
        "invoice_price": "invoice",
        "payment_terms_cost": "u_terms",
        "annual_volume_rebate": "u_rebate",
        "cooperative_advertising": "u_coop",
        "freight": "u_freight",
        "pocket_price": "pocket",
        "list_price": "list_price",
    }
    assert len(report.groups) == df["salesperson"].nunique()
    for group in report.groups:
        part = df[df["salesperson"] == group.group]
        volume = part["quantity"].sum()
        assert group.volume == volume
        for key, column in columns.items():
            expected = (part[column] * part["quantity"]).sum() / volume
            assert group.step(key).per_unit == pytest.approx(expected, rel=1e-10), (group.group, key)
