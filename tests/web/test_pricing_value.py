"""The value-based price page: economic value, better-off range, share captured and profit to the cent."""

from __future__ import annotations

import json
from pathlib import Path
from statistics import mean
from typing import Any

import pytest
from django.urls import reverse

from tests.web.conftest import World
from tests.web.test_pricing_support import json_script, table_row
from worth.apps.valuemodels.services import import_model_text
from worth.engine.model.analysis import analyse_model

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"


def url(world: World) -> str:
    return reverse("pricing:value_price", args=[world.project.pk])


def form(**fields: str) -> dict[str, str]:
    data = {"nba_label": "Standard bearings", "nba_price": "1000", "positive": "450.50", "negative": "50.25"}
    data.update(
        {"opt-TOTAL_FORMS": "4", "opt-INITIAL_FORMS": "0", "opt-MIN_NUM_FORMS": "0", "opt-MAX_NUM_FORMS": "4"}
    )
    data.update(fields)
    return data


TWO_OPTIONS = {
    "opt-0-name": "low",
    "opt-0-price": "1100",
    "opt-0-volume": "1000",
    "opt-0-unit_cost": "700",
    "opt-1-name": "high",
    "opt-1-price": "1300.10",
    "opt-1-volume": "600",
    "opt-1-unit_cost": "700",
    "opt-1-fixed_cost": "10000",
}


def get(world: World, data: dict[str, str]) -> Any:
    return world.client_for(world.viewer).get(url(world), data)


def test_the_economic_value_and_the_better_off_range(world: World) -> None:
    response = get(world, form())
    assert response.status_code == 200
    html = response.content.decode()
    # EVE = 1,000 + 450.50 - 50.25 = 1,400.25; the range runs from the NBA price to the EVE.
    assert '<dd id="eve">1,400.25</dd>' in html
    better_off = html[html.index('id="better-off"') :]
    assert "1,000.00" in better_off
    assert "1,400.25" in better_off
    assert "a range of USD 400.25" in better_off  # the program's currency: the project has no policy


def test_penetration_against_skimming_to_the_cent(world: World) -> None:
    html = get(world, form(**TWO_OPTIONS)).content.decode()
    low = table_row(html, 'data-option="low"')
    high = table_row(html, 'data-option="high"')
    # low: revenue 1,100 x 1,000; contribution (1,100 - 700) x 1,000 = 400,000; share 100 / 400.25 = 24.98 %
    assert ">penetration<" in low
    assert ">1,100,000.00<" in low
    assert ">400,000.00<" in low
    assert ">24.98 %<" in low
    assert ">300.25<" in low  # the customer's gain: 1,400.25 - 1,100
    # high: revenue 1,300.10 x 600 = 780,060; contribution 600.10 x 600 = 360,060; less 10,000 fixed
    assert ">skimming<" in high
    assert ">780,060.00<" in high
    assert ">350,060.00<" in high
    assert ">74.98 %<" in high
    assert ">100.15<" in high
    assert "most profit" in low
    assert "most profit" not in high
    chart = json.loads(json_script(html, "options-chart-spec"))
    profits = {row["option"]: row["profit"] for row in chart["data"]["values"]}
    assert profits == {"low at 1,100.00": 400000.0, "high at 1,300.10": 350060.0}
    value_map = json.loads(json_script(html, "value-map-chart-spec"))
    assert "Standard bearings" in json.dumps(value_map)


def test_a_price_above_the_economic_value_leaves_the_customer_worse_off(world: World) -> None:
    fields = {"opt-0-name": "greedy", "opt-0-price": "1500", "opt-0-volume": "10", "opt-0-unit_cost": "700"}
    row = table_row(get(world, form(**fields)).content.decode(), 'data-option="greedy"')
    assert "customer worse off" in row
    assert ">-99.75<" in row
    assert ">124.92 %<" in row  # (1,500 - 1,000) / 400.25 = 1.249219... -> 1.2492: more than all of it


def test_unfavourable_elements_that_outweigh_leave_no_premium(world: World) -> None:
    html = get(world, form(positive="100", negative="250")).content.decode()
    assert "no premium is possible" in html
    assert "below USD 850.00" in html  # 1,000 + 100 - 250


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nba_price", "abc", "Enter a number."),
        ("nba_price", "NaN", "Enter a number."),
        ("positive", "Infinity", "Enter a number."),
        ("negative", "-5", "Ensure this value is greater than or equal to 0."),
        ("nba_price", "1" * 20, "Ensure that there are no more than 18 digits in total."),
        ("positive", "", "This field is required."),
    ],
)
def test_bad_numbers_are_field_errors(world: World, field: str, value: str, message: str) -> None:
    response = get(world, form(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="eve"' not in response.content.decode()


def test_an_option_row_needs_its_volume_and_cost(world: World) -> None:
    response = get(world, form(**{"opt-0-name": "half", "opt-0-price": "1200"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the volume this price would sell." in html
    assert "Give the cost of one unit." in html


def test_two_options_may_not_share_a_name(world: World) -> None:
    fields = {**TWO_OPTIONS, "opt-1-name": "low"}
    response = get(world, form(**fields))
    assert response.status_code == 400
    assert "Give each candidate price its own name (repeated: low)." in response.content.decode()


def test_it_prefills_from_a_value_model_of_the_project(world: World) -> None:
    record = import_model_text(
        project=world.project,
        text=EXAMPLE.read_text(encoding="utf-8"),
        filename=EXAMPLE.name,
        user=world.analyst,
    )
    blank = get(world, {}).content.decode()
    assert f"?model={record.pk}&amp;subsegment=Large%20integrated%20mills" in blank
    html = get(world, {"model": str(record.pk), "subsegment": "Large integrated mills"}).content.decode()
    # The seven large mills run 3, 2, 4, 2, 3, 2, 3 paper machines; the alternative costs 29,000 per machine.
    nba = mean(29000 * m for m in (3, 2, 4, 2, 3, 2, 3))
    assert f'value="{nba:.2f}"' in html  # 78,714.29
    summary = analyse_model(record.load().model).price_summary["Large integrated mills"]
    note = html[html.index('id="prefill-note"') :]
    assert f"= {summary.mean_delta_value:,.2f}," in note  # positive - negative = the mean delta value
    assert "7 customers" in note
    assert 'value="penetration"' in html


def test_the_prefilled_net_value_is_the_mean_delta_value_to_the_cent(world: World) -> None:
    record = import_model_text(
        project=world.project,
        text=EXAMPLE.read_text(encoding="utf-8"),
        filename=EXAMPLE.name,
        user=world.analyst,
    )
    analysis = analyse_model(record.load().model)
    for subsegment in analysis.subsegments:
        summary = analysis.price_summary[subsegment]
        html = get(world, {"model": str(record.pk), "subsegment": subsegment}).content.decode()
        note = html[html.index('id="prefill-note"') :]
        assert f"= {summary.mean_delta_value:,.2f}," in note, subsegment
        assert f"its {summary.n} customers" in note, subsegment


def test_a_model_of_another_project_is_not_used(world: World) -> None:
    html = get(world, {"model": "999", "subsegment": "x"}).content.decode()
    assert "That value model is not in this project." in html


def test_the_page_follows_project_visibility_and_only_answers_get(world: World) -> None:
    assert world.client_for(world.outsider).get(url(world)).status_code == 404
    assert world.client_for(world.viewer).get(url(world)).status_code == 200
    assert world.client_for(world.analyst).post(url(world), form()).status_code == 405
