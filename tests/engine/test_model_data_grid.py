"""The research data grid of the demo model, counted independently from the file itself."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from worth.engine.model.data_grid import data_grid
from worth.engine.model.io import load_model, parse_model

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return data


def test_every_cell_is_counted_by_its_source_as_the_file_says(raw: dict[str, Any]) -> None:
    grid = data_grid(load_model(EXAMPLE))
    by_hand = Counter(o["source"] for c in raw["customers"] for o in c.get("observations", {}).values())
    sample = [c for c in raw["customers"] if c.get("observations")]
    # A research customer without an observation of a driver whose default is used: the default's source.
    fallbacks = [
        (c["name"], d["name"]) for c in sample for d in raw["drivers"]
        if d["name"] not in c["observations"] and d.get("default", {}).get("fallback")
    ]  # fmt: skip
    by_hand.update(
        d["default"]["source"] for c in sample for d in raw["drivers"] if (c["name"], d["name"]) in fallbacks
    )
    assert fallbacks  # the demo uses a default somewhere, so this counts something
    counts = grid.counts()
    assert {k: v for k, v in counts.items() if k != "missing"} == {
        k: by_hand.get(k, 0)
        for k in ("measured", "customer-estimate", "outside-study", "supplier-assumption")
    }
    drivers = [d["name"] for d in raw["drivers"]]
    missing = [(c["name"], d) for c in sample for d in drivers if d not in c["observations"]]
    missing = [m for m in missing if m not in fallbacks]
    missing += [
        (c["name"], ch["name"]) for c in raw["customers"] for ch in raw["characteristics"]
        if ch["name"] not in c.get("characteristics", {})
    ]  # fmt: skip
    assert counts["missing"] == len(missing)
    assert sum(grid.missing_by_column().values()) == len(missing)
    assert len(grid.rows) == len(raw["customers"])
    assert len(grid.columns) == len(raw["characteristics"]) + len(drivers)


def test_research_customers_first_and_prospects_are_not_researched(raw: dict[str, Any]) -> None:
    grid = data_grid(load_model(EXAMPLE))
    researched = [bool(r.customer.observations) for r in grid.rows]
    assert researched == sorted(researched, reverse=True)
    prospect = grid.rows[-1]
    drivers = [i for i, c in enumerate(grid.columns) if c.kind == "driver"]
    assert {prospect.cells[i].state for i in drivers} == {"not researched"}
    assert all(r.subsegment for r in grid.rows)  # assigned, or by the subsegment rules


def test_a_driver_default_fills_a_missing_cell_and_says_so(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(load_model(EXAMPLE).to_data())
    driver = data["drivers"][0]
    driver["default"] = {
        "value": 30,
        "source": "outside-study",
        "assumption": "Industry survey",
        "fallback": True,
    }
    first = data["customers"][0]
    del first["observations"][driver["name"]]
    grid = data_grid(parse_model(data))
    column = next(i for i, c in enumerate(grid.columns) if c.name == driver["name"])
    cell = next(r for r in grid.rows if r.customer.id == first["id"]).cells[column]
    assert (cell.state, cell.value, cell.source, cell.method) == (
        "fallback",
        30,
        "outside-study",
        "Industry survey",
    )
    assert not cell.perception
    estimate = next(c for r in grid.rows for c in r.cells if c.source == "customer-estimate")
    assert estimate.perception
