"""Pay on revenue against pay on margin on the four hand lines, worked out by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from tests.web.conftest import World
from tests.web.test_pricing_support import import_lines
from worth.apps.pricing.models import CostStructure, InvoiceDataset

# S1: list 1,000 + 1,000 = 2,000, pocket 840 + 882 = 1,722 (13.9 % given away)
# S2: list 500 + 1,500 = 2,000, pocket 355 + 1,485 = 1,840 (8.0 % given away)


@pytest.fixture(autouse=True)
def inline_jobs_and_data(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.WORTH_JOBS_INLINE = True  # type: ignore[attr-defined]
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    return tmp_path


@pytest.fixture
def dataset(world: World) -> InvoiceDataset:
    import_lines(world.client_for(world.analyst), world.project)
    return InvoiceDataset.objects.get()


def _get(world: World, dataset: InvoiceDataset, query: str) -> tuple[int, str]:
    response = world.client_for(world.viewer).get(reverse("pricing:compensation", args=[dataset.pk]) + query)
    return response.status_code, response.content.decode()


def _row(html: str, who: str) -> str:
    start = html.index(f"<td>{who}</td>")
    return html[start : html.index("</tr>", start)]


def test_each_salesperson_by_hand(world: World, dataset: InvoiceDataset) -> None:
    status, html = _get(world, dataset, "?variable_cost=50&revenue_rate=5")
    assert status == 200
    # variable cost 50 % of list: S1 1,722 - 1,000 = 722; S2 1,840 - 1,000 = 840
    # revenue plan 5 %: 86.10 and 92.00 = 178.10; margin plan 178.10 / 1,562 of contribution
    s1, s2 = _row(html, "S1"), _row(html, "S2")
    assert "$722" in s1
    assert "13.9%" in s1
    assert "$86" in s1
    assert f"${722 * 178.10 / 1562:,.0f}" in s1  # $82
    assert "$840" in s2
    assert "8.0%" in s2
    assert f"${840 * 178.10 / 1562:,.0f}" in s2  # $96
    assert f"<strong>{178.10 / 1562:.1%}</strong>" in html  # 11.4%
    with_costs = _get(world, dataset, "?variable_cost=50&revenue_rate=5&expenses=S1%3D100")[1]
    assert f"${622 * 178.10 / 1462:,.0f}" in _row(with_costs, "S1")
    assert "after $100 expenses" in _row(with_costs, "S1")
    given = _get(world, dataset, "?variable_cost=50&revenue_rate=5&margin_rate=10")[1]
    assert "$72" in _row(given, "S1")  # 10 % of 722
    assert "<strong>10.0%</strong>" in given


def test_the_cost_comes_from_the_projects_structures(world: World, dataset: InvoiceDataset) -> None:
    assert "variable_cost" in _get(world, dataset, "")[1]  # no structure: the empty form, no figures
    CostStructure.objects.create(
        project=world.project,
        name="All",
        period="2025",
        price=Decimal("71.24"),
        units=50,
        variable_cost=Decimal("35.62"),
    )
    status, html = _get(world, dataset, "")
    assert status == 200
    # 35.62 / 71.24 = 50 % of pocket; pocket is 3,562 / 4,000 = 89.05 % of list: 44.5 % of list
    assert 'value="44.5"' in html
    assert "price and cost structures (All)" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?variable_cost=abc", "“abc” is not a number"),
        ("?variable_cost=150", "variable cost share: 1.5 must be a share"),
        ("?variable_cost=50&expenses=oops", "line 1, “oops”: write CODE=AMOUNT"),
        ("?variable_cost=50&expenses=S9%3D5", "expenses of &#x27;S9&#x27;: no salesperson of that code"),
        ("?revenue_rate=5", "Give the variable cost as a % of list-price revenue."),
    ],
)
def test_bad_figures_are_named(world: World, dataset: InvoiceDataset, query: str, message: str) -> None:
    status, html = _get(world, dataset, query)
    assert status == 400
    assert message in html


def test_the_page_follows_the_data_set(world: World, dataset: InvoiceDataset) -> None:
    url = reverse("pricing:compensation", args=[dataset.pk])
    assert world.client_for(world.outsider).get(url).status_code == 404
