"""One journey map as the engine sees it, its review against the documenters, and taking a review.

The map's records become a snapshot (the engine's plain data), so the checks run alike on the living
map and on any review, and a review is that snapshot kept. The value creation plan is reviewed
against the value documenters of the project's customers in the map's subsegment: for each plan line
naming a value element, how many documenters measure it, the value they promised and documented, how
many customers reached the minimum the plan seeks, and how many confirmed it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from worth.apps.realization.figures import documenter_figures
from worth.apps.realization.models import Documenter
from worth.apps.valuecycle.models import JourneyMap, Review
from worth.apps.valuemodels.versions import element_names
from worth.engine.model.errors import ModelError
from worth.engine.valuecycle import (
    Change,
    Finding,
    ReviewState,
    changes_between,
    content_hash,
    journey_findings,
    review_state,
)

__all__ = [
    "MapFigures",
    "PlanReview",
    "last_review",
    "map_figures",
    "plan_review",
    "snapshot",
    "state",
    "take_review",
]


def snapshot(journey: JourneyMap) -> dict[str, Any]:
    """The map, its value paths, gaps and plan as plain data, in the order the page shows them."""
    stages = list(journey.stages.all())
    points = list(journey.touch_points.select_related("stage"))
    personas = list(journey.personas.all())
    steps = list(journey.steps.select_related("persona", "touch_point"))
    return {
        "name": journey.name,
        "scope": journey.scope,
        "subsegment": journey.subsegment,
        "review_every_days": journey.review_every_days,
        "stages": [{"id": s.pk, "name": s.name, "description": s.description} for s in stages],
        "touch_points": [
            {
                "id": p.pk,
                "name": p.name,
                "stage": p.stage.name,
                "channel": p.channel,
                "spokes": p.spokes(),
                "element": p.element,
                "tool": p.tool,
                "description": p.description,
            }
            for p in points
        ],
        "personas": [{"id": p.pk, "name": p.name, "role": p.role, "values": p.values} for p in personas],
        "steps": [
            {
                "id": s.pk,
                "label": f"{s.persona.name} at {s.touch_point.name}",
                "persona": s.persona.name,
                "touch_point": s.touch_point.name,
                "buyer_action": s.buyer_action,
                "seller_action": s.seller_action,
            }
            for s in steps
        ],
        "opportunities": [
            {
                "id": o.pk,
                "kind": o.kind,
                "touch_point": o.touch_point.name if o.touch_point else "",
                "description": o.description,
                "element": o.element,
                "status": o.status,
            }
            for o in journey.opportunities.select_related("touch_point")
        ],
        "plan": [
            {
                "id": line.pk,
                "element": line.element,
                "value_to_create": line.value_to_create,
                "how_created": line.how_created,
                "measure": line.measure,
                "unit": line.unit,
                "minimum": None if line.minimum is None else str(line.minimum),
            }
            for line in journey.plan.all()
        ],
    }


@dataclass(frozen=True)
class PlanReview:
    """One plan line against the documenters that measure its element."""

    line_id: int
    value_to_create: str
    element: str
    minimum: float | None
    documenters: int
    measured: int
    promised: float
    documented: float
    reached_minimum: int
    confirmed: int
    currency: str

    @property
    def achieved(self) -> float:
        """Documented over promised, over the documenters that measured it (NaN before any result)."""
        return self.documented / self.promised if self.measured and self.promised else math.nan


def _documenters(journey: JourneyMap) -> list[Documenter]:
    found = Documenter.objects.filter(project=journey.project).select_related("estimate", "estimate__version")
    if journey.subsegment:
        found = found.filter(estimate__subsegment=journey.subsegment)
    return list(found.prefetch_related("plan", "measurements"))


def plan_review(journey: JourneyMap) -> list[PlanReview]:
    """Each plan line naming an element, against the documenters of the map's customers."""
    figures = []
    for documenter in _documenters(journey):
        try:
            figures.append(documenter_figures(documenter))
        except (ModelError, ValueError):
            continue  # a documenter whose model no longer computes is shown on its own page
    rows = []
    for line in journey.plan.all():
        if not line.element:
            continue
        minimum = None if line.minimum is None else float(line.minimum)
        found = [(f, e) for f in figures for e in f.elements if e.plan.element == line.element]
        measured = [(f, e) for f, e in found if e.standing != "not measured"]
        rows.append(
            PlanReview(
                line.pk,
                line.value_to_create,
                line.element,
                minimum,
                len(found),
                len(measured),
                math.fsum(e.realized.promised for _, e in measured),
                math.fsum(e.realized.documented for _, e in measured),
                sum(1 for _, e in measured if minimum is not None and e.realized.documented >= minimum),
                sum(1 for _, e in measured if e.customer == "confirmed"),
                found[0][0].currency if found else journey.project.program.currency,
            )
        )
    return rows


def last_review(journey: JourneyMap) -> Review | None:
    return journey.reviews.order_by("-number").first()


def state(journey: JourneyMap, today: dt.date | None = None) -> ReviewState:
    last = last_review(journey)
    return review_state(
        last.reviewed_on if last else None, journey.review_every_days, today or timezone.localdate()
    )


def take_review(journey: JourneyMap, user: User, *, note: str, on: dt.date | None = None) -> Review:
    """Keep the map as it is now, with the plan's standing, and set the next review date."""
    day = on or timezone.localdate()
    with transaction.atomic():
        locked = JourneyMap.objects.select_for_update().get(pk=journey.pk)
        content = snapshot(locked)
        number = (locked.reviews.aggregate(n=Max("number"))["n"] or 0) + 1
        rows = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in asdict(r).items()}
            for r in plan_review(locked)
        ]
        return Review.objects.create(
            journey=locked,
            number=number,
            reviewed_on=day,
            reviewed_by=user,
            note=note,
            next_review=day + dt.timedelta(days=locked.review_every_days),
            content=content,
            plan_review=rows,
            sha256=content_hash(content),
        )


@dataclass(frozen=True)
class MapFigures:
    """What the map's page and the API both show: the map as data, its gaps, its review state, its plan."""

    content: dict[str, Any]
    findings: list[Finding]
    state: ReviewState
    last: Review | None
    since: list[Change]
    plan: list[PlanReview] | None
    """``None`` for a reader who sees only their own accounts: the review counts every customer's results."""


def map_figures(journey: JourneyMap, *, team_view: bool) -> MapFigures:
    content = snapshot(journey)
    last = last_review(journey)
    return MapFigures(
        content,
        journey_findings(content, element_names(journey.project, favourable_only=True)),
        state(journey),
        last,
        changes_between(last.content, content) if last else [],
        plan_review(journey) if team_view else None,
    )
