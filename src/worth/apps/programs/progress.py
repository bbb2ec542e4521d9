"""Where each project of a program stands: its phase, its workplan and its team, for the program page.

Everything is read from the records: the phase the team set, the milestones they reached, the seats
they filled. The program lead sees in one table which project is behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from worth.apps.programs.models import Milestone, Phase, Project

PHASES = list(Phase)
#: Seed 002: senior managers turn three to five business issues into pilot projects.
PROJECTS_IN_A_PILOT = (3, 5)


@dataclass(frozen=True)
class ProjectProgress:
    project: Project
    milestones: list[Milestone]
    team_size: int
    today: date

    @property
    def phase_number(self) -> int:
        return PHASES.index(Phase(self.project.phase)) + 1

    @property
    def phase_percent(self) -> int:
        return round(100 * self.phase_number / len(PHASES))

    @property
    def reached(self) -> int:
        return sum(1 for m in self.milestones if m.done is not None)

    @property
    def next_milestone(self) -> Milestone | None:
        return next((m for m in self.milestones if m.done is None), None)

    @property
    def overdue(self) -> list[Milestone]:
        return [m for m in self.milestones if m.done is None and m.due < self.today]


def program_progress(projects: QuerySet[Project], *, today: date | None = None) -> list[ProjectProgress]:
    """The visible projects of a program, by phase then name, in three queries."""
    when = today or timezone.localdate()
    rows = projects.prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.select_related("owner").order_by("due", "pk")),
        "memberships",
    )
    found = [ProjectProgress(p, list(p.milestones.all()), len(p.memberships.all()), when) for p in rows]
    return sorted(found, key=lambda row: (row.phase_number, row.project.name))


def pilot_size_note(count: int) -> str | None:
    """A pilot has three to five projects; say so when it has fewer or more."""
    low, high = PROJECTS_IN_A_PILOT
    if count < low:
        projects = f"{count} project{'s' if count != 1 else ''}"
        return f"The program has {projects}; a pilot usually runs {low} to {high}."
    if count > high:
        return f"The program has {count} projects; more than {high} are hard to coach and to sponsor."
    return None


def committed(projects: Iterable[Project]) -> dict[int, Decimal]:
    """What each project has committed: the sum of its approved business cases, by project id, in one query.

    A case's commitment is kept with the figures it was presented with (incremental profit by the end
    of its target's periods), so later edits of a model never change what a project committed.
    """
    cases = apps.get_model("cases", "BusinessCase")
    ids = [project.pk for project in projects]
    found: dict[int, Decimal] = {}
    approved = cases.objects.filter(project_id__in=ids, status="approved").values_list(
        "project_id", "figures"
    )
    for project_id, figures in approved:
        if figures and figures.get("commitment"):
            found[project_id] = found.get(project_id, Decimal("0.00")) + Decimal(figures["commitment"])
    return found
