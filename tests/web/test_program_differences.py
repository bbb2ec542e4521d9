"""For product management: the program's points of difference ranked by documented value, with the
ones evaluated on fewer than two subsegments pointed out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from django.urls import reverse

from tests.web.conftest import World, make_user
from tests.web.example_model import EXAMPLE, import_example
from worth.apps.accounts.roles import Role
from worth.apps.programs.models import MemberRole, Membership
from worth.engine.model.display import format_money
from worth.engine.model.io import load_model


def test_points_of_difference_are_ranked_by_value(world: World) -> None:
    import_example(world)
    page = world.client_for(world.viewer).get(reverse("propositions:program", args=[world.program.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    # Ranked: unplanned downtime's large-mill mean comes first; by hand from the per-customer values
    # in the example: the mean over the seven large mills of (hours lost with the alternative - with
    # ours) x margin.
    model = load_model(world_example())
    large = [c for c in model.customers if c.subsegment == "Large integrated mills"]
    values = []
    for customer in large:
        obs = customer.observations
        hours = (
            obs["Unplanned downtime hours per year, alternative"].value
            - obs["Unplanned downtime hours per year, offering"].value
        )
        values.append(hours * obs["Contribution margin per production hour"].value)
    assert format_money(float(np.mean(values)), "USD") in text
    order = [text.index(name) for name in ("Unplanned downtime", "Bearing consumption", "Maintenance labour")]
    assert order == sorted(order)
    assert "evaluated on 1 subsegment" not in text  # every one was evaluated on both subsegments


def test_strangers_find_nothing_and_salespeople_see_no_figures(world: World) -> None:
    import_example(world)
    url = reverse("propositions:program", args=[world.program.pk])
    assert world.client_for(world.outsider).get(url).status_code == 404
    seller = make_user("seller", Role.SALESPERSON)
    Membership.objects.create(project=world.project, user=seller, role=MemberRole.MEMBER)
    page = world.client_for(seller).get(url).content.decode()
    assert "rests on every customer" in page
    assert "Unplanned downtime" not in page


def world_example() -> Path:
    return EXAMPLE
