"""The profit levers pages: figures by hand, the invoice prefill, bad input, stale saves, rights."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.web.conftest import World
from tests.web.test_pricing_support import import_lines
from worth.apps.pricing.models import CostStructure, InvoiceDataset


@pytest.fixture(autouse=True)
def inline_jobs_and_data(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.WORTH_JOBS_INLINE = True  # type: ignore[attr-defined]
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def _form(**changes: str) -> dict[str, str]:
    data = {
        "name": "Bearings, large mills",
        "period": "2025",
        "currency": "usd",
        "price": "100",
        "units": "10000",
        "variable_cost": "75",
        "variable_cost_share": "",
        "fixed_cost": "150000",
        "source": "",
        "note": "Standard cost 2025",
    }
    data.update(changes)
    return data


@pytest.fixture
def line(world: World) -> CostStructure:
    return CostStructure.objects.create(
        project=world.project,
        name="Bearings, large mills",
        period="2025",
        currency="USD",
        price=Decimal(100),
        units=Decimal(10_000),
        variable_cost=Decimal(75),
        fixed_cost=Decimal(150_000),
        note="Standard cost 2025",
    )


def _page(world: World, user: Any = None, query: str = "") -> str:
    client = world.client_for(user or world.viewer)
    response = client.get(reverse("pricing:levers", args=[world.project.pk]) + query)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_page_shows_each_lever_worked_out_by_hand(world: World, line: CostStructure) -> None:
    html = _page(world)
    # revenue 1,000,000; contribution 250,000 (25 %); operating profit 100,000
    assert "contribution margin <strong>25.0%</strong>" in html
    assert "operating profit <strong>$100,000</strong>" in html
    assert "1 % on price earns <strong>4.0 times</strong>" in html
    # price +1 %: +10,000 (+10 % of profit); variable cost: +7,500; volume: +2,500; fixed: +1,500
    levers = html[html.index('class="levers"') : html.index("</table>", html.index('class="levers"'))]
    order = [
        levers.index(label)
        for label in ("Price +1 %", "Variable cost −1 %", "Volume +1 %", "Fixed costs −1 %")
    ]
    assert order == sorted(order)
    for figure in ("+$10,000", "+10.0%", "+$7,500", "+$2,500", "+$1,500", "$110,000"):
        assert figure in levers, figure
    trade = html[html.index('class="trade-offs"') :]
    # a 5 % cut: c' = 20 against c = 25, so 25 % more units (12,500); a 20 % cut: 25 / 5 = 5, +400 %
    assert "+25.0%" in trade
    assert "12,500" in trade
    assert "+400.0%" in trade
    assert "50,000" in trade
    assert '"Price +1 %"' in html  # the chart's data
    two = _page(world, query="?step=2")
    assert "Price +2 %" in two
    assert "+$20,000" in two
    assert "Price +1 %" in _page(world, query="?step=7")  # a step not offered falls back to 1 %


def test_a_structure_saved_with_its_variable_cost_as_a_share(world: World) -> None:
    client = world.client_for(world.analyst)
    url = reverse("pricing:structure_new", args=[world.project.pk])
    response = client.post(url, _form(variable_cost="", variable_cost_share="62.5"))
    assert response.status_code == 302
    saved = CostStructure.objects.get()
    assert saved.variable_cost == Decimal("62.5")  # 62.5 % of 100
    assert saved.currency == "USD"
    assert saved.created_by == world.analyst
    # (100 - 62.5) x 10,000 - 150,000 = 225,000
    assert "operating profit <strong>$225,000</strong>" in _page(world)
    assert saved.history.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"price": "-5"}, "price", "-5 is negative"),
        ({"price": "0"}, "price", "Must be more than 0"),
        ({"units": "lots"}, "units", "Enter a number"),
        ({"variable_cost": ""}, "variable_cost", "Give the variable cost per unit"),
        ({"variable_cost_share": "60"}, "variable_cost_share", "not both"),
        ({"currency": "U$"}, "currency", "not a three-letter currency code"),
        ({"name": ""}, "name", "This field is required"),
    ],
)
def test_bad_figures_are_refused_by_field_and_nothing_is_written(
    world: World, changes: dict[str, str], field: str, message: str
) -> None:
    client = world.client_for(world.analyst)
    response = client.post(reverse("pricing:structure_new", args=[world.project.pk]), _form(**changes))
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert CostStructure.objects.count() == 0


def test_a_second_structure_of_the_same_name_is_refused(world: World, line: CostStructure) -> None:
    client = world.client_for(world.analyst)
    response = client.post(reverse("pricing:structure_new", args=[world.project.pk]), _form())
    assert response.status_code == 400
    assert "already has a structure named" in response.content.decode()


def test_price_and_units_come_from_the_invoice_lines(world: World) -> None:
    import_lines(world.client_for(world.analyst), world.project)
    dataset = InvoiceDataset.objects.get()
    client = world.client_for(world.analyst)
    url = reverse("pricing:structure_new", args=[world.project.pk])
    page = client.get(url)
    assert f"?dataset={dataset.pk}&amp;segment=large" in page.content.decode()
    prefilled = client.get(f"{url}?dataset={dataset.pk}")
    form = prefilled.context["form"]
    # the four hand lines: 3,562 pocket over 50 units, 71.24 a unit, 2025-02-03 to 2025-04-01
    assert form.initial["price"] == Decimal("71.24")
    assert form.initial["units"] == 50
    assert form.initial["period"] == "2025-02-03 to 2025-04-01"
    assert "4 invoice lines" in form.initial["source"]
    assert "Filled in from 4 invoice lines" in prefilled.content.decode()
    nothing = client.get(f"{url}?dataset={dataset.pk}&segment=none+such")
    assert "no invoice line" in nothing.content.decode()
    assert "not in this project" in client.get(f"{url}?dataset=999").content.decode()


def test_a_stale_save_is_refused_with_the_other_change_shown(world: World, line: CostStructure) -> None:
    url = reverse("pricing:structure_edit", args=[world.project.pk, line.pk])
    first, second = world.client_for(world.analyst), world.client_for(world.leader)
    opened = line.revision
    assert first.post(url, {**_form(fixed_cost="120000"), "revision": opened}).status_code == 302
    stale = second.post(url, {**_form(price="105"), "revision": opened})
    assert stale.status_code == 409
    assert "120000" in stale.content.decode()
    line.refresh_from_db()
    assert (line.price, line.fixed_cost) == (Decimal(100), Decimal(120_000))
    history = second.get(url).content.decode()
    assert "Fixed costs in the period" in history
    assert "analyst" in history


def test_rights_follow_the_project(world: World, line: CostStructure) -> None:
    new = reverse("pricing:structure_new", args=[world.project.pk])
    edit = reverse("pricing:structure_edit", args=[world.project.pk, line.pk])
    delete = reverse("pricing:structure_delete", args=[world.project.pk, line.pk])
    viewer, outsider = world.client_for(world.viewer), world.client_for(world.outsider)
    assert viewer.get(edit).status_code == 200  # reads, with the history
    assert viewer.post(new, _form(name="Other")).status_code == 403
    assert viewer.post(edit, {**_form(), "revision": line.revision}).status_code == 403
    assert viewer.post(delete).status_code == 403
    for url in (reverse("pricing:levers", args=[world.project.pk]), edit):
        assert outsider.get(url).status_code == 404
    assert world.client_for(world.analyst).post(delete).status_code == 302
    assert CostStructure.objects.count() == 0


def test_names_the_team_wrote_are_escaped(world: World, line: CostStructure) -> None:
    line.name = "<script>alert(1)</script>"
    line.note = '<img src=x onerror="alert(2)">'
    line.save()
    html = _page(world)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html
    assert "<img src=x" not in html
