"""Rolling out and learning from a program: its projects compared, its success stories, shared insights.

Seed 001 section 8: a pilot program's projects are compared (which succeeded, and what differed), the
success stories are published internally, and value insights found in one segment are carried to the
others. Everything here is read from the records the projects already keep; nothing is entered.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from worth.apps.accounts.roles import Role
from worth.apps.programs.models import Project
from worth.apps.programs.progress import committed, program_progress
from worth.apps.realization.figures import documenter_figures
from worth.apps.realization.models import CaseHistory, Documenter
from worth.apps.realization.services import RealizationError
from worth.apps.research.models import Meeting, Participation, Status

__all__ = [
    "Difference",
    "Insight",
    "ProjectComparison",
    "compare_projects",
    "shared_insights",
    "success_stories",
    "what_differed",
]


@dataclass(frozen=True)
class ProjectComparison:
    project: Project
    phase: str
    team_size: int
    salespeople: int
    customers_with_data: int
    meetings: int
    committed: Decimal
    documented: float
    confirmed: float
    currency: str

    @property
    def outcome(self) -> str:
        if self.confirmed > 0:
            return "value confirmed"
        if self.documented > 0:
            return "value documented, awaiting the customers"
        if self.committed > 0:
            return "committed, nothing documented yet"
        return "no value documented yet"

    @property
    def successful(self) -> bool:
        return self.outcome == "value confirmed"


def compare_projects(
    projects: QuerySet[Project], documenters: Iterable[Documenter]
) -> list[ProjectComparison]:
    """Each project's facts side by side: team, research done, commitment and value confirmed."""
    rows = program_progress(projects)
    commitments = committed([r.project for r in rows])
    value: dict[int, tuple[float, float, str]] = {}
    for d in documenters:
        try:
            f = documenter_figures(d)
        except RealizationError:
            continue
        documented, confirmed, currency = value.get(d.project_id, (0.0, 0.0, f.currency))
        if currency == f.currency:
            value[d.project_id] = (documented + f.documented, confirmed + f.confirmed, currency)
    out = []
    for r in rows:
        p = r.project
        documented, confirmed, currency = value.get(p.pk, (0.0, 0.0, p.program.currency))
        out.append(
            ProjectComparison(
                project=p,
                phase=p.get_phase_display(),
                team_size=r.team_size,
                salespeople=p.memberships.filter(user__groups__name=Role.SALESPERSON.value).count(),
                customers_with_data=Participation.objects.filter(
                    project=p, status=Status.DATA_GATHERED
                ).count(),
                meetings=Meeting.objects.filter(participation__project=p).count(),
                committed=commitments.get(p.pk, Decimal("0.00")),
                documented=documented,
                confirmed=confirmed,
                currency=currency,
            )
        )
    return out


@dataclass(frozen=True)
class Difference:
    """One fact, on average, for the projects that confirmed value and for the others."""

    label: str
    successful: float | None
    others: float | None


def what_differed(rows: list[ProjectComparison]) -> list[Difference]:
    """The means of each fact for the successful projects and for the others (None when a group is empty)."""

    def mean(values: list[float]) -> float | None:
        return statistics.fmean(values) if values else None

    found = []
    for label, attr in (
        ("team members", "team_size"),
        ("salespeople on the team", "salespeople"),
        ("customers with data gathered", "customers_with_data"),
        ("meetings with customers", "meetings"),
    ):
        won = [float(getattr(r, attr)) for r in rows if r.successful]
        rest = [float(getattr(r, attr)) for r in rows if not r.successful]
        found.append(Difference(label, mean(won), mean(rest)))
    return found


def success_stories(documenters: Iterable[Documenter]) -> list[CaseHistory]:
    """The case histories whose publication the customer approved, newest approval first."""
    ids = [d.pk for d in documenters]
    found = CaseHistory.objects.filter(documenter_id__in=ids, approved_at__isnull=False)
    return list(found.select_related("documenter__customer", "documenter__project").order_by("-approved_at"))


@dataclass
class Insight:
    """An element documented in more than one project or subsegment, with what each documented."""

    element: str
    #: (project, subsegment, customers documented, documented value per period, confirmed, currency)
    places: list[tuple[Project, str, int, float, float, str]] = field(default_factory=list)


def shared_insights(documenters: Iterable[Documenter]) -> list[Insight]:
    """Elements whose value is documented in two or more (project, subsegment) places, most places first."""
    sums: dict[tuple[str, int, str, str], list[float]] = {}
    projects: dict[int, Project] = {}
    for d in documenters:
        try:
            f = documenter_figures(d)
        except RealizationError:
            continue
        projects[d.project_id] = d.project
        for e in f.elements:
            if e.standing == "not measured" or not math.isfinite(e.realized.documented):
                continue
            key = (e.plan.element, d.project_id, d.estimate.subsegment, f.currency)
            documented, confirmed, count = sums.get(key, [0.0, 0.0, 0.0])
            confirmed_here = e.realized.documented if e.customer == "confirmed" else 0.0
            sums[key] = [documented + e.realized.documented, confirmed + confirmed_here, count + 1]
    by_element: dict[str, Insight] = {}
    for (element, project_id, subsegment, currency), (documented, confirmed, count) in sorted(sums.items()):
        insight = by_element.setdefault(element, Insight(element))
        insight.places.append((projects[project_id], subsegment, int(count), documented, confirmed, currency))
    shared = [i for i in by_element.values() if len(i.places) > 1]
    return sorted(shared, key=lambda i: (-len(i.places), i.element))
