"""The mix of business and the customer's business against ``tests.analytics.mix_data``, by hand."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.csv as pacsv
import pytest

from tests.analytics.mix_data import MIX_CSV
from worth.analytics import AnalyticsError
from worth.analytics.mix import business_mix, share_of_business
from worth.exports.charts import render_svg, write_chart
from worth.exports.charts.mix import mix_chart


def _table(duck: Any) -> Any:
    return duck.create_table("lines", pacsv.read_csv(io.BytesIO(MIX_CSV.encode())))


def test_each_segments_products_ranked_by_what_they_keep(duck: Any) -> None:
    report = business_mix(_table(duck))
    assert (report.first, report.last, report.days) == (dt.date(2025, 1, 1), dt.date(2025, 3, 14), 73)
    large, small = report.segments  # the larger pocket revenue first
    assert (large.segment, large.lines, large.units, large.customers) == ("large", 5, 41, 2)
    assert (large.list_revenue, large.pocket_revenue) == (pytest.approx(4600), pytest.approx(4160))
    assert large.realization == pytest.approx(4160 / 4600)
    assert [p.product for p in large.products] == ["P1", "P2", "P3"]
    p1, p2, p3 = large.products
    assert (p1.lines, p1.units, p1.customers) == (2, 30, 2)
    assert (p1.list_revenue, p1.pocket_revenue) == (pytest.approx(3000), pytest.approx(2800))
    assert p1.realization == pytest.approx(2800 / 3000)  # 93.33 %
    assert p1.revenue_share == pytest.approx(2800 / 4160)  # 67.31 %
    assert (p2.realization, p2.revenue_share) == (pytest.approx(1200 / 1400), pytest.approx(1200 / 4160))
    assert (p3.realization, p3.revenue_share, p3.customers) == (
        pytest.approx(0.8),
        pytest.approx(160 / 4160),
        1,
    )
    assert (small.segment, small.customers, small.pocket_revenue) == ("small", 1, pytest.approx(1150))
    assert [(p.product, p.realization) for p in small.products] == [
        ("P3", pytest.approx(0.9)),
        ("P1", pytest.approx(0.7)),
    ]
    assert small.products[0].revenue_share == pytest.approx(450 / 1150)  # 39.13 %


def test_each_customers_products_and_what_its_peers_buy(duck: Any) -> None:
    c2, c1, c3 = business_mix(_table(duck)).customers
    assert (c2.customer_id, c2.name, c2.segment, c2.lines) == ("C2", "Mill South", "large", 2)
    assert c2.pocket_revenue == pytest.approx(2200)
    assert (c2.products, c2.segment_products, c2.candidates, c2.more_candidates) == (2, 3, ("P3",), 0)
    assert (c1.customer_id, c1.pocket_revenue) == ("C1", pytest.approx(1960))
    assert (c1.products, c1.segment_products, c1.candidates) == (3, 3, ())
    assert (c3.customer_id, c3.products, c3.segment_products, c3.candidates) == ("C3", 2, 2, ())
    assert (c2.share, c2.yearly_purchases) == (None, None)


def test_the_share_of_the_customers_business_is_annualized(duck: Any) -> None:
    report = business_mix(_table(duck))
    given = share_of_business(report, {"C2": Decimal(20000), "C3": Decimal(5000)})
    c2, c1, c3 = given.customers
    assert c2.share == pytest.approx(2200 * 5 / 20000)  # 73 days: a fifth of a year; 55 %
    assert (c2.yearly_purchases, c2.over_all_of_it) == (Decimal(20000), False)
    assert c3.share == pytest.approx(1150 * 5 / 5000)  # 115 %: more than the customer says it buys
    assert c3.over_all_of_it
    assert (c1.share, c1.over_all_of_it) == (None, False)


@pytest.mark.parametrize(
    ("purchases", "message"),
    [
        ({"C9": Decimal(100)}, "C9: no customer of that id"),
        ({"C2": Decimal(0)}, "C2: yearly purchases must be above 0"),
    ],
)
def test_a_purchase_the_lines_cannot_take_is_refused(
    duck: Any, purchases: dict[str, Decimal], message: str
) -> None:
    with pytest.raises(AnalyticsError, match=message):
        share_of_business(business_mix(_table(duck)), purchases)


def test_filters_and_dates_choose_the_lines_and_the_period(duck: Any) -> None:
    table = _table(duck)
    report = business_mix(table, date_to=dt.date(2025, 2, 28))
    assert [s.segment for s in report.segments] == ["large"]  # the small mill's lines are in March
    assert (report.first, report.last, report.days) == (dt.date(2025, 1, 1), dt.date(2025, 2, 28), 59)
    only = business_mix(table, where={"segment": "small"})
    assert [c.customer_id for c in only.customers] == ["C3"]
    with pytest.raises(AnalyticsError, match="no invoice lines"):
        business_mix(table, where={"segment": "none"})


def test_the_chart_has_a_dot_per_product_and_segment(duck: Any, tmp_path: Path) -> None:
    spec = mix_chart(business_mix(_table(duck)))
    dots = [(v["segment"], v["product"], v["kept"], v["share"]) for v in spec["data"]["values"]]
    assert dots == [
        ("large", "P1", 93.33, 67.3),
        ("large", "P2", 85.71, 28.8),
        ("large", "P3", 80.0, 3.8),
        ("small", "P3", 90.0, 39.1),
        ("small", "P1", 70.0, 60.9),
    ]
    assert spec["facet"]["row"]["sort"] == ["large", "small"]
    assert "<svg" in render_svg(spec)
    assert write_chart(spec, tmp_path / "mix.png").stat().st_size > 1000
