"""The model's parts through the JSON API: a CRM pushes a customer's data and reads what it is worth."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from django.test import Client

from tests.web.conftest import World
from tests.web.example_model import EXAMPLE, import_example
from worth.apps.accounts.models import ApiToken
from worth.apps.valuemodels.models import ValueModelRecord

KESTREL = "KB-L02"


def _api(world: World, user: Any = None) -> Client:
    _, raw = ApiToken.objects.issue(user=user or world.analyst, name="crm")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _json(client: Client, method: str, url: str, body: Any) -> Any:
    send = getattr(client, method)
    return send(url, data=json.dumps(body), content_type="application/json")


def test_a_customer_s_value_is_read_as_the_model_computes_it_by_hand(world: World) -> None:
    record = import_example(world)
    file = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    kestrel = next(c for c in file["customers"] if c["name"] == "Kestrel Bay Paper")
    response = _api(world).get(f"/api/models/{record.pk}/customers/{kestrel['id']}/value")
    assert response.status_code == 200
    value = response.json()
    elements = {e["element"]: e["value"] for e in value["elements"]}
    cells = {k: v["value"] for k, v in kestrel["observations"].items()}
    energy = (
        cells["Friction energy losses per year, alternative"]
        - cells["Friction energy losses per year, offering"]
    ) * cells["Electricity price"]
    assert elements["Energy"] == pytest.approx(energy)  # (1,240,000 - 950,000) kWh x $0.081
    # Each element's value carries its sign: an unfavourable one (the sensor installation) counts against.
    unfavourable = [e["name"] for e in file["elements"] if e.get("direction") == "unfavourable"]
    assert unfavourable
    assert all(elements[name] < 0 for name in unfavourable)
    assert value["delta_value"] == pytest.approx(sum(v for v in elements.values() if v is not None))
    machines = kestrel["characteristics"]["Paper machines"]
    large = next(s for s in file["subsegments"] if s["name"] == "Large integrated mills")
    assert value["offering_price"] == file["offering"]["price"]["amount"] * machines
    assert value["alternative_price"] == large["alternative"]["price"]["amount"] * machines
    assert value["delta_price"] == value["offering_price"] - value["alternative_price"]
    assert value["margin"] == pytest.approx(value["delta_value"] - value["delta_price"])
    assert (value["currency"], value["version"]) == ("USD", 1)
    missing = _api(world).get(f"/api/models/{record.pk}/customers/NO-SUCH/value")
    assert missing.status_code == 404


def test_a_crm_pushes_a_customer_s_data_and_saves_it_as_a_version(world: World) -> None:
    record = import_example(world)
    api = _api(world)
    customers = api.get(f"/api/models/{record.pk}/parts?kind=customer").json()
    kestrel = next(p for p in customers if p["data"]["name"] == "Kestrel Bay Paper")
    data = kestrel["data"]
    data["observations"]["Electricity price"] = {
        "value": 0.095,
        "source": "measured",
        "method": "2024 invoices",
    }
    url = f"/api/models/{record.pk}/parts/{kestrel['id']}"
    response = _json(api, "put", url, {"revision": kestrel["revision"], "data": data})
    assert response.status_code == 200
    assert response.json()["revision"] == kestrel["revision"] + 1
    # A second push based on the old revision is refused, with what changed.
    stale = _json(api, "put", url, {"revision": kestrel["revision"], "data": data})
    assert stale.status_code == 409
    assert "Electricity price" in stale.json()["detail"]
    draft = api.get(f"/api/models/{record.pk}/draft").json()
    # The cell was replaced whole: its value and method changed, its date is gone.
    assert (draft["saveable"], draft["changes"], draft["issues"]) == (True, 3, [])
    saved = _json(api, "post", f"/api/models/{record.pk}/draft", {"note": "Prices from the CRM"})
    assert saved.status_code == 201
    assert saved.json()["number"] == 2
    value = api.get(f"/api/models/{record.pk}/customers/{data['id']}/value").json()
    energy = next(e["value"] for e in value["elements"] if e["element"] == "Energy")
    assert energy == pytest.approx((1_240_000 - 950_000) * 0.095)
    assert value["version"] == 2
    again = _json(api, "post", f"/api/models/{record.pk}/draft", {})
    assert again.status_code == 409  # nothing more to save


def test_bad_parts_are_refused_with_each_problem_and_its_field(world: World) -> None:
    record = import_example(world)
    api = _api(world)
    url = f"/api/models/{record.pk}/parts"
    response = _json(api, "post", url, {"kind": "customer", "data": {"id": "X 1", "name": ""}})
    assert response.status_code == 422
    fields = {p["field"] for p in response.json()["problems"]}
    assert {"id", "name"} <= fields
    response = _json(api, "post", url, {"kind": "element", "data": "not an object"})
    assert response.json()["problems"] == [{"field": "data", "message": "the part's fields as a JSON object"}]
    response = api.post(url, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert "character 2" in response.json()["detail"]
    response = _json(api, "post", url, {"kind": "header", "data": {}})
    assert response.status_code == 422
    # A driver an equation needs, removed from the draft by a changed name: the draft says where.
    drivers = api.get(f"{url}?kind=driver").json()
    price = next(d for d in drivers if d["key"] == "Electricity price")
    renamed = {**price["data"], "name": "Power price"}
    changed = _json(api, "put", f"{url}/{price['id']}", {"revision": price["revision"], "data": renamed})
    assert changed.status_code == 200
    saved = _json(api, "post", f"/api/models/{record.pk}/draft", {})
    assert saved.status_code == 422
    assert any("Electricity price" in p["message"] for p in saved.json()["problems"])
    assert ValueModelRecord.objects.get().versions.count() == 1


def test_readers_read_writers_write_and_others_find_nothing(world: World) -> None:
    record = import_example(world)
    part = record.parts.filter(kind="customer").first()
    assert part is not None
    body = {"revision": part.revision, "data": part.data}
    viewer, outsider = _api(world, world.viewer), _api(world, world.outsider)
    assert viewer.get(f"/api/models/{record.pk}/parts/{part.pk}").status_code == 200
    assert _json(viewer, "put", f"/api/models/{record.pk}/parts/{part.pk}", body).status_code == 403
    assert outsider.get(f"/api/models/{record.pk}/parts/{part.pk}").status_code == 404
    assert _json(outsider, "put", f"/api/models/{record.pk}/parts/{part.pk}", body).status_code == 404
    assert _json(outsider, "put", f"/api/models/{record.pk}/parts/{part.pk}", "garbage").status_code == 404
    schema = _api(world).get("/api/openapi.json").json()
    assert "/api/models/{model_id}/parts/{part_id}" in schema["paths"]
    assert "put" in schema["paths"]["/api/models/{model_id}/parts/{part_id}"]


def test_a_part_is_removed_at_the_revision_it_was_read(world: World) -> None:
    record = import_example(world)
    api = _api(world)
    placeholder = api.get(f"/api/models/{record.pk}/parts?kind=placeholder").json()[0]
    url = f"/api/models/{record.pk}/parts/{placeholder['id']}"
    assert api.delete(url).status_code == 422  # which revision it was read at
    assert api.delete(f"{url}?revision={placeholder['revision'] + 5}").status_code == 409
    assert api.delete(f"{url}?revision={placeholder['revision']}").status_code == 204
    assert api.get(url).status_code == 404
    header = api.get(f"/api/models/{record.pk}/parts?kind=header").json()[0]
    kept = api.delete(f"/api/models/{record.pk}/parts/{header['id']}?revision={header['revision']}")
    assert kept.status_code == 422
    assert _api(world, world.viewer).delete(f"{url}?revision=1").status_code == 403
