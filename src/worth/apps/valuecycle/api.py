"""A journey map in the JSON API: the map as data, what the value cycle lacks, its reviews and its plan."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from worth.apps.programs.access import project_for, sees_own_customers_only
from worth.apps.valuecycle.models import JourneyMap
from worth.apps.valuecycle.services import map_figures

router = Router(tags=["value cycle"])


class FindingOut(Schema):
    severity: str
    where: str
    message: str


class ReviewOut(Schema):
    number: int
    reviewed_on: dt.date
    next_review: dt.date
    note: str
    sha256: str


class PlanReviewOut(Schema):
    element: str
    value_to_create: str
    minimum: float | None
    documenters: int
    measured: int
    promised: float
    documented: float
    achieved: float | None
    reached_minimum: int
    confirmed: int
    currency: str


class JourneyMapOut(Schema):
    id: int
    project: int
    content: dict[str, Any]
    findings: list[FindingOut]
    next_review: dt.date | None
    overdue: bool
    reviews: list[ReviewOut]
    plan_review: list[PlanReviewOut] | None


@router.get(
    "/journey-maps/{map_id}",
    response=JourneyMapOut,
    url_name="journey_map",
    summary="A customer journey map with the value cycle, its gaps, reviews and the plan against documenters",
)
def get_journey_map(request: HttpRequest, map_id: int) -> JourneyMapOut:
    user = request.auth  # type: ignore[attr-defined]
    journey = JourneyMap.objects.filter(pk=map_id).select_related("project", "project__program").first()
    if journey is None:
        raise Http404("No such journey map")
    project_for(user, journey.project_id)
    found = map_figures(journey, team_view=not sees_own_customers_only(user))
    rows = found.plan
    return JourneyMapOut(
        id=journey.pk,
        project=journey.project_id,
        content=found.content,
        findings=[FindingOut(severity=f.severity, where=f.where, message=f.message) for f in found.findings],
        next_review=found.state.due,
        overdue=found.state.overdue,
        reviews=[
            ReviewOut(
                number=r.number,
                reviewed_on=r.reviewed_on,
                next_review=r.next_review,
                note=r.note,
                sha256=r.sha256,
            )
            for r in journey.reviews.all()
        ],
        plan_review=None
        if rows is None
        else [
            PlanReviewOut(
                element=r.element,
                value_to_create=r.value_to_create,
                minimum=r.minimum,
                documenters=r.documenters,
                measured=r.measured,
                promised=r.promised,
                documented=r.documented,
                achieved=None if math.isnan(r.achieved) else r.achieved,
                reached_minimum=r.reached_minimum,
                confirmed=r.confirmed,
                currency=r.currency,
            )
            for r in rows
        ],
    )
