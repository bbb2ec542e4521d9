"""The mix of business page and its API on the seven hand lines of ``tests.analytics.mix_data``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from tests.analytics.mix_data import MIX_CSV
from tests.web.conftest import World
from tests.web.test_pricing_support import import_lines, json_script
from worth.apps.pricing.models import CostStructure, InvoiceDataset


@pytest.fixture(autouse=True)
def inline_jobs_and_data(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.WORTH_JOBS_INLINE = True  # type: ignore[attr-defined]
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    return tmp_path


@pytest.fixture
def dataset(world: World) -> InvoiceDataset:
    import_lines(world.client_for(world.analyst), world.project, MIX_CSV)
    return InvoiceDataset.objects.get()


def _get(world: World, dataset: InvoiceDataset, query: str = "") -> tuple[int, str]:
    response = world.client_for(world.viewer).get(reverse("pricing:mix", args=[dataset.pk]) + query)
    return response.status_code, response.content.decode()


def _row(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</tr>", start)]


def test_the_products_of_each_segment_ranked_by_what_they_keep(world: World, dataset: InvoiceDataset) -> None:
    status, html = _get(world, dataset)
    assert status == 200
    assert "Margin needs product costs, which invoice lines do not hold" in html
    large = html[html.index('data-segment="large"') : html.index('data-segment="small"')]
    # P1 2,800 of 3,000 (93.3 %), 67.3 % of the segment's 4,160; P2 1,200 of 1,400; P3 160 of 200
    assert large.index("<td>P1</td>") < large.index("<td>P2</td>") < large.index("<td>P3</td>")
    p1 = _row(large, "<td>P1</td>")
    assert all(f in p1 for f in ("$3,000", "$2,800", "93.3%", "67.3%", "2 of 2"))
    assert all(f in _row(large, "<td>P2</td>") for f in ("$1,400", "$1,200", "85.7%", "28.8%"))
    assert all(f in _row(large, "<td>P3</td>") for f in ("80.0%", "3.8%", "1 of 2"))
    assert "pocket revenue $4,160, 90.4% of list" in large
    small = html[html.index('data-segment="small"') :]
    assert small.index("<td>P3</td>") < small.index("<td>P1</td>")  # 90 % before 70 %
    chart = json.loads(json_script(html, "mix-chart-spec"))
    assert [(v["product"], v["kept"]) for v in chart["data"]["values"]][:3] == [
        ("P1", 93.33),
        ("P2", 85.71),
        ("P3", 80.0),
    ]
    assert "73" in _row(html, "<dt>Days</dt>")


def test_each_customer_and_what_its_peers_buy(world: World, dataset: InvoiceDataset) -> None:
    html = _get(world, dataset)[1]
    south, north, east = (_row(html, f'data-customer="{c}"') for c in ("C2", "C1", "C3"))
    assert (
        html.index('data-customer="C2"') < html.index('data-customer="C1"') < html.index('data-customer="C3"')
    )
    assert "$2,200" in south
    assert "2 of 3" in south
    assert "<td>P3</td>" in south  # Mill North buys P3; Mill South does not
    assert "$1,960" in north
    assert "3 of 3" in north
    assert "none" in north
    assert "2 of 2" in east
    assert 'id="no-candidates"' not in html


def test_the_share_of_the_customers_business(world: World, dataset: InvoiceDataset) -> None:
    status, html = _get(world, dataset, "?spend=C2%3D20%2C000%0A%0AC3%3D5000")
    assert status == 200
    # 73 days: 2,200 x 365 / 73 = 11,000 a year of 20,000 = 55 %; 1,150 x 5 = 5,750 of 5,000 = 115 %
    assert "$20,000" in _row(html, 'data-customer="C2"')
    assert "55.0%" in _row(html, 'data-customer="C2"')
    assert "115.0% (above 100 %)" in _row(html, 'data-customer="C3"')
    assert "%" not in _row(html, 'data-customer="C1"').split("</td>", 4)[-1]
    assert "× 365 / 73" in html


@pytest.mark.parametrize(
    ("spend", "message"),
    [
        ("C2%3D100%0Aoops", "line 2, “oops”: write CUSTOMER_ID=AMOUNT, e.g. C1=250000"),
        ("C2%3D100%0A%0AC9%3D5", "line 3, “C9=5”: no customer of that id in the chosen lines"),
        ("C2%3D0", "line 1, “C2=0”: the amount must be above 0"),
        ("C2%3D1%0AC2%3D2", "line 2, “C2=2”: C2 is given on line 1 already"),
        ("%3Cb%3Ex%3C%2Fb%3E", "line 1, “&lt;b&gt;x&lt;/b&gt;”"),
    ],
)
def test_a_bad_purchase_line_is_named_and_nothing_is_shown(
    world: World, dataset: InvoiceDataset, spend: str, message: str
) -> None:
    status, html = _get(world, dataset, f"?spend={spend}")
    assert status == 400
    assert message in html
    assert 'id="customer-table"' not in html


def test_filters_and_dates_as_on_the_other_pages(world: World, dataset: InvoiceDataset) -> None:
    status, html = _get(world, dataset, "?segment=small&spend=C3%3D5000")
    assert status == 200
    assert 'data-segment="large"' not in html
    assert 'data-customer="C2"' not in html
    assert 'id="no-candidates"' in html  # alone in its segment, Mill East buys all it buys
    assert _get(world, dataset, "?date_from=2025-03-01&date_to=2025-01-01")[0] == 400
    status, html = _get(world, dataset, "?segment=small&spend=C2%3D5")
    assert "no customer of that id in the chosen lines" in html


def test_cost_structures_are_named_not_spread(world: World, dataset: InvoiceDataset) -> None:
    CostStructure.objects.create(
        project=world.project,
        name="Bearings 2025",
        period="2025",
        price=Decimal(90),
        units=100,
        variable_cost=Decimal(50),
    )
    html = _get(world, dataset)[1]
    assert "price and cost structures (Bearings 2025) hold one cost for a whole structure" in html


def test_the_data_set_page_links_to_the_mix(world: World, dataset: InvoiceDataset) -> None:
    html = world.client_for(world.viewer).get(dataset.get_absolute_url()).content.decode()
    assert reverse("pricing:mix", args=[dataset.pk]) in html


def test_the_api_gives_the_same_figures(world: World, dataset: InvoiceDataset) -> None:
    client = world.client_for(world.viewer)
    url = reverse("api:dataset_mix", args=[dataset.pk])
    found = client.get(url, {"spend": "C2=20000"}).json()
    assert (found["first"], found["last"], found["days"], found["currency"]) == (
        "2025-01-01",
        "2025-03-14",
        73,
        "USD",
    )
    large = found["segments"][0]
    assert (large["segment"], large["pocket_revenue"], large["customers"]) == ("large", 4160.0, 2)
    p1 = large["products"][0]
    assert (p1["product"], p1["list_revenue"], p1["pocket_revenue"]) == ("P1", 3000.0, 2800.0)
    assert p1["pocket_pct_of_list"] == pytest.approx(2800 / 30)
    assert p1["share_of_segment_pct"] == pytest.approx(2800 / 41.6)
    c2 = found["customers"][0]
    assert (c2["customer_id"], c2["pocket_revenue"], c2["products"], c2["segment_products"]) == (
        "C2",
        2200.0,
        2,
        3,
    )
    assert (c2["cross_sell"], c2["yearly_purchases"], c2["share_pct"]) == (
        ["P3"],
        20000.0,
        pytest.approx(55.0),
    )
    refused = client.get(url, {"spend": "C2=1\nnope"})
    assert refused.status_code == 422
    assert refused.json()["problems"] == [
        {"field": "spend", "message": "line 2, “nope”: write CUSTOMER_ID=AMOUNT, e.g. C1=250000"}
    ]
