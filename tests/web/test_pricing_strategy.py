"""The penetration against skimming page and its API on the example model: figures, choices, refusals."""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, Decimal

import numpy as np
import pytest
from django.urls import reverse

from tests.web.conftest import World
from tests.web.example_model import EXAMPLE, import_example, second_round
from worth.apps.pricing.demo import load_demo_strategy
from worth.apps.pricing.models import CostStructure
from worth.apps.valuemodels.models import ValueModelRecord
from worth.engine.model.analysis import analyse_model
from worth.engine.model.io import load_model

LARGE = "Large integrated mills"
SMALL = "Small and mid-size mills"


@pytest.fixture
def record(world: World) -> ValueModelRecord:
    return import_example(world)


def _get(world: World, query: str = "", *, status: int = 200, user: object = None) -> str:
    client = world.client_for(user or world.viewer)  # type: ignore[arg-type]
    response = client.get(reverse("pricing:strategy", args=[world.project.pk]) + query)
    assert response.status_code == status, response.status_code
    return str(response.content.decode())


def _economic_values(subsegment: str) -> np.ndarray:
    """Each computable mill's NBA price (USD per paper machine x its machines) plus its total value,
    from a fresh analysis of the example (not through the strategy code), highest first."""
    analysis = analyse_model(load_model(EXAMPLE))
    evaluation = analysis.evaluation
    nba = {LARGE: 29_000, SMALL: 33_000}[subsegment]
    found = [
        nba * float(c.characteristics["Paper machines"]) + float(total)
        for c, s, total in zip(evaluation.customers, evaluation.subsegments, evaluation.totals, strict=True)
        if s == subsegment and math.isfinite(total)
    ]
    return np.sort(np.array(found))[::-1]


def _cents(value: float) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_FLOOR)


def test_the_page_prices_the_large_mills_with_the_structure_named_after_them(
    world: World, record: ValueModelRecord
) -> None:
    CostStructure.objects.create(
        project=world.project,
        name=f"Program per mill, {LARGE}",
        period="2025",
        currency="USD",
        price=260_600,
        units=7,
        variable_cost=99_000,
        fixed_cost=420_000,
    )
    html = _get(world)
    values = _economic_values(LARGE)
    assert values.size == 7
    # penetration: ceil(0.8 x 7) = 6 mills, the 6th highest value; skimming: ceil(0.2 x 7) = 2
    penetration, skimming = _cents(values[5]), _cents(values[1])
    pen_profit = (penetration - 99_000) * 6 - 420_000
    skim_profit = (skimming - 99_000) * 2 - 420_000
    row = html[html.index('data-strategy="penetration"') :]
    row = row[: row.index("</tr>")]
    assert f"USD {penetration:,}" in row
    assert "6 of 7 (86%)" in row
    assert f"USD {pen_profit:,}" in row
    assert f"USD {penetration * 6:,}" in row  # revenue
    assert f"USD {Decimal(repr(float(values[:6].sum()))) - penetration * 6:,.2f}" in row  # value left
    skim = html[html.index('data-strategy="skimming"') :]
    assert f"USD {skimming:,}" in skim[: skim.index("</tr>")]
    assert f"USD {skim_profit:,}" in skim[: skim.index("</tr>")]
    assert "from “Program per mill, Large integrated mills”" in html
    assert 'id="strategy-chart"' in html
    assert "strategy-chart-spec" in html


def test_the_costs_typed_and_the_small_mills_with_the_one_left_out(
    world: World, record: ValueModelRecord
) -> None:
    html = _get(world, f"?subsegment={SMALL}&structure=&variable_cost=57300&fixed_cost=260000")
    values = _economic_values(SMALL)
    assert values.size == 6
    # most profit: among the 6 values, the one where (p - 57,300) x buyers - 260,000 is highest
    profits = [(v - 57_300) * (i + 1) - 260_000 for i, v in enumerate(values)]
    best = int(np.argmax(profits))
    row = html[html.index('data-strategy="most_profit"') :]
    row = row[: row.index("</tr>")]
    assert f"USD {_cents(values[best]):,}" in row
    assert f"{best + 1} of 6" in row
    assert "Brookfield Tissue" in html
    assert "left out: not computable: Energy: no Friction energy losses per year, alternative" in html


