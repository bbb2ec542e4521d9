"""The workshop's breakout outputs read from the records, and the practice project from the case study."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from tests.web.conftest import World
from tests.web.example_model import EXAMPLE, import_example
from worth.apps.programs.models import MemberRole, Milestone, Project
from worth.apps.research.models import Customer, Participation
from worth.apps.research.workshop import breakouts
from worth.apps.valuemodels.models import ModelPart
from worth.engine.model.io import read_model_text
from worth.engine.model.parts import split_parts


def test_the_breakout_outputs_follow_the_records(world: World) -> None:
    assert [b.done for b in breakouts(world.project)] == [False, False, False, False]
    import_example(world)
    Participation.objects.create(project=world.project, customer=Customer.objects.create(name="Norrvik Bruk"))
    Milestone.objects.create(project=world.project, title="Workshop", due=date(2027, 1, 15))
    Milestone.objects.create(project=world.project, title="Business case", due=date(2027, 9, 30))
    outputs = breakouts(world.project)
    assert [b.done for b in outputs] == [True, True, True, False]
    assert outputs[1].detail == (
        "Large integrated mills: Competitor standard bearings, run to failure; "
        "Small and mid-size mills: Competitor standard bearings, run to failure"
    )
    days = (date(2027, 9, 30) - date(2027, 1, 15)).days
    assert (
        outputs[3].detail
        == f"2 milestones over {days} days, more than the three to four months a project takes (122 days)"
    )
    page = (
        world.client_for(world.viewer)
        .get(reverse("research:workshop", args=[world.project.pk]))
        .content.decode()
    )
    assert "Customer value workshop: 3 of 4 breakout outputs" in page
    assert "Start a practice project" not in page  # a viewer reads, and practises nowhere


def test_a_practice_project_copies_the_case_study_and_stays_out_of_the_pilot(world: World) -> None:
    client = world.client_for(world.analyst)
    response = client.post(reverse("research:practice", args=[world.project.pk]))
    assert response.status_code == 302
    practice = Project.objects.get(practice=True)
    assert practice.program == world.program
    assert practice.memberships.get().user == world.analyst
    assert practice.memberships.get().role == MemberRole.LEADER
    model = practice.value_models.get()
    data = read_model_text(EXAMPLE.read_text(encoding="utf-8"), source=EXAMPLE.name).model.to_data()
    assert ModelPart.objects.filter(model=model).count() == len(split_parts(data))
    assert world.project.value_models.count() == 0  # the project it started from is untouched
    program = client.get(reverse("programs:program", args=[world.program.pk])).content.decode()
    table = program[program.index("Projects by phase") : program.index("Practice projects")]
    assert practice.name not in table
    assert "The program has 1 project" in table  # the practice project does not count
    assert practice.name in program[program.index("Practice projects") :]
    assert (
        world.client_for(world.viewer).post(reverse("research:practice", args=[world.project.pk])).status_code
        == 403
    )
    assert Project.objects.filter(practice=True).count() == 1
