"""The offerings pages on the example model: placement counted from its research values, parts, rights."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from django.urls import reverse

from tests.web.conftest import World
from tests.web.example_model import EXAMPLE, import_example
from worth.apps.offerings.demo import load_demo_offering
from worth.apps.offerings.models import OfferingComponent
from worth.apps.valuemodels.models import ValueModelRecord
from worth.engine.model.analysis import analyse_model
from worth.engine.model.io import load_model

SMALL = "Small and mid-size mills"
LARGE = "Large integrated mills"


@pytest.fixture
def record(world: World) -> ValueModelRecord:
    return import_example(world)


def _page(world: World, query: str = "", user: object = None) -> str:
    client = world.client_for(user or world.viewer)  # type: ignore[arg-type]
    response = client.get(reverse("offerings:project", args=[world.project.pk]) + query)
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def _part(world: World, **fields: object) -> OfferingComponent:
    values: dict[str, object] = {"name": "Sealed bearings", "element": "Bearing consumption"}
    values.update(fields)
    return OfferingComponent.objects.create(project=world.project, **values)


def _values(element: str, subsegment: str) -> np.ndarray:
    """The example's research values of one element in one subsegment, from a fresh analysis."""
    analysis = analyse_model(load_model(EXAMPLE))
    found = analysis.evaluation.elements[element].values[analysis.evaluation.rows(subsegment)]
    return found[np.isfinite(found)]


def test_the_placement_counts_the_mills_that_value_each_element_above_its_cost(
    world: World, record: ValueModelRecord
) -> None:
    _part(world, cost_to_serve=Decimal(12_000))
    html = _page(world)
    small = html[html.index(f'<h2 class="flush">{SMALL}</h2>') :]
    values = _values("Bearing consumption", SMALL)
    assert f"{int((values > 12_000).sum())} of {values.size}" in small
    assert "Options:</strong> Bearing consumption" in small
    assert "One vanilla offering for these subsegments" in html
    assert "Recast as a surcharge option" in html  # offered standard, an option for the small mills


def test_the_demo_parts_place_as_the_docs_say(world: World, record: ValueModelRecord) -> None:
    load_demo_offering(world.project, world.analyst, lambda _: None)
    load_demo_offering(world.project, world.analyst, lambda _: None)
    assert OfferingComponent.objects.filter(project=world.project).count() == 7
    html = _page(world)
    large = html[
        html.index(f'<h2 class="flush">{LARGE}</h2>') : html.index(f'<h2 class="flush">{SMALL}</h2>')
    ]
    small = html[html.index(f'<h2 class="flush">{SMALL}</h2>') :]
    assert "Options:</strong> none" in large
    assert "Options:</strong> Bearing consumption, Energy" in small
    # Energy for the small mills: 3 of 6 above 19,000; half their median is below the cost, so 19,000
    assert "3 of 6 (50.0%)" in small
    assert "$19,000" in small
    assert "Guarantee: Friction losses 5 % lower" in html


def test_the_thresholds_are_the_users_and_bad_ones_are_named(world: World, record: ValueModelRecord) -> None:
    _part(world, cost_to_serve=Decimal(12_000))
    strict = _page(world, "?naked=70")
    small = strict[strict.index(f'<h2 class="flush">{SMALL}</h2>') :]
    assert "Options:</strong> none" in small  # 5 of 7 (71 %) now reach the naked solution
    client = world.client_for(world.viewer)
    url = reverse("offerings:project", args=[world.project.pk])
    for query, message in (
        ("?naked=abc", "naked: “abc” is not a whole percentage"),
        ("?capture=0", "capture: 0 is not a percentage from 1 to 100"),
        ("?naked=30&option=50", "option: 50 % is more than the naked solution&#x27;s 30 %"),
    ):
        response = client.get(url + query)
        assert response.status_code == 400
        assert message in response.content.decode(), query


def test_a_project_without_a_model_says_what_the_placement_needs(world: World) -> None:
    assert "has no value model yet" in _page(world)