def test_a_volume_driver_prices_per_unit(world: World, record: ValueModelRecord) -> None:
    html = _get(world, "?volume=Paper+machines&variable_cost=36500&fixed_cost=0")
    # Alund Kraft: 4 paper machines; its value per machine is its economic value / 4
    assert "volume: Paper machines" in html
    alund = html[html.index("<td>Alund Kraft</td>") :]
    assert '<td class="num">4</td>' in alund[: alund.index("</tr>")]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?variable_cost=abc", "“abc” is not a number."),
        ("?fixed_cost=-5", "-5 is negative; give a magnitude."),
        ("?penetration_share=120", "120 % is more than all the customers (100 %)."),
        ("?skimming_share=90", "90 % must be smaller than the penetration share 80 %."),
        (
            "?subsegment=Tiny+mills",
            "“Tiny mills” is not one of Large integrated mills, Small and mid-size mills",
        ),
        ("?volume=Region", "“Region” is neither a driver nor a numeric characteristic of the model"),
        ("?version=9", "has no version 9."),
        ("?model=99999", "99999 is not one of the available choices."),
    ],
)
def test_a_bad_choice_is_named_under_its_field(
    world: World, record: ValueModelRecord, query: str, message: str
) -> None:
    html = _get(world, query, status=400)
    assert message in html
    assert 'id="strategy-table"' not in html


def test_user_text_is_escaped(world: World, record: ValueModelRecord) -> None:
    html = _get(world, "?subsegment=<script>alert(1)</script>", status=400)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_a_structure_in_another_currency_is_refused(world: World, record: ValueModelRecord) -> None:
    other = CostStructure.objects.create(
        project=world.project, name="Euro", period="2025", currency="EUR", price=1, units=1, variable_cost=0
    )
    html = _get(world, f"?structure={other.pk}", status=400)
    assert "“Euro” is in EUR, the model&#x27;s values are in USD." in html


def test_an_earlier_version_is_priced_as_it_was(world: World, record: ValueModelRecord) -> None:
    later = import_example(world, text=second_round(record.versions.get(number=1).text), note="round 2")
    assert later.pk == record.pk
    first, second = _get(world, "?version=1"), _get(world, "?version=2")
    assert "version 1 (shown)" in first
    assert "version 2 (shown)" in second
    table = lambda html: html[html.index('id="strategy-table"') : html.index("</table>")]  # noqa: E731
    assert table(first) != table(second)  # Norrvik Bruk's higher margin moves the skimming price


def test_without_a_model_the_page_says_so(world: World) -> None:
    assert "The project has no value model yet" in _get(world)


def test_the_api_gives_the_page_figures_and_refuses_by_field(world: World, record: ValueModelRecord) -> None:
    client = world.client_for(world.viewer)
    url = f"/api/projects/{world.project.pk}/strategy"
    found = client.get(url, {"subsegment": SMALL, "variable_cost": "57300", "fixed_cost": "260000"}).json()
    values = _economic_values(SMALL)
    assert found["model"] == record.pk
    assert found["version"] == 1
    assert found["currency"] == "USD"
    assert [p["key"] for p in found["prices"]] == ["penetration", "skimming", "most_profit"]
    penetration = found["prices"][0]
    # ceil(0.8 x 6) = 5 mills: the 5th highest value
    assert penetration["price"] == str(_cents(values[4]))
    assert penetration["buyers"] == 5
    assert penetration["operating_profit"] == str((_cents(values[4]) - 57_300) * 5 - 260_000)
    assert [u["name"] for u in found["unvalued"]] == ["Brookfield Tissue"]
    assert len(found["values"]) == 6
    assert found["curve"]
    refused = client.get(url, {"variable_cost": "ten", "skimming_share": "95"})
    assert refused.status_code == 422
    fields = {p["field"] for p in refused.json()["problems"]}
    assert fields == {"variable_cost", "skimming_share"}
    assert world.client_for(world.outsider).get(url).status_code == 404
    schema = client.get("/api/openapi.json").json()
    parameters = schema["paths"]["/api/projects/{project_id}/strategy"]["get"]["parameters"]
    assert {"subsegment", "variable_cost", "skimming_share"} <= {p["name"] for p in parameters}


def test_the_demo_structures_give_the_figures_the_docs_quote(world: World, record: ValueModelRecord) -> None:
    load_demo_strategy(project=world.project, user=world.leader, say=lambda _: None)
    load_demo_strategy(project=world.project, user=world.leader, say=lambda _: None)
    assert CostStructure.objects.filter(project=world.project).count() == 2
    html = _get(world)
    # docs/pricing.md, "Penetration against skimming": the large mills with 99,000 and 420,000
    for figure in ("USD 317,628.42", "USD 891,770.52", "USD 587,717.27", "USD 557,434.54", "USD 914,787.72"):
        assert figure in html
    small = _get(world, f"?subsegment={SMALL}")
    for figure in ("USD 113,815.73", "USD 22,578.65", "USD 165,057.50", "USD 171,030.00"):
        assert figure in small


def test_the_pricing_pages_link_to_it(world: World, record: ValueModelRecord) -> None:
    url = reverse("pricing:strategy", args=[world.project.pk])
    client = world.client_for(world.viewer)
    for page in (
        reverse("pricing:index"),
        reverse("pricing:value_price", args=[world.project.pk]),
        reverse("pricing:levers", args=[world.project.pk]),
    ):
        assert f'href="{url}"' in client.get(page).content.decode(), page
