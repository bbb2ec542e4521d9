"""The pricing part of the demo: the example policy and generated invoice lines, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from tests.web.conftest import World
from tests.web.test_pricing_support import table_row
from worth.apps.pricing.demo import DEMO_DATASET, load_demo_pricing
from worth.apps.pricing.models import InvoiceDataset, PricingPolicy

EXAMPLE_POLICY = Path(__file__).resolve().parents[2] / "examples" / "pricing-policy.yaml"
ROWS = 3000


@pytest.fixture(autouse=True)
def data_dir(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def test_it_loads_the_policy_and_the_lines_and_a_second_run_changes_nothing(
    world: World, tmp_path: Path
) -> None:
    said: list[str] = []
    load_demo_pricing(project=world.project, user=world.analyst, say=said.append, rows=ROWS)
    policy = PricingPolicy.objects.get(project=world.project)
    dataset = InvoiceDataset.objects.get(project=world.project)
    assert policy.text == EXAMPLE_POLICY.read_text(encoding="utf-8")
    assert (dataset.name, dataset.rows) == (DEMO_DATASET, ROWS)
    assert dataset.store.is_dir()
    assert any("3,000 generated lines" in s for s in said)
    load_demo_pricing(project=world.project, user=world.analyst, say=said.append, rows=ROWS)
    again = InvoiceDataset.objects.get(project=world.project)
    assert (again.pk, again.imported) == (dataset.pk, dataset.imported)
    assert policy.history.count() == 1
    assert dataset.history.count() == 1
    assert "already loaded" in said[-2]
    assert sorted(p.name for p in (tmp_path / "pricing").iterdir()) == [str(dataset.pk)]


def test_a_different_size_replaces_the_demo_lines(world: World) -> None:
    load_demo_pricing(project=world.project, user=world.analyst, say=lambda _: None, rows=ROWS)
    old = InvoiceDataset.objects.get()
    load_demo_pricing(project=world.project, user=world.analyst, say=lambda _: None, rows=ROWS + 500)
    new = InvoiceDataset.objects.get()
    assert new.rows == ROWS + 500
    assert not old.store.exists()
    assert new.store.is_dir()


def test_a_store_this_version_cannot_read_is_loaded_again(world: World) -> None:
    load_demo_pricing(project=world.project, user=world.analyst, say=lambda _: None, rows=ROWS)
    old = InvoiceDataset.objects.get()
    for path in (old.store / "invoice_lines").glob("*.json"):
        path.unlink()  # as if written by a version that kept its contract elsewhere
    load_demo_pricing(project=world.project, user=world.analyst, say=lambda _: None, rows=ROWS)
    new = InvoiceDataset.objects.get()
    assert new.pk != old.pk
    client = world.client_for(world.viewer)
    assert client.get(reverse("pricing:waterfall", args=[new.pk])).status_code == 200


def test_the_demo_numbers_read_plausibly_on_the_pages(world: World) -> None:
    load_demo_pricing(project=world.project, user=world.analyst, say=lambda _: None, rows=ROWS)
    dataset = InvoiceDataset.objects.get()
    client = world.client_for(world.viewer)
    waterfall = client.get(reverse("pricing:waterfall", args=[dataset.pk])).content.decode()
    row = table_row(waterfall, 'data-key="pocket_price"')
    pct = float(row.rsplit('class="num">', 1)[1].split(" %")[0])
    assert 80.0 < pct < 95.0  # a pocket price some 5-20 % below list, as in the industry studies
    band = client.get(reverse("pricing:band", args=[dataset.pk]))
    html = band.content.decode()
    assert band.status_code == 200
    assert "SP04 West" in html[html.index('id="cost-salesperson"') :]
    salesperson = html[html.index('id="cost-salesperson"') :]
    first = salesperson.index("<td>", salesperson.index("</tr>"))
    assert salesperson[first:].startswith("<td>SP04 West</td>")  # the over-discounter costs the most
    policy = client.get(reverse("pricing:policy", args=[world.project.pk])).content.decode()
    assert "Nordkap Bearings" in policy


DOC = Path(__file__).resolve().parents[2] / "docs" / "pricing.md"


def test_the_web_section_of_the_docs_shows_the_demo_as_the_pages_do(world: World) -> None:
    """docs/pricing.md "In the web app" quotes the demo's pages: they must still say the same."""
    section = DOC.read_text(encoding="utf-8").split("## In the web app", 1)[1]
    load_demo_pricing(project=world.project, user=world.analyst, say=lambda _: None)
    dataset = InvoiceDataset.objects.get()
    client = world.client_for(world.viewer)
    waterfall = client.get(reverse("pricing:waterfall", args=[dataset.pk])).content.decode()
    documented = [line for line in section.splitlines() if line.startswith("| ") and " % |" in line]
    assert len(documented) == 10
    for line in documented:
        cells = [c.strip() for c in line.strip("|").split("|")]
        label, per_unit, pct = cells[0].lstrip("− "), cells[2], cells[3]
        row = table_row(waterfall, f"{label}</td>")
        assert f">{per_unit}<" in row, (label, row)
        assert f">{pct}<" in row, (label, row)
    band = client.get(reverse("pricing:band", args=[dataset.pk])).content.decode()
    figures = band[band.index('id="band-figures"') : band.index("</dl>", band.index('id="band-figures"'))]
    for shown in ("87.9 %", "45.5 pts", "14.6 pts", "90.9 %", "3,275,177"):
        assert shown in figures, shown
        assert shown.split(" ")[0] in section, shown


def test_the_demo_levers_read_from_its_invoice_lines_and_are_plausible(world: World) -> None:
    from decimal import Decimal

    from worth.apps.pricing.models import CostStructure
    from worth.engine.pricing.levers import ProfitStructure

    load_demo_pricing(project=world.project, user=world.analyst, say=lambda _: None, rows=ROWS)
    load_demo_pricing(project=world.project, user=world.analyst, say=lambda _: None, rows=ROWS)
    structures = list(CostStructure.objects.filter(project=world.project))
    assert [s.name for s in structures] == [
        "Bearings and monitoring, large mills",
        "Bearings and monitoring, small and mid-size mills",
    ]
    for s in structures:
        assert "invoice lines" in s.source
        assert s.note.startswith("Standard cost 2025")
        found = ProfitStructure.of(
            price=s.price, units=s.units, variable_cost=s.variable_cost, fixed_cost=s.fixed_cost
        )
        # a bearing maker's contribution margin of about 40 % and an operating margin of 10-15 %
        assert Decimal("0.35") < found.contribution_margin < Decimal("0.45")
        assert Decimal("0.08") < found.operating_profit / found.revenue < Decimal("0.16")
    page = world.client_for(world.viewer).get(reverse("pricing:levers", args=[world.project.pk]))
    assert page.status_code == 200
    assert page.content.decode().count('class="levers"') == 2