def test_parts_are_added_checked_and_kept_with_their_history(world: World, record: ValueModelRecord) -> None:
    client = world.client_for(world.analyst)
    url = reverse("offerings:component-new", args=[world.project.pk])
    form = {
        "name": "Vibration analysis days",
        "kind": "service",
        "element": "",
        "status": "existing-optional",
        "offered_as": "optional",
        "cost_to_serve": "6500",
        "usage_share": "35",
        "decision": "keep-option",
        "rationale": "Bought by a third of the mills",
        "guarantee": "",
    }
    for bad, message in (
        ({"cost_to_serve": "-1"}, "is negative"),
        ({"usage_share": "120"}, "not a percentage from 0 to 100"),
        ({"element": "Nothing of the model"}, "Select a valid choice"),
        ({"decision": "sell"}, "Select a valid choice"),
    ):
        refused = client.post(url, {**form, **bad})
        assert refused.status_code == 400
        assert message in refused.content.decode(), bad
    assert OfferingComponent.objects.count() == 0
    assert client.post(url, form).status_code == 302
    part = OfferingComponent.objects.get()
    assert (part.cost_to_serve, part.usage_share, part.created_by) == (
        Decimal(6500),
        Decimal(35),
        world.analyst,
    )
    assert "already has a part named" in client.post(url, form).content.decode()
    edit = reverse("offerings:component-edit", args=[world.project.pk, part.pk])
    opened = part.revision
    assert client.post(edit, {**form, "cost_to_serve": "7000", "revision": opened}).status_code == 302
    stale = world.client_for(world.leader).post(edit, {**form, "usage_share": "40", "revision": opened})
    assert stale.status_code == 409
    part.refresh_from_db()
    assert (part.cost_to_serve, part.usage_share) == (Decimal(7000), Decimal(35))
    page = client.get(edit).content.decode()
    assert "Cost to serve" in page
    assert "6500.00 → 7000.00" in page


def test_rights_follow_the_project(world: World, record: ValueModelRecord) -> None:
    part = _part(world)
    edit = reverse("offerings:component-edit", args=[world.project.pk, part.pk])
    delete = reverse("offerings:component-delete", args=[world.project.pk, part.pk])
    new = reverse("offerings:component-new", args=[world.project.pk])
    viewer, outsider = world.client_for(world.viewer), world.client_for(world.outsider)
    assert viewer.get(edit).status_code == 200
    assert viewer.post(delete).status_code == 403
    assert viewer.post(new, {"name": "x"}).status_code == 403
    for url in (reverse("offerings:project", args=[world.project.pk]), edit):
        assert outsider.get(url).status_code == 404
    assert world.project.name not in outsider.get(reverse("offerings:index")).content.decode()
    assert world.client_for(world.analyst).post(delete).status_code == 302
    assert not OfferingComponent.objects.exists()


def test_text_the_team_wrote_is_escaped(world: World, record: ValueModelRecord) -> None:
    _part(world, name="<script>alert(1)</script>", rationale="<b onmouseover=alert(2)>x</b>")
    html = _page(world)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b onmouseover" not in html


def test_the_energy_count_matches_a_count_of_the_research_values(
    world: World, record: ValueModelRecord
) -> None:
    values = _values("Energy", SMALL)
    _part(world, name="Seals", element="Energy", cost_to_serve=Decimal(19_000))
    html = _page(world)
    small = html[html.index(f'<h2 class="flush">{SMALL}</h2>') :]
    assert f"{int((values > 19_000).sum())} of {values.size}" in small


def test_the_api_gives_the_same_placement_with_the_pages_rights(
    world: World, record: ValueModelRecord
) -> None:
    from django.test import Client

    from worth.apps.accounts.models import ApiToken

    _part(world, cost_to_serve=Decimal(12_000), offered_as="standard")
    _, token = ApiToken.objects.issue(user=world.viewer, name="crm")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(f"/api/projects/{world.project.pk}/offering")
    assert response.status_code == 200
    data = response.json()
    small = next(s for s in data["subsegments"] if s["subsegment"] == SMALL)
    bearings = next(p for p in small["places"] if p["element"] == "Bearing consumption")
    values = _values("Bearing consumption", SMALL)
    assert (bearings["customers"], bearings["above_cost"]) == (values.size, int((values > 12_000).sum()))
    assert bearings["place"] == "option"
    assert "Bearing consumption" in small["options"]
    (part,) = data["parts"]
    assert {s["subsegment"]: s["decision"] for s in part["suggestions"]}[SMALL] == "recast"
    _, other = ApiToken.objects.issue(user=world.outsider, name="x")
    outsider = Client(HTTP_AUTHORIZATION=f"Bearer {other}")
    assert outsider.get(f"/api/projects/{world.project.pk}/offering").status_code == 404
