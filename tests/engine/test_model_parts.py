"""A model taken apart into the parts a team edits, and joined back: nothing lost, nothing added."""

from __future__ import annotations

import copy

import pytest
from tests.payloads import EXAMPLE

from worth.engine.model.canonical import canonical_data
from worth.engine.model.errors import ModelError
from worth.engine.model.io import load_model, parse_model
from worth.engine.model.parts import join_parts, part_changes, split_parts


def _example() -> dict:
    return canonical_data(load_model(EXAMPLE))


def test_joining_the_parts_of_a_model_gives_the_model_back() -> None:
    data = _example()
    parts = split_parts(data)
    assert join_parts(parts) == data
    assert parse_model(join_parts(reversed(parts))) == parse_model(data)


def test_each_part_is_named_as_the_file_names_it() -> None:
    data = _example()
    parts = split_parts(data)
    by_kind: dict[str, list[str]] = {}
    for part in parts:
        by_kind.setdefault(part.kind, []).append(part.key)
    assert by_kind["header"] == ["header"]
    assert by_kind["offering"] == ["offering"]
    assert by_kind["element"] == [e["name"] for e in data["elements"]]
    assert by_kind["customer"] == [c["id"] for c in data["customers"]]
    head = data["quantities"][0]["equation"].split("=")[0].strip()
    assert by_kind["quantity"][0] == head
    counted = sum(
        len(data[field])
        for field in (
            "subsegments",
            "characteristics",
            "drivers",
            "constants",
            "quantities",
            "elements",
            "placeholders",
            "customers",
        )
    )
    assert len(parts) == 3 + counted


def test_a_part_moved_in_its_list_moves_in_the_model() -> None:
    data = _example()
    parts = split_parts(data)
    drivers = [p for p in parts if p.kind == "driver"]
    first, last = drivers[0], drivers[-1]
    swapped = [
        type(p)(
            p.kind,
            p.key,
            last.position if p is first else first.position if p is last else p.position,
            p.data,
        )
        for p in parts
    ]
    names = [d["name"] for d in join_parts(swapped)["drivers"]]
    assert names[0] == last.key
    assert names[-1] == first.key


def test_a_part_s_history_reads_field_by_field() -> None:
    element = copy.deepcopy(_example()["elements"][0])
    changed = copy.deepcopy(element)
    changed["assumptions"] = [*element.get("assumptions", []), "Checked with the mill's logs"]
    subsegment = next(iter(element["classification"]))
    was = element["classification"][subsegment].get("status", "hypothesized")
    changed["classification"][subsegment]["status"] = "contested" if was != "contested" else "hypothesized"
    changes = list(part_changes("element", element["name"], element, changed))
    fields = sorted(c.field for c in changes)
    assert fields == sorted(["assumptions", f"agreement in {subsegment}"])
    assert all(c.part == "value element" and c.name == element["name"] for c in changes)
    first = list(part_changes("element", element["name"], {}, element))
    assert {c.kind for c in first} == {"added"}


def test_an_empty_model_joins_to_data_the_engine_refuses_by_field() -> None:
    data = join_parts([])
    assert data == {"elements": []}
    with pytest.raises(ModelError) as refused:
        parse_model(data)
    paths = {issue.path[0] for issue in refused.value.issues if issue.path}
    assert {"name", "currency", "offering", "segment"} <= paths


def test_a_part_is_kept_in_the_file_s_form_whoever_wrote_it() -> None:
    import pydantic

    from worth.engine.model.parts import canonical_part

    written = {"name": "Hours", "unit": "h/yr", "description": ""}
    assert canonical_part("driver", written) == {"name": "Hours", "unit": "h/yr"}  # defaults left out
    element = _example()["elements"][0]
    assert canonical_part("element", element) == element  # a part from a file is already in that form
    assert canonical_part("header", {"name": "M", "currency": "EUR", "description": ""}) == {
        "schema_version": 1,
        "name": "M",
        "currency": "EUR",
    }
    with pytest.raises(pydantic.ValidationError) as refused:
        canonical_part("constant", {"name": "Rate", "value": "eight hundred", "unit": "EUR/h"})
    assert {e["loc"][0] for e in refused.value.errors()} == {"value", "source"}
