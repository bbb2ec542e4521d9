"""The value merchants pages: who sees and assesses whom, bad scores named, the value tools counted."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.web.conftest import World, make_user
from worth.apps.accounts.roles import Role
from worth.apps.merchants.models import AssessedBy, MerchantAssessment
from worth.apps.programs.models import MemberRole, Membership
from worth.engine.merchants import KEYS


@pytest.fixture
def sellers(world: World) -> tuple[User, User]:
    one, two = make_user("seller-one", Role.SALESPERSON), make_user("seller-two", Role.SALESPERSON)
    for user in (one, two):
        Membership.objects.create(project=world.project, user=user, role=MemberRole.MEMBER)
    return one, two


def _scores(value: int) -> dict[str, str]:
    return dict.fromkeys(KEYS, str(value))


def test_a_salesperson_assesses_themself_and_sees_only_themself(
    world: World, sellers: tuple[User, User]
) -> None:
    one, two = sellers
    client = world.client_for(one)
    url = reverse("merchants:assess", args=[world.program.pk, one.pk])
    response = client.post(url, {**_scores(4), "note": "After the first documenter"})
    assert response.status_code == 302
    saved = MerchantAssessment.objects.get()
    assert (saved.by, saved.salesperson, saved.assessor) == (AssessedBy.SELF, one, one)
    assert saved.share == pytest.approx(0.75)  # (4 - 1) / 4
    page = client.get(reverse("merchants:program", args=[world.program.pk])).content.decode()
    assert "seller-one" in page
    assert "seller-two" not in page
    assert "75.0%" in page
    # the other salesperson: neither their page nor an assessment of them
    assert client.get(reverse("merchants:person", args=[world.program.pk, two.pk])).status_code == 404
    assert (
        client.post(reverse("merchants:assess", args=[world.program.pk, two.pk]), _scores(1)).status_code
        == 404
    )


def test_the_program_manager_assesses_everyone_and_the_gaps_show(
    world: World, sellers: tuple[User, User]
) -> None:
    one, _ = sellers
    world.client_for(one).post(
        reverse("merchants:assess", args=[world.program.pk, one.pk]), _scores(3) | {"concessions": "5"}
    )
    manager = world.client_for(world.admin)
    program = manager.get(reverse("merchants:program", args=[world.program.pk])).content.decode()
    assert "seller-one" in program
    assert "seller-two" in program
    url = reverse("merchants:assess", args=[world.program.pk, one.pk])
    assert manager.post(url, _scores(3) | {"concessions": "2"}).status_code == 302
    latest = MerchantAssessment.objects.filter(by=AssessedBy.MANAGER).get()
    assert latest.assessor == world.admin
    person = manager.get(reverse("merchants:person", args=[world.program.pk, one.pk])).content.decode()
    contrasts = person[person.index('class="contrasts"') :]
    first = contrasts[contrasts.index("<td>", contrasts.index("</tr>")) :]
    assert first.startswith("<td>Give price concessions without a change in the offering")
    assert "+3" in first[: first.index("</tr>")]


def test_a_bad_score_is_named_and_nothing_is_saved(world: World, sellers: tuple[User, User]) -> None:
    one, _ = sellers
    url = reverse("merchants:assess", args=[world.program.pk, one.pk])
    client = world.client_for(one)
    for scores, message in (
        (_scores(3) | {"claims": ""}, "Demonstrate and document superior value in money: no score given"),
        (_scores(3) | {"claims": "7"}, "7 is not from 1 to 5"),
        (_scores(3) | {"note": "x" * 5001}, "note: 5,001 characters; at most 5,000"),
    ):
        response = client.post(url, scores)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not MerchantAssessment.objects.exists()


def test_others_on_the_program_see_no_salesperson_and_outsiders_nothing(
    world: World, sellers: tuple[User, User]
) -> None:
    one, _ = sellers
    page = world.client_for(world.viewer).get(reverse("merchants:program", args=[world.program.pk]))
    assert page.status_code == 200
    assert "seller-one" not in page.content.decode()
    assert (
        world.client_for(world.viewer)
        .get(reverse("merchants:person", args=[world.program.pk, one.pk]))
        .status_code
        == 404
    )
    assert (
        world.client_for(world.viewer)
        .post(reverse("merchants:assess", args=[world.program.pk, one.pk]), _scores(3))
        .status_code
        == 404
    )
    assert (
        world.client_for(world.outsider)
        .get(reverse("merchants:program", args=[world.program.pk]))
        .status_code
        == 404
    )


def test_names_are_escaped(world: World, sellers: tuple[User, User]) -> None:
    one, _ = sellers
    one.first_name = "<script>alert(1)</script>"
    one.save()
    world.client_for(one).post(
        reverse("merchants:assess", args=[world.program.pk, one.pk]),
        _scores(2) | {"note": "<img src=x onerror=1>"},
    )
    html = (
        world.client_for(world.admin)
        .get(reverse("merchants:person", args=[world.program.pk, one.pk]))
        .content
    )
    assert b"<script>alert(1)" not in html
    assert b"<img src=x" not in html


def test_the_demo_assessments_and_value_tools(world: World) -> None:
    from worth.apps.core.demo import load_demo
    from worth.apps.programs.models import Program

    load_demo()
    program = Program.objects.get(name="Value merchants pilot 2027")
    assert MerchantAssessment.objects.filter(program=program).count() == 6
    lead = User.objects.get(username="pilot-lead")
    page = world.client_for(lead).get(reverse("merchants:program", args=[program.pk])).content.decode()
    # large mills: latest self 4,4,4,4,3,4,3,4,4,4 -> mean 3.8 -> 70 %; manager mean 3.9 -> 72.5 %
    assert "70.0%" in page
    assert "72.5%" in page
    assert "$424,953" in page  # Norrvik Bruk's confirmed value, as on the documenter
