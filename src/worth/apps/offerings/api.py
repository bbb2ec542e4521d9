"""The offering's placement in the JSON API: per subsegment, each element's place, and the parts."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from worth.apps.offerings.services import Shares, offering_page
from worth.apps.programs.access import project_for, sees_own_customers_only

router = Router(tags=["offerings"])


class PlaceOut(Schema):
    element: str
    place: str
    customers: int
    above_cost: int
    share_above_cost: float | None
    median_value: float | None
    cost_to_serve: float | None
    option_price: float | None
    buyers_at_price: int | None


class SubsegmentOut(Schema):
    subsegment: str
    naked_solution: list[str]
    options: list[str]
    places: list[PlaceOut]


class SuggestionOut(Schema):
    subsegment: str
    decision: str
    reason: str


class PartOut(Schema):
    id: int
    name: str
    kind: str
    element: str
    status: str
    offered_as: str
    cost_to_serve: float | None
    usage_share: float | None
    decision: str
    rationale: str
    suggestions: list[SuggestionOut]


class OfferingOut(Schema):
    project: int
    model: int | None
    version: int | None
    currency: str | None
    problem: str
    subsegments: list[SubsegmentOut]
    warnings: list[str]
    parts: list[PartOut]


@router.get(
    "/projects/{project_id}/offering",
    response=OfferingOut,
    url_name="project_offering",
    summary="Per subsegment, the naked solution and the options, and the parts of the offering",
)
def get_offering(request: HttpRequest, project_id: int) -> OfferingOut:
    user = request.auth  # type: ignore[attr-defined]
    if sees_own_customers_only(user):  # the placement counts every customer's research values
        raise Http404("No such offering")
    page = offering_page(project_for(user, project_id), model_pk=None, shares=Shares())
    found = page.analysis
    return OfferingOut(
        project=project_id,
        model=page.record.pk if page.record else None,
        version=page.version.number if page.version else None,
        currency=found.currency if found else None,
        problem=page.problem,
        subsegments=[
            SubsegmentOut(
                subsegment=s.subsegment,
                naked_solution=list(s.naked),
                options=list(s.options),
                places=[
                    PlaceOut(
                        element=p.element,
                        place=p.place,
                        customers=p.customers,
                        above_cost=p.above_cost,
                        share_above_cost=p.share_above_cost,
                        median_value=p.median_value,
                        cost_to_serve=p.cost,
                        option_price=p.option_price,
                        buyers_at_price=p.buyers_at_price,
                    )
                    for p in s.places
                ],
            )
            for s in (found.subsegments if found else ())
        ],
        warnings=list(found.warnings) if found else [],
        parts=[
            PartOut(
                id=r.component.pk,
                name=r.component.name,
                kind=r.component.kind,
                element=r.component.element,
                status=r.component.status,
                offered_as=r.component.offered_as,
                cost_to_serve=None if r.component.cost_to_serve is None else float(r.component.cost_to_serve),
                usage_share=None if r.component.usage_share is None else float(r.component.usage_share),
                decision=r.component.decision,
                rationale=r.component.rationale,
                suggestions=[
                    SuggestionOut(subsegment=sub, decision=key, reason=why)
                    for sub, key, _, why in r.suggestions
                ],
            )
            for r in page.rows
        ],
    )
