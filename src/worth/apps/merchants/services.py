"""Who the program's salespeople are, what each has used of the value tools, and their assessments."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Q

from worth.apps.accounts.roles import Role
from worth.apps.merchants.models import AssessedBy, MerchantAssessment
from worth.apps.programs.models import Program
from worth.apps.realization.figures import documenter_figures
from worth.apps.realization.models import Documenter, Measurement, ValueEstimate, Verdict
from worth.engine.model.errors import ModelError

__all__ = ["MerchantRow", "merchant_rows", "program_salespeople"]


def program_salespeople(program: Program) -> list[User]:
    """Salespeople on a project team of the program, or responsible for a customer taking part in it."""
    projects = program.projects.all()
    found = User.objects.filter(groups__name=Role.SALESPERSON.value).filter(
        Q(memberships__project__in=projects) | Q(customers__participations__project__in=projects)
    )
    return list(found.distinct().order_by("first_name", "last_name", "username"))


@dataclass
class MerchantRow:
    person: User
    own: MerchantAssessment | None
    manager: MerchantAssessment | None
    assessments: int
    estimates: int
    documenters: int
    confirmed_results: int
    #: currency -> value confirmed by the customers on this person's documenters
    confirmed_value: dict[str, float] = field(default_factory=dict)


def _latest(assessments: list[MerchantAssessment], by: str) -> MerchantAssessment | None:
    return next((a for a in assessments if a.by == by), None)


def merchant_rows(program: Program, people: list[User]) -> list[MerchantRow]:
    """One row per salesperson: the latest self and manager assessments and the value tools used."""
    projects = program.projects.all()
    rows = []
    for person in people:
        assessments = list(MerchantAssessment.objects.filter(program=program, salesperson=person))
        documenters = list(
            Documenter.objects.filter(project__in=projects, customer__salesperson=person).select_related(
                "estimate__version"
            )
        )
        value: dict[str, float] = {}
        for d in documenters:
            try:
                figures = documenter_figures(d)
            except ModelError:
                continue
            if math.isfinite(figures.confirmed):
                value[figures.currency] = value.get(figures.currency, 0.0) + figures.confirmed
        rows.append(
            MerchantRow(
                person=person,
                own=_latest(assessments, AssessedBy.SELF),
                manager=_latest(assessments, AssessedBy.MANAGER),
                assessments=len(assessments),
                estimates=ValueEstimate.objects.filter(project__in=projects, created_by=person).count(),
                documenters=len(documenters),
                confirmed_results=Measurement.objects.filter(
                    documenter__in=documenters, verdict=Verdict.CONFIRMED
                ).count(),
                confirmed_value=value,
            )
        )
    return rows
