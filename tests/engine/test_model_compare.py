"""Comparing two versions of a model: every change named as people name it, totals before and after."""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import pytest

from worth.engine.model.canonical import canonical, canonical_json, content_sha256
from worth.engine.model.compare import compare, compare_models, content_counts, describe_value
from worth.engine.model.io import dump_model, parse_model, read_model_text
from worth.engine.model.schema import ValueModel

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"


@pytest.fixture(scope="module")
def base_data() -> dict[str, Any]:
    return read_model_text(EXAMPLE.read_text(encoding="utf-8")).model.to_data()


def changed(data: dict[str, Any], edit: Any) -> ValueModel:
    new = copy.deepcopy(data)
    edit(new)
    return parse_model(new)


def by_name(items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(item for item in items if item.get("name") == name)


def test_the_same_model_in_other_words_hashes_the_same(base_data: dict[str, Any]) -> None:
    model = parse_model(base_data)
    as_json = read_model_text(dump_model(model, "json"), fmt="json").model
    assert canonical_json(model) == canonical_json(as_json)
    assert content_sha256(model) == content_sha256(as_json)
    assert compare_models(model, as_json) == []
    edited = changed(base_data, lambda d: d.update(description=d["description"] + " Revised."))
    assert content_sha256(edited) != content_sha256(model)


def test_a_versions_hash_is_the_sha256_of_its_sorted_compact_json(base_data: dict[str, Any]) -> None:
    # What a version stores (the data and the hash worked out together) against the hash by hand.
    import hashlib
    import json

    model = parse_model(base_data)
    content = canonical(model)
    text = json.dumps(content.data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert content.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest() == content_sha256(model)
    assert "$schema" not in content.data
    assert content.data["name"] == base_data["name"]


def test_a_data_cell_change_is_one_cell_and_moves_the_total_by_hand(base_data: dict[str, Any]) -> None:
    old = parse_model(base_data)

    def edit(d: dict[str, Any]) -> None:
        cell = d["customers"][0]["observations"]["Contribution margin per production hour"]
        cell["value"] = cell["value"] + 1000

    new = changed(base_data, edit)
    found = compare(old, new)
    first = base_data["customers"][0]
    label = f"{first['name']} · Contribution margin per production hour"
    assert [(c.kind, c.part, c.name, c.field) for c in found.changes] == [
        ("changed", "data cell", label, "value")
    ]
    assert found.changes[0].new - found.changes[0].old == 1000
    # By hand: only "Unplanned downtime" reads the margin: (hours avoided) x margin, so this customer's
    # value moves by hours avoided x 1000, and the subsegment mean by that over its customers.
    obs = first["observations"]
    hours = (
        obs["Unplanned downtime hours per year, alternative"]["value"]
        - obs["Unplanned downtime hours per year, offering"]["value"]
    )
    in_subsegment = sum(
        1
        for c in base_data["customers"]
        if c.get("subsegment") == first["subsegment"] and c.get("observations")
    )
    totals = {t.subsegment: t for t in found.totals}
    assert totals[first["subsegment"]].difference == pytest.approx(hours * 1000 / in_subsegment)
    other = next(s for s in totals if s != first["subsegment"])
    assert totals[other].difference == 0
    assert totals[first["subsegment"]].share == pytest.approx(
        hours * 1000 / in_subsegment / totals[first["subsegment"]].mean_before
    )


def test_elements_added_removed_and_edited_field_by_field(base_data: dict[str, Any]) -> None:
    def edit(d: dict[str, Any]) -> None:
        energy = by_name(d["elements"], "Energy")
        energy["assumptions"] = [*energy["assumptions"], "Prices are hedged for two years."]
        energy["classification"]["Large integrated mills"] = {
            "as": "point-of-contention",
            "status": "contested",
        }
        d["elements"] = [e for e in d["elements"] if e["name"] != "Delivery lead time"]
        d["elements"].append(
            {
                "name": "Spare parts stock",
                "category": "economic",
                "classification": {s["name"]: {"as": "point-of-parity"} for s in d["subsegments"]},
            }
        )

    found = compare_models(parse_model(base_data), changed(base_data, edit))
    rows = {(c.kind, c.name, c.field) for c in found}
    assert ("removed", "Delivery lead time", "") in rows
    assert ("added", "Spare parts stock", "") in rows
    assert ("changed", "Energy", "assumptions") in rows
    assert ("changed", "Energy", "classification in Large integrated mills") in rows
    assert ("changed", "Energy", "agreement in Large integrated mills") in rows
    status = next(c for c in found if c.field == "agreement in Large integrated mills")
    assert (status.old, status.new) == ("hypothesized", "contested")  # the default is spelled out
    assert content_counts(found) == {"element": 3}


def test_customers_added_and_removed_and_their_characteristics(base_data: dict[str, Any]) -> None:
    def edit(d: dict[str, Any]) -> None:
        gone = d["customers"].pop()
        newcomer = copy.deepcopy(d["customers"][0])
        newcomer["id"], newcomer["name"] = "NB-NEW", "Newcomer Mill"
        d["customers"].append(newcomer)
        d["customers"][0]["characteristics"]["Mill age"] = 39
        d["gone"] = gone["name"]

    new_data = copy.deepcopy(base_data)
    edit(new_data)
    gone = new_data.pop("gone")
    found = compare_models(parse_model(base_data), parse_model(new_data))
    rows = {(c.kind, c.part, c.name, c.field) for c in found}
    first = base_data["customers"][0]["name"]
    assert ("removed", "customer", gone, "") in rows
    assert ("added", "customer", "Newcomer Mill", "") in rows
    assert ("changed", "data cell", f"{first} · Mill age", "value") in rows


def test_the_model_s_own_fields_and_prices(base_data: dict[str, Any]) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["offering"]["price"]["amount"] = d["offering"]["price"]["amount"] + 4000

    found = compare_models(parse_model(base_data), changed(base_data, edit))
    assert [(c.part, c.field) for c in found] == [("model", "offering price")]


def test_totals_of_a_subsegment_only_one_version_has_are_not_numbers(base_data: dict[str, Any]) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["subsegments"][1]["name"] = "Mid-size mills"
        for customer in d["customers"]:
            if customer.get("subsegment") == base_data["subsegments"][1]["name"]:
                customer["subsegment"] = "Mid-size mills"
        for element in d["elements"]:
            element["classification"]["Mid-size mills"] = element["classification"].pop(
                base_data["subsegments"][1]["name"]
            )

    found = compare(parse_model(base_data), changed(base_data, edit))
    totals = {t.subsegment: t for t in found.totals}
    assert math.isnan(totals["Mid-size mills"].mean_before)
    assert totals["Mid-size mills"].customers_before == 0
    assert math.isnan(totals[base_data["subsegments"][1]["name"]].mean_after)
    assert math.isnan(totals["Mid-size mills"].share)


def test_values_read_as_words() -> None:
    assert describe_value(None) == ""
    assert describe_value(9800.0) == "9,800"
    assert describe_value(0.072) == "0.072"
    assert describe_value(True) == "yes"
    assert describe_value("point-of-difference") == "point of difference"
    assert describe_value("NB-L01") == "NB-L01"
    assert describe_value(["a", "b"]) == "a; b"
    assert describe_value({"name": "X", "equation": "V = [A]", "category": "economic"}) == "equation: V = [A]"
    assert describe_value("x" * 400).endswith("…")
    assert len(describe_value("x" * 400)) == 300
