"""The waterfall and band pages against the hand calculation of the four hand lines."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.web.conftest import World
from tests.web.test_pricing_support import HAND_OVERALL, HAND_POLICY, import_lines, json_script, table_row
from worth.apps.pricing.models import InvoiceDataset
from worth.apps.pricing.services import save_policy_text


@pytest.fixture(autouse=True)
def inline_jobs_and_data(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.WORTH_JOBS_INLINE = True  # type: ignore[attr-defined]
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    return tmp_path


@pytest.fixture
def dataset(world: World) -> InvoiceDataset:
    import_lines(world.client_for(world.analyst), world.project)
    return InvoiceDataset.objects.get()


def page(world: World, name: str, dataset: InvoiceDataset, query: str = "") -> Any:
    return world.client_for(world.viewer).get(reverse(f"pricing:{name}", args=[dataset.pk]) + query)


def test_the_waterfall_table_shows_the_hand_computed_prices(world: World, dataset: InvoiceDataset) -> None:
    response = page(world, "waterfall", dataset)
    assert response.status_code == 200
    html = response.content.decode()
    for key, expected in HAND_OVERALL.items():
        row = table_row(html, f'data-key="{key}"')
        assert f">{expected}<" in row, (key, row)
    assert "89.05 %" in table_row(html, 'data-key="pocket_price"')
    assert "92.50 %" in table_row(html, 'data-key="invoice_price"')  # 74 / 80


def test_the_waterfall_shows_how_each_percentage_stacks(world: World, dataset: InvoiceDataset) -> None:
    html = page(world, "waterfall", dataset).content.decode()
    assert "% of list price (adds on list)" in table_row(html, 'data-key="order_size_discount"')
    assert "% of the price left (compounds)" in table_row(html, 'data-key="payment_terms_cost"')
    assert "amount per line ÷ units" in table_row(html, 'data-key="freight"')


def test_the_waterfall_chart_spec_is_in_the_page_with_the_same_numbers(
    world: World, dataset: InvoiceDataset
) -> None:
    html = page(world, "waterfall", dataset).content.decode()
    spec = json.loads(json_script(html, "waterfall-chart-spec"))
    bars = {row["step"]: row["amount"] for row in spec["data"]["values"]}
    assert bars["Pocket price"] == pytest.approx(71.24)
    assert bars["Payment terms (% compounding)"] == pytest.approx(0.66)
    assert 'id="waterfall-chart"' in html
    assert "vendor/vega-bundle-1.9.0.js" in html
    # Nothing is loaded from another host (the CSRF token in the page may hold any letters).
    assert re.findall(r'(?:src|href)="(?:https?:)?//', html) == []


def test_the_waterfall_by_segment_weights_each_segment_by_its_units(
    world: World, dataset: InvoiceDataset
) -> None:
    html = page(world, "waterfall", dataset, "?by=segment").content.decode()
    # large: pocket (20 x 42 + 5 x 176.40) / 25 = 1,722 / 25 = 68.88
    # small: pocket (10 x 35.5 + 15 x 99) / 25 = 1,840 / 25 = 73.60
    large = table_row(html, "<td>large</td>")
    small = table_row(html, "<td>small</td>")
    assert ">68.88<" in large
    assert ">86.10 %<" in large
    assert ">73.60<" in small
    assert ">92.00 %<" in small
    assert ">1,722.00<" in large  # pocket revenue


def test_filters_keep_only_the_matching_lines(world: World, dataset: InvoiceDataset) -> None:
    small = page(world, "waterfall", dataset, "?segment=small").content.decode()
    assert ">73.60<" in table_row(small, 'data-key="pocket_price"')
    # From March on: I-2/1 and I-3/1, the small segment's lines.
    spring = page(world, "waterfall", dataset, "?date_from=2025-03-01").content.decode()
    assert ">73.60<" in table_row(spring, 'data-key="pocket_price"')
    one = page(world, "waterfall", dataset, "?customer=C1&product=SRB+2").content.decode()
    assert ">176.40<" in table_row(one, 'data-key="pocket_price"')


def test_a_filter_that_leaves_nothing_says_so(world: World, dataset: InvoiceDataset) -> None:
    response = page(world, "waterfall", dataset, "?date_from=2026-01-01")
    assert response.status_code == 200
    assert "no invoice lines to analyse" in response.content.decode()


def test_bad_choices_are_field_errors_not_server_errors(world: World, dataset: InvoiceDataset) -> None:
    for name in ("waterfall", "band"):
        for query in (
            "?by=region",
            "?segment=medium",
            "?date_from=2025-13-01",
            "?date_from=2025-05-01&date_to=2025-01-01",
        ):
            response = page(world, name, dataset, query)
            assert response.status_code == 400, (name, query)
            assert 'class="errorlist' in response.content.decode(), (name, query)


def test_the_band_without_a_policy_shows_the_spread_and_says_what_is_missing(
    world: World, dataset: InvoiceDataset
) -> None:
    html = page(world, "band", dataset).content.decode()
    assert "no pricing policy yet" in html
    # Points (pocket % of list, units): 71 (10), 84 (20), 88.2 (5), 99 (15); cumulative 10, 30, 35, 50.
    assert ">86.32<" in table_row(html, "<td>Mean</td>")  # (71 x 10 + 84 x 20 + 88.2 x 5 + 99 x 15) / 50
    assert ">84.00<" in table_row(html, 'data-percentile="50"')  # 25 units reached at 84
    assert ">71.00<" in table_row(html, 'data-percentile="10"')
    assert ">99.00<" in table_row(html, 'data-percentile="90"')
    assert ">28.00<" in table_row(html, "Spread (highest − lowest)")
    assert "Out-of-policy deals" not in html
    spec = json.loads(json_script(html, "band-chart-spec"))
    shares = {row["low"]: row["share"] for row in spec["layer"][0]["data"]["values"]}
    assert shares[70.0] == pytest.approx(20.0)  # 10 of 50 units in [70, 72.5)
    assert shares[97.5] == pytest.approx(30.0)


def test_the_band_measures_the_lines_against_the_project_policy(
    world: World, dataset: InvoiceDataset
) -> None:
    save_policy_text(project=world.project, text=HAND_POLICY, user=world.analyst)
    html = page(world, "band", dataset).content.decode()
    compliance = html[html.index('id="compliance-table"') :]
    overall = table_row(compliance, "<td>All lines</td>")
    assert ">50.00 %<" in overall  # 2 of 4 lines within
    assert ">40.00 %<" in overall  # (5 + 15) of 50 units within
    assert ">55.00<" in overall  # 0.50 x 20 + 4.50 x 10
    salesperson = html[html.index('id="cost-salesperson"') :]
    assert ">45.00<" in table_row(salesperson, "<td>S2</td>")
    assert ">10.00<" in table_row(salesperson, "<td>S1</td>")
    customers = html[html.index('id="cost-customer"') :]
    assert ">45.00<" in table_row(customers, "<td>Mill South</td>")
    deals = html[html.index('id="deals-table"') :]
    assert deals.index("I-2/1") < deals.index("I-1/1")  # costliest first
    assert ">45.00<" in table_row(deals, "I-2/1")
    assert ">40.00<" in table_row(deals, "I-2/1")
    spec = json.loads(json_script(html, "band-chart-spec"))
    drawn = sorted(mark["pct"] for mark in spec["layer"][1]["data"]["values"])
    assert drawn == [80.0, 85.0, 95.0, 98.0]


def test_the_band_per_customer_puts_each_customer_at_its_volume_weighted_price(
    world: World, dataset: InvoiceDataset
) -> None:
    html = page(world, "band", dataset, "?level=customer&by=customer").content.decode()
    # C1: pocket 1,722 of list 2,000 = 86.1 %; C2: 1,840 of 2,000 = 92 %.
    assert ">86.10<" in table_row(html, "<td>Mill North</td>")
    assert ">92.00<" in table_row(html, "<td>Mill South</td>")


def test_the_pages_follow_project_visibility(world: World, dataset: InvoiceDataset) -> None:
    for name in ("dataset", "waterfall", "band"):
        url = reverse(f"pricing:{name}", args=[dataset.pk])
        assert world.client_for(world.viewer).get(url).status_code == 200, name
        assert world.client_for(world.outsider).get(url).status_code == 404, name
        assert world.client_for(world.analyst).post(url).status_code == 405, name
    listing = world.client_for(world.outsider).get(reverse("pricing:index")).content.decode()
    assert dataset.name not in listing
    assert dataset.name in world.client_for(world.viewer).get(reverse("pricing:index")).content.decode()


def test_a_data_set_whose_files_are_gone_says_so(world: World, dataset: InvoiceDataset) -> None:
    shutil.rmtree(dataset.store)
    response = page(world, "waterfall", dataset)
    assert response.status_code == 500
    assert "cannot be read" in response.content.decode()
    assert page(world, "dataset", dataset).status_code == 200
