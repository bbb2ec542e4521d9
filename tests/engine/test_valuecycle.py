"""The value cycle's rules over a journey map snapshot, each outcome worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from worth.engine.valuecycle import changes_between, content_hash, coverage, journey_findings, review_state

MAP = {
    "name": "Large mills",
    "scope": "Large paper mills",
    "subsegment": "",
    "review_every_days": 90,
    "stages": [{"id": 1, "name": "Buy"}, {"id": 2, "name": "Use"}, {"id": 3, "name": "Renew"}],
    "touch_points": [
        {
            "id": 10,
            "name": "Proposal",
            "stage": "Buy",
            "spokes": ["communicate", "capture"],
            "tool": "calculator",
            "element": "Downtime",
        },
        {"id": 11, "name": "Report", "stage": "Use", "spokes": ["create", "deliver"], "element": "Energy"},
        {"id": 12, "name": "Review", "stage": "Use", "spokes": ["document"], "tool": ""},
    ],
    "personas": [{"id": 20, "name": "Manager"}, {"id": 21, "name": "Controller"}],
    "steps": [
        {
            "id": 30,
            "label": "Manager at Report",
            "persona": "Manager",
            "touch_point": "Report",
            "buyer_action": "Reads it",
            "seller_action": "",
        }
    ],
    "opportunities": [],
    "plan": [
        {"id": 40, "element": "Downtime", "value_to_create": "No stops", "measure": "h", "minimum": "100"}
    ],
}


def test_the_grid_places_each_touch_point_under_its_stage_and_spokes() -> None:
    grid = {row.stage: dict(row.cells) for row in coverage(MAP)}
    assert grid["Buy"]["communicate"] == ("Proposal",)
    assert grid["Buy"]["capture"] == ("Proposal",)
    assert grid["Use"]["create"] == ("Report",)
    assert grid["Use"]["document"] == ("Review",)
    assert grid["Renew"] == {k: () for k in ("create", "communicate", "deliver", "document", "capture")}
    assert [row.spokes_carried for row in coverage(MAP)] == [2, 3, 0]


def test_the_findings_name_each_gap_once() -> None:
    found = [(f.severity, f.where) for f in journey_findings(MAP, ["Downtime", "Energy", "Uptime"])]
    assert found == [
        ("gap", "stage Renew"),  # every spoke is carried somewhere, but not at this stage
        ("advice", "touch point Review"),  # documents value without a value documenter
        ("gap", "stakeholder Controller"),  # no value path
        ("gap", "step Manager at Report"),  # the seller's side is not written
        ("gap", "element Energy"),  # named on the journey, but no plan line
        ("gap", "element Uptime"),  # neither on the journey
        ("gap", "element Uptime"),  # nor in the plan
    ]
    messages = {f.where: f.message for f in journey_findings(MAP)}
    assert messages["step Manager at Report"] == "Manager at Report: the seller's action is not written yet."


def test_changes_are_matched_by_id_with_each_field_old_and_new() -> None:
    new = {
        **MAP,
        "review_every_days": 60,
        "touch_points": [
            {**MAP["touch_points"][0], "spokes": ["communicate"]},  # type: ignore[dict-item]
            *MAP["touch_points"][1:],  # type: ignore[misc]
        ],
        "personas": [MAP["personas"][0]],  # type: ignore[index]
        "plan": [*MAP["plan"], {"id": 41, "value_to_create": "Less power", "measure": "MWh"}],  # type: ignore[misc]
    }
    changes = [
        (c.what, c.name, c.how, [(f.field, f.old, f.new) for f in c.fields])
        for c in changes_between(MAP, new)
    ]
    assert changes == [
        ("map", "Large mills", "changed", [("review_every_days", "90", "60")]),
        ("touch point", "Proposal", "changed", [("spokes", "communicate, capture", "communicate")]),
        ("stakeholder", "Controller", "removed", []),
        ("value creation plan line", "Less power", "added", []),
    ]
    assert changes_between(None, MAP) == []
    assert changes_between(MAP, dict(MAP)) == []


def test_the_next_review_is_due_every_so_many_days() -> None:
    state = review_state(dt.date(2026, 1, 31), 30, dt.date(2026, 3, 2))
    assert state.due == dt.date(2026, 3, 2)
    assert state.days_left == 0
    assert not state.overdue
    late = review_state(dt.date(2026, 1, 31), 30, dt.date(2026, 3, 3))
    assert late.days_left == -1
    assert late.overdue
    never = review_state(None, 90, dt.date(2026, 3, 3))
    assert never.due == dt.date(2026, 3, 3)
    assert not never.overdue
    with pytest.raises(ValueError, match="review every 0 days"):
        review_state(None, 0, dt.date(2026, 3, 3))


def test_the_hash_follows_the_content_not_the_order_of_keys() -> None:
    same = dict(reversed(list(MAP.items())))
    assert content_hash(same) == content_hash(MAP)
    assert content_hash({**MAP, "scope": "Small mills"}) != content_hash(MAP)
