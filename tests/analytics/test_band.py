"""The pocket price band and guideline compliance against the hand calculation, then against pandas."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.analytics.invoice_data import (
    demo_lines,
    hand_lines,
    hand_policy,
    pandas_pocket,
    weighted_percentile,
)
from worth.analytics import AnalyticsError, guideline_compliance, out_of_policy_deals, pocket_price_band
from worth.engine.pricing import load_policy, parse_policy

EXAMPLE_POLICY = Path(__file__).resolve().parents[2] / "examples" / "pricing-policy.yaml"


def test_the_transaction_band_matches_the_hand_calculation(duck: Any) -> None:
    # Pocket % of list: L1 77.34 (10 units), L3 86 (60 units), L2 90 (30 units).
    # Cumulative volume share in that order: 0.10, 0.70, 1.00.
    report = pocket_price_band(duck.create_table("lines", hand_lines()))
    (band,) = report.groups
    assert (band.count, band.volume) == (3, 100.0)
    assert band.mean_pct == pytest.approx((773.4 + 60 * 86 + 30 * 90) / 100)  # 86.334
    assert (band.min_pct, band.max_pct) == pytest.approx((77.34, 90.0))
    assert band.spread == pytest.approx(12.66)
    assert dict(band.percentiles) == pytest.approx(
        {5: 77.34, 10: 77.34, 25: 86.0, 50: 86.0, 75: 90.0, 90: 90.0, 95: 90.0}
    )
    assert band.p10_p90_spread == pytest.approx(12.66)
    variance = (10 * 77.34**2 + 60 * 86**2 + 30 * 90**2) / 100 - 86.334**2
    assert band.std_pct == pytest.approx(math.sqrt(variance))
    # 2.5-point bins: [75, 77.5) holds L1, [85, 87.5) L3, [90, 92.5) L2.
    assert [(b.low, b.high, b.count) for b in band.bins] == [
        (75.0, 77.5, 1),
        (85.0, 87.5, 1),
        (90.0, 92.5, 1),
    ]
    assert [b.volume_share for b in band.bins] == pytest.approx([0.1, 0.6, 0.3])
    assert band.compliance is None


def test_the_customer_band_puts_each_customer_at_its_volume_weighted_pocket_pct(duck: Any) -> None:
    # Mill One (L1 + L2): pocket 773.40 + 5,400 over list 1,000 + 6,000 = 88.1914 %, 40 units.
    # Mill Three (L3): 86 %, 60 units.
    one = 6173.4 / 7000 * 100
    (band,) = pocket_price_band(duck.create_table("lines", hand_lines()), level="customer").groups
    assert (band.count, band.volume) == (2, 100.0)
    assert band.mean_pct == pytest.approx((40 * one + 60 * 86) / 100)
    assert (band.min_pct, band.max_pct) == pytest.approx((86.0, one))
    assert band.percentile(50) == pytest.approx(86.0)
    assert band.percentile(75) == pytest.approx(88.19)  # read on the 0.01 grid
    assert [b.low for b in band.bins] == [85.0, 87.5]
    assert [b.volume_share for b in band.bins] == pytest.approx([0.6, 0.4])


def test_compliance_counts_lines_within_below_and_above_and_the_revenue_lost(duck: Any) -> None:
    table = duck.create_table("lines", hand_lines())
    (overall,) = guideline_compliance(table, hand_policy())
    assert (overall.lines, overall.lines_covered, overall.lines_within) == (3, 3, 1)
    assert (overall.lines_below, overall.lines_above, overall.lines_out) == (1, 1, 2)
    assert (overall.volume_within, overall.volume_below) == (10.0, 60.0)
    assert overall.share_lines_within == pytest.approx(1 / 3)
    assert overall.share_volume_within == pytest.approx(0.1)
    assert overall.revenue_lost == pytest.approx(60.0)  # (44 - 43) x 60 units


def test_compliance_by_segment_puts_the_costliest_first(duck: Any) -> None:
    b, a = guideline_compliance(duck.create_table("lines", hand_lines()), hand_policy(), by="segment")
    assert (b.group, b.lines_below) == ("B", 1)
    assert b.revenue_lost == pytest.approx(60.0)
    assert (a.group, a.lines_within, a.lines_above, a.revenue_lost) == ("A", 1, 1, 0.0)


def test_lines_no_guideline_covers_are_neither_within_nor_outside(duck: Any) -> None:
    policy = parse_policy(
        "company: X\nguidelines:\n  - name: B only\n    segment: B\n    floor_pct_of_list: 80\n"
    )
    (overall,) = guideline_compliance(duck.create_table("lines", hand_lines()), policy)
    assert (overall.lines, overall.lines_covered, overall.lines_within, overall.lines_out) == (3, 1, 1, 0)
    assert overall.share_lines_within == 1.0
    assert overall.volume_covered == 60.0


def test_the_band_carries_compliance_and_the_guideline_marks(duck: Any) -> None:
    report = pocket_price_band(duck.create_table("lines", hand_lines()), policy=hand_policy(), by="segment")
    assert [(g.group, g.compliance.lines_out if g.compliance else None) for g in report.groups] == [
        ("B", 1),
        ("A", 1),
    ]
    assert [(m.guideline, m.limit, m.pct_of_list) for m in report.marks] == [
        ("B", "floor", 88.0),
        ("A large lines", "floor", 85.0),
        ("A large lines", "ceiling", 89.0),
    ]  # the absolute floor of guideline A cannot be drawn in % of list


def test_out_of_policy_deals_lists_the_lines_below_their_floor(duck: Any) -> None:
    (deal,) = out_of_policy_deals(duck.create_table("lines", hand_lines()), hand_policy())
    assert (deal.invoice_id, deal.line_no, deal.customer_name, deal.guideline) == (
        "INV-2",
        1,
        "Mill Three",
        "B",
    )
    assert (deal.floor_price, deal.pocket_price, deal.pocket_pct) == pytest.approx((44.0, 43.0, 86.0))
    assert deal.revenue_lost == pytest.approx(60.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"level": "invoice"}, "level='invoice'"),
        ({"bin_width": 0}, "bin_width"),
        ({"by": "colour"}, "by='colour'"),
    ],
)
def test_bad_band_requests_raise(duck: Any, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(AnalyticsError, match=message):
        pocket_price_band(duck.create_table("lines", hand_lines()), **kwargs)


def test_a_policy_without_guidelines_cannot_be_checked(duck: Any) -> None:
    with pytest.raises(AnalyticsError, match="no guidelines"):
        guideline_compliance(duck.create_table("lines", hand_lines()), parse_policy("company: X\n"))


def _pandas_floor(df: pd.DataFrame, policy: Any) -> tuple[np.ndarray, np.ndarray]:
    """First matching guideline per line, written out with numpy (floor and ceiling per unit)."""
    floor = np.full(len(df), np.nan)
    ceiling = np.full(len(df), np.nan)
    taken = np.zeros(len(df), dtype=bool)
    for g in policy.guidelines:
        match = ~taken
        if g.segment is not None:
            match &= (df["segment"] == g.segment).to_numpy()
        if g.products is not None:
            any_product = np.zeros(len(df), dtype=bool)
            for p in g.products:
                any_product |= (
                    df["product"].str.startswith(p[:-1]) if p.endswith("*") else df["product"] == p
                ).to_numpy()
            match &= any_product
        if g.min_quantity is not None:
            match &= (df["quantity"] >= float(g.min_quantity)).to_numpy()
        if g.max_quantity is not None:
            match &= (df["quantity"] < float(g.max_quantity)).to_numpy()
        floor[match] = df["list_price"].to_numpy()[match] * float(g.floor_pct_of_list) / 100
        if g.ceiling_pct_of_list is not None:
            ceiling[match] = df["list_price"].to_numpy()[match] * float(g.ceiling_pct_of_list) / 100
        taken |= match
    return floor, ceiling


def test_the_band_and_compliance_on_generated_data_agree_with_pandas(duck: Any) -> None:
    lines = demo_lines(20_000)
    policy = load_policy(EXAMPLE_POLICY)
    report = pocket_price_band(duck.create_table("demo", lines), policy=policy, by="segment")
    df = pandas_pocket(lines)
    floor, ceiling = _pandas_floor(df, policy)
    df["below"] = df["pocket"] < floor - 1e-9
    df["above"] = df["pocket"] > ceiling + 1e-9
    df["lost"] = np.where(df["below"], (floor - df["pocket"]) * df["quantity"], 0.0)
    for band in report.groups:
        part = df[df["segment"] == band.group]
        pct, w = part["pct"].to_numpy(), part["quantity"].to_numpy()
        assert band.count == len(part)
        assert band.volume == w.sum()
        assert band.mean_pct == pytest.approx(np.average(pct, weights=w), rel=1e-12)
        assert (band.min_pct, band.max_pct) == pytest.approx((pct.min(), pct.max()), rel=1e-12)
        for p, value in band.percentiles:
            assert value == pytest.approx(weighted_percentile(pct, w, p), abs=0.0051), p
        bins = part.groupby(np.floor(pct / 2.5))["quantity"].sum() / w.sum()
        assert [b.low for b in band.bins] == [k * 2.5 for k in bins.index]
        assert [b.volume_share for b in band.bins] == pytest.approx(bins.to_list(), rel=1e-12)
        c = band.compliance
        assert c is not None
        assert c.lines_below == part["below"].sum()
        assert c.lines_above == part["above"].sum()
        assert (
            c.lines_within == len(part) - part["below"].sum() - part["above"].sum()
        )  # every line is covered
        assert c.revenue_lost == pytest.approx(part["lost"].sum(), rel=1e-10)
    # The demo's over-discounting salesperson keeps fewer deals within the guidelines than anyone else.
    by_person = guideline_compliance(duck.create_table("demo2", lines), policy, by="salesperson")
    worst = min(by_person, key=lambda c: c.share_lines_within or 0.0)
    assert worst.group == "SP04 West"


def test_the_customer_band_on_generated_data_agrees_with_pandas(duck: Any) -> None:
    lines = demo_lines(20_000)
    (band,) = pocket_price_band(duck.create_table("demo", lines), level="customer").groups
    df = pandas_pocket(lines)
    df["pocket_value"] = df["pocket"] * df["quantity"]
    df["list_value"] = df["list_price"] * df["quantity"]
    per = df.groupby("customer_id")[["pocket_value", "list_value", "quantity"]].sum()
    pct = (per["pocket_value"] / per["list_value"] * 100).to_numpy()
    w = per["quantity"].to_numpy()
    assert band.count == len(per) == 40
    assert band.mean_pct == pytest.approx(np.average(pct, weights=w), rel=1e-12)
    assert band.percentile(50) == pytest.approx(weighted_percentile(pct, w, 50), abs=0.0051)


@pytest.mark.parametrize("level", ["transaction", "customer"])
def test_bands_by_customer_are_labelled_with_the_name(duck: Any, level: str) -> None:
    report = pocket_price_band(duck.create_table("lines", hand_lines()), by="customer", level=level)  # type: ignore[arg-type]
    assert [(b.group, b.label, b.volume) for b in report.groups] == [
        ("C3", "Mill Three", 60.0),
        ("C1", "Mill One", 40.0),
    ]
