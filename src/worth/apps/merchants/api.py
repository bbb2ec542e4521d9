"""The value merchants of a program in the JSON API: assessments, value tools and pricing habits.

The same rows as the page, with the same rights: the program's sponsor, program lead and
administrators get every salesperson and the codes nobody on the program answers for; a salesperson
gets only their own row; anyone else on the program an empty list.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from worth.apps.merchants.behaviour import Behaviour, people_behaviour, program_behaviour
from worth.apps.merchants.models import MerchantAssessment
from worth.apps.merchants.services import merchant_rows, program_salespeople
from worth.apps.programs.access import can_change_program, program_for

router = Router(tags=["merchants"])


class AssessmentOut(Schema):
    by: str
    taken: str
    merchant_pct: float
    scores: dict[str, int]
    note: str


class BehaviourOut(Schema):
    currency: str
    lines: int
    list_revenue: float
    priced_lines: int
    concessions: float | None
    concessions_pct_of_list: float | None
    checked_lines: int
    lines_below_floor: int | None
    lines_below_floor_pct: float | None
    revenue_lost: float | None


class MerchantOut(Schema):
    id: int
    username: str
    name: str
    self_assessment: AssessmentOut | None
    manager_assessment: AssessmentOut | None
    assessments: int
    estimates: int
    documenters: int
    confirmed_results: int
    confirmed_value: dict[str, float]
    salesperson_codes: list[str]
    behaviour: list[BehaviourOut]


class ApartOut(Schema):
    code: str
    reason: str
    behaviour: list[BehaviourOut]


class MerchantsOut(Schema):
    program: int
    sees_everyone: bool
    merchants: list[MerchantOut]
    codes_apart: list[ApartOut]
    notes: list[str]


def _assessment(a: MerchantAssessment | None) -> AssessmentOut | None:
    if a is None:
        return None
    return AssessmentOut(
        by=a.by, taken=a.taken.isoformat(), merchant_pct=a.share * 100, scores=a.scores, note=a.note
    )


def _pct(share: float | None) -> float | None:
    return None if share is None else share * 100


def _behaviour(b: Behaviour) -> BehaviourOut:
    """Figures nothing measured are null, never 0: a project without a policy conceded nothing known."""
    priced, checked = b.priced_lines > 0, b.checked_lines > 0
    return BehaviourOut(
        currency=b.currency,
        lines=b.lines,
        list_revenue=round(b.list_revenue, 2),
        priced_lines=b.priced_lines,
        concessions=round(b.concessions, 2) if priced else None,
        concessions_pct_of_list=_pct(b.concession_share),
        checked_lines=b.checked_lines,
        lines_below_floor=b.lines_below if checked else None,
        lines_below_floor_pct=_pct(b.share_below),
        revenue_lost=round(b.revenue_lost, 2) if checked else None,
    )


@router.get(
    "/programs/{program_id}/merchants",
    response=MerchantsOut,
    url_name="program_merchants",
    summary="Each salesperson's assessments, value tools and pricing habits (a salesperson: their own)",
)
def get_merchants(request: HttpRequest, program_id: int) -> MerchantsOut:
    user = request.auth  # type: ignore[attr-defined]
    program = program_for(user, program_id)
    everyone = program_salespeople(program)
    manages = can_change_program(user, program)
    people = everyone if manages else [p for p in everyone if p.pk == user.pk]
    habits = people_behaviour(program, program_behaviour(program), people, everyone, manages=manages)
    return MerchantsOut(
        program=program.pk,
        sees_everyone=manages,
        merchants=[
            MerchantOut(
                id=r.person.pk,
                username=r.person.username,
                name=r.person.get_full_name() or r.person.username,
                self_assessment=_assessment(r.own),
                manager_assessment=_assessment(r.manager),
                assessments=r.assessments,
                estimates=r.estimates,
                documenters=r.documenters,
                confirmed_results=r.confirmed_results,
                confirmed_value=r.confirmed_value,
                salesperson_codes=habits.codes.get(r.person.pk, []),
                behaviour=[_behaviour(b) for b in habits.figures.get(r.person.pk, [])],
            )
            for r in merchant_rows(program, people)
        ],
        codes_apart=[
            ApartOut(code=a.code, reason=a.reason, behaviour=[_behaviour(b) for b in a.behaviour])
            for a in habits.apart
        ],
        notes=habits.notes,
    )
