"""The customer value workshop's breakout outputs as a guided start (seed 002, "Customer Value
Workshop"), and the practice project a team starts from the case study.

In the breakouts each team begins to define its value elements, determine the next-best alternative,
decide which customers to invite and create its workplan. Each output here is read from the records
the team makes, and links to where it is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from worth.apps.programs.models import Phase, Project
from worth.apps.programs.staffing import start_team
from worth.apps.research.model_parts import latest_model, parts_of
from worth.apps.research.models import TAKING_PART
from worth.apps.valuemodels.services import import_model_text

#: The case study a practice project copies: the demo's value model.
CASE_STUDY_FILE = "bearings-pulp-paper.yaml"
#: Seed 002: a project takes three to four months.
WORKPLAN_DAYS = 122


@dataclass(frozen=True)
class Breakout:
    title: str
    done: bool
    detail: str
    url: str
    link: str


def breakouts(project: Project) -> list[Breakout]:
    model = latest_model(project)
    parts = {kind: parts_of(model, kind) for kind in ("element", "subsegment")}
    build = (
        reverse("valuemodels:build", args=[model.pk])
        if model
        else reverse("valuemodels:new", args=[project.pk])
    )
    link = "Open the builder" if model else "Start a value model"
    elements = [key for key, _ in parts["element"]]
    alternatives = [(key, (data.get("alternative") or {}).get("name")) for key, data in parts["subsegment"]]
    invited = project.participations.filter(status__in=TAKING_PART).count()
    milestones = list(project.milestones.order_by("due"))
    span = (milestones[-1].due - milestones[0].due).days if len(milestones) > 1 else 0
    plan_detail = (
        f"{len(milestones)} milestones over {span} days"
        if milestones
        else "No milestone yet: plan the months ahead."
    )
    if span > WORKPLAN_DAYS:
        plan_detail += f", more than the three to four months a project takes ({WORKPLAN_DAYS} days)"
    return [
        Breakout(
            "Define the value elements",
            bool(elements),
            ", ".join(elements) if elements else "No value element yet.",
            build,
            link,
        ),
        Breakout(
            "Determine the next-best alternative",
            bool(alternatives) and all(name for _, name in alternatives),
            "; ".join(f"{sub}: {name or 'none yet'}" for sub, name in alternatives) or "No subsegment yet.",
            build,
            link,
        ),
        Breakout(
            "Decide which customers to invite",
            invited > 0,
            f"{invited} customers chosen" if invited else "No customer chosen yet.",
            reverse("research:project-customers", args=[project.pk]),
            "Open the project's customers",
        ),
        Breakout(
            "Create the workplan",
            bool(milestones) and span <= WORKPLAN_DAYS,
            plan_detail,
            project.get_absolute_url() + "#workplan",
            "Open the workplan",
        ),
    ]


def start_practice_project(project: Project, user: User) -> Project:
    """A practice project in ``project``'s program: the case study's model, to change freely."""
    path = Path(settings.EXAMPLES_DIR) / CASE_STUDY_FILE
    with transaction.atomic():
        practice = Project.objects.create(
            program=project.program,
            name=f"Practice: the bearings case study ({user.get_full_name() or user.get_username()})",
            business_issue="The workshop's case study: mills buy premium bearings on price against the "
            "principal competitor's standard bearings run to failure.",
            phase=Phase.WORKSHOP,
            practice=True,
        )
        start_team(practice, user)
        import_model_text(
            project=practice,
            text=path.read_text(encoding="utf-8"),
            filename=path.name,
            user=user,
            note="The case study, copied for practice",
        )
    return practice
