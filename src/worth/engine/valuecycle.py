"""The value cycle on a customer journey map, and a segment's value creation plan, as plain data.

Managing value to the customer means creating, communicating, delivering, documenting and capturing
a fair share of it: the five spokes of the value cycle. A customer journey map lays touch points
along the stages of the customer's lifecycle, says which spokes each one carries, and for each
stakeholder (persona) the value path: what the buyer's side and the seller's side must do at each
touch point for the value to arrive. The map is a living document: it is reviewed, each review keeps
the map as it was, and the next review starts from what changed since.

The value creation plan (seed 004) holds, per value element, the value to create as a sentence in the
customer's terms, how it is created or captured, and how it is measured in numbers, so that "is value
being created as expected, and how much?" has an answer at every review.

This module holds the rules over a *snapshot* (a JSON-shaped dict of the map, as kept by a review) so
the same checks run on the living map and on any review, and two snapshots can be compared.

>>> snap = {"stages": [{"id": 1, "name": "Evaluate"}], "touch_points": [
...     {"id": 1, "name": "Trial", "stage": "Evaluate", "spokes": ["create", "communicate"]}]}
>>> [spoke for spoke, names in coverage(snap)[0].cells if names]
['create', 'communicate']
>>> [f.where for f in journey_findings(snap) if f.where.startswith("spoke")]
['spoke deliver', 'spoke document', 'spoke capture']
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "COLLECTIONS",
    "SPOKES",
    "Change",
    "FieldDiff",
    "Finding",
    "ReviewState",
    "StageCoverage",
    "changes_between",
    "content_hash",
    "coverage",
    "journey_findings",
    "review_state",
]

Snapshot = Mapping[str, Any]

#: The five spokes of the value cycle, in the order value moves, with what each asks of the map.
SPOKES: tuple[tuple[str, str, str], ...] = (
    ("create", "Create", "value is created for the customer (the offering, its use, the service)"),
    ("communicate", "Communicate", "how the value is created is shown to the customer (value calculator)"),
    ("deliver", "Deliver", "the value reaches the customer through implementation, success and support"),
    ("document", "Document", "the value delivered is compared with the value promised (value documenter)"),
    ("capture", "Capture", "a fair share of the value created is captured through value-based pricing"),
)
SPOKE_KEYS = tuple(key for key, _, _ in SPOKES)

#: The collections a snapshot holds, each with the field that names an item and what it is called.
COLLECTIONS: tuple[tuple[str, str, str], ...] = (
    ("stages", "name", "stage"),
    ("touch_points", "name", "touch point"),
    ("personas", "name", "stakeholder"),
    ("steps", "label", "value path step"),
    ("opportunities", "description", "gap or opportunity"),
    ("plan", "value_to_create", "value creation plan line"),
)

#: The map's own fields a review compares.
MAP_FIELDS = ("name", "scope", "subsegment", "review_every_days")


@dataclass(frozen=True)
class Finding:
    """Something the map lacks for the value cycle to turn: where it is and what to do about it."""

    severity: Literal["gap", "advice"]
    where: str
    message: str


@dataclass(frozen=True)
class StageCoverage:
    """One stage of the journey and, per spoke, the names of its touch points that carry it."""

    stage: str
    cells: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def spokes_carried(self) -> int:
        return sum(1 for _, names in self.cells if names)


def _items(snapshot: Snapshot, collection: str) -> list[Mapping[str, Any]]:
    found = snapshot.get(collection) or []
    return [item for item in found if isinstance(item, Mapping)]


def coverage(snapshot: Snapshot) -> list[StageCoverage]:
    """The journey as a grid: stages in their order (then touch points on no known stage) by spokes.

    >>> snap = {"stages": [{"name": "Use"}], "touch_points": [{"name": "Audit", "stage": "Other",
    ...     "spokes": ["document"]}]}
    >>> [(row.stage, row.spokes_carried) for row in coverage(snap)]
    [('Use', 0), ('Other', 1)]
    """
    stages = [str(s.get("name", "")) for s in _items(snapshot, "stages")]
    points = _items(snapshot, "touch_points")
    extra = [str(p.get("stage", "")) for p in points if str(p.get("stage", "")) not in stages]
    rows = []
    for stage in [*stages, *dict.fromkeys(extra)]:
        here = [p for p in points if str(p.get("stage", "")) == stage]
        cells = tuple(
            (key, tuple(str(p.get("name", "")) for p in here if key in (p.get("spokes") or [])))
            for key in SPOKE_KEYS
        )
        rows.append(StageCoverage(stage, cells))
    return rows


def journey_findings(snapshot: Snapshot, elements: Sequence[str] = ()) -> list[Finding]:
    """Gaps in the value cycle and the method's advice, in the order a team would mend them.

    ``elements`` are the favourable value elements of the segment's model: each should be created
    somewhere on the journey and have a line in the value creation plan.

    >>> snap = {"touch_points": [{"name": "Kick-off", "spokes": ["deliver"]}],
    ...         "personas": [{"name": "Mill manager"}], "plan": [{"value_to_create": "Less downtime",
    ...         "element": "Uptime", "measure": "hours a year"}]}
    >>> for f in journey_findings(snap, ["Uptime", "Energy"]):
    ...     print(f.severity, "|", f.where)
    gap | spoke create
    gap | spoke communicate
    gap | spoke document
    gap | spoke capture
    gap | stakeholder Mill manager
    gap | element Uptime
    gap | element Energy
    gap | element Energy
    gap | plan Less downtime
    """
    points = _items(snapshot, "touch_points")
    return [
        *_spoke_gaps(points),
        *_stage_gaps(_items(snapshot, "stages"), points),
        *_touch_point_findings(points),
        *_path_gaps(_items(snapshot, "personas"), _items(snapshot, "steps")),
        *_element_gaps(snapshot, points, elements),
        *_plan_gaps(_items(snapshot, "plan")),
    ]


Items = list[Mapping[str, Any]]


def _spoke_gaps(points: Items) -> list[Finding]:
    out = []
    for key, _label, why in SPOKES:
        if not any(key in (p.get("spokes") or []) for p in points):
            out.append(Finding("gap", f"spoke {key}", f"No touch point {key}s value: {why}."))
    return out


def _stage_gaps(stages: Items, points: Items) -> list[Finding]:
    return [
        Finding("gap", f"stage {name}", f"The stage “{name}” has no touch point yet.")
        for name in (str(stage.get("name", "")) for stage in stages)
        if not any(str(p.get("stage", "")) == name for p in points)
    ]


def _touch_point_findings(points: Items) -> list[Finding]:
    out = []
    for point in points:
        name = str(point.get("name", ""))
        spokes = point.get("spokes") or []
        if not spokes:
            out.append(
                Finding("gap", f"touch point {name}", f"“{name}” carries no spoke of the value cycle.")
            )
        if "document" in spokes and point.get("tool") != "documenter":
            out.append(
                Finding(
                    "advice",
                    f"touch point {name}",
                    f"“{name}” documents value: a value documenter compares what was delivered with what "
                    "was promised, and the customer can confirm it.",
                )
            )
        if "communicate" in spokes and point.get("tool") not in ("calculator", "case-history"):
            out.append(
                Finding(
                    "advice",
                    f"touch point {name}",
                    f"“{name}” communicates value: a value calculator with the customer's own data, or a "
                    "case history, makes the claim believable.",
                )
            )
    return out


def _path_gaps(personas: Items, steps: Items) -> list[Finding]:
    out = []
    for persona in personas:
        name = str(persona.get("name", ""))
        if not any(str(s.get("persona", "")) == name for s in steps):
            out.append(
                Finding(
                    "gap",
                    f"stakeholder {name}",
                    f"{name} has no value path: no step says what the buyer's and the seller's side must do "
                    "for the value to reach them.",
                )
            )
    for step in steps:
        buyer = str(step.get("buyer_action", "")).strip()
        if not buyer or not str(step.get("seller_action", "")).strip():
            side = "buyer's" if not buyer else "seller's"
            label = str(step.get("label", ""))
            out.append(Finding("gap", f"step {label}", f"{label}: the {side} action is not written yet."))
    return out


def _element_gaps(snapshot: Snapshot, points: Items, elements: Sequence[str]) -> list[Finding]:
    named = {str(p.get("element", "")) for p in points} | {
        str(o.get("element", "")) for o in _items(snapshot, "opportunities")
    }
    planned = {str(line.get("element", "")) for line in _items(snapshot, "plan")}
    out = []
    for element in elements:
        if element not in named:
            out.append(
                Finding(
                    "gap",
                    f"element {element}",
                    f"No touch point names {element}: say where on the journey its value is created.",
                )
            )
        if element not in planned:
            out.append(
                Finding(
                    "gap",
                    f"element {element}",
                    f"The value creation plan has no line for {element}: what value to create, how, and "
                    "how it is measured.",
                )
            )
    return out


def _plan_gaps(plan: Items) -> list[Finding]:
    return [
        Finding(
            "gap",
            f"plan {what}",
            f"“{what}” has no minimum in numbers: a measure must let the team count, sum and work out the "
            "percentage achieved.",
        )
        for line in plan
        if line.get("minimum") in (None, "")
        for what in [str(line.get("value_to_create", ""))]
    ]


@dataclass(frozen=True)
class FieldDiff:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    """One item of the map added, removed or changed between two snapshots."""

    what: str
    name: str
    how: Literal["added", "removed", "changed"]
    fields: tuple[FieldDiff, ...] = ()


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _diffs(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[FieldDiff, ...]:
    keys = [k for k in dict.fromkeys([*old, *new]) if k not in ("id", "label")]
    return tuple(
        FieldDiff(k, _shown(old.get(k)), _shown(new.get(k))) for k in keys if old.get(k) != new.get(k)
    )


def changes_between(old: Snapshot | None, new: Snapshot) -> list[Change]:
    """What changed from ``old`` to ``new``, item by item (matched by id, so a rename is a change).

    >>> old = {"name": "Mills", "stages": [{"id": 1, "name": "Buy"}, {"id": 2, "name": "Use"}]}
    >>> new = {"name": "Mills", "stages": [{"id": 1, "name": "Purchase"}, {"id": 3, "name": "Renew"}]}
    >>> [(c.how, c.name, [(f.old, f.new) for f in c.fields]) for c in changes_between(old, new)]
    [('changed', 'Purchase', [('Buy', 'Purchase')]), ('added', 'Renew', []), ('removed', 'Use', [])]
    """
    if old is None:
        return []
    out: list[Change] = []
    map_diffs = _diffs({k: old.get(k) for k in MAP_FIELDS}, {k: new.get(k) for k in MAP_FIELDS})
    if map_diffs:
        out.append(Change("map", str(new.get("name", "")), "changed", map_diffs))
    for collection, name_field, what in COLLECTIONS:
        before = {item.get("id"): item for item in _items(old, collection)}
        after = {item.get("id"): item for item in _items(new, collection)}
        for key, item in after.items():
            name = str(item.get(name_field, ""))
            if key not in before:
                out.append(Change(what, name, "added"))
            elif diffs := _diffs(before[key], item):
                out.append(Change(what, name, "changed", diffs))
        out.extend(
            Change(what, str(item.get(name_field, "")), "removed")
            for key, item in before.items()
            if key not in after
        )
    return out


@dataclass(frozen=True)
class ReviewState:
    """When the map was last reviewed, when the next review is due, and how far off that is."""

    last: dt.date | None
    due: dt.date | None
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def review_state(last: dt.date | None, every_days: int, today: dt.date) -> ReviewState:
    """The next review ``every_days`` after the last one (never reviewed: due now).

    >>> review_state(dt.date(2026, 9, 1), 90, dt.date(2026, 12, 3))
    ReviewState(last=datetime.date(2026, 9, 1), due=datetime.date(2026, 11, 30), days_left=-3)
    """
    if every_days < 1:
        raise ValueError(f"review every {every_days} days: give a whole number of days, 1 or more")
    if last is None:
        return ReviewState(None, today, 0)
    due = last + dt.timedelta(days=every_days)
    return ReviewState(last, due, (due - today).days)


def content_hash(snapshot: Snapshot) -> str:
    """The sha256 of the snapshot's canonical JSON: two reviews of an unchanged map hash alike."""
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
