"""Salesperson codes mapped to people, and their pricing habits on the value merchants pages.

The figures are those of ``tests.analytics.behaviour_data``, worked out by hand there:
S1 list revenue 1,500, concessions 100 (6.7 %), 1 of 2 lines below the floor (50.0 %), 25 lost;
S2 list revenue 300, concessions 26 (8.7 %), 1 of 2 lines below (50.0 %), 1 lost. Currency EUR.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.analytics.behaviour_data import BEHAVIOUR_CSV, BEHAVIOUR_POLICY
from tests.web.conftest import World, make_user
from tests.web.test_pricing_support import import_lines
from worth.apps.accounts.roles import Role
from worth.apps.merchants.models import SalespersonCode
from worth.apps.pricing.services import save_policy_text
from worth.apps.programs.models import MemberRole, Membership, Project


@pytest.fixture(autouse=True)
def inline_jobs_and_data(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.WORTH_JOBS_INLINE = True  # type: ignore[attr-defined]
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    return tmp_path


@pytest.fixture
def sellers(world: World) -> tuple[User, User]:
    one, two = make_user("seller-one", Role.SALESPERSON), make_user("seller-two", Role.SALESPERSON)
    one.first_name, two.first_name = "Anna", "Bo"
    for user in (one, two):
        user.save()
        Membership.objects.create(project=world.project, user=user, role=MemberRole.MEMBER)
    return one, two


@pytest.fixture
def lines(world: World) -> None:
    import_lines(world.client_for(world.analyst), world.project, BEHAVIOUR_CSV, name="Behaviour lines")
    save_policy_text(project=world.project, text=BEHAVIOUR_POLICY, user=world.analyst)


def _map(world: World, posted: dict[str, str]) -> tuple[int, str]:
    response = world.client_for(world.sponsor).post(
        reverse("merchants:codes", args=[world.program.pk]), posted
    )
    return response.status_code, response.content.decode()


def _row(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</tr>", start)]


def test_mapped_codes_show_each_persons_habits_worked_out_by_hand(
    world: World, sellers: tuple[User, User], lines: None
) -> None:
    one, two = sellers
    status, _ = _map(
        world, {"code-0": "S1", "user-0": str(one.pk), "was-0": "", "code-1": "S2", "user-1": "", "was-1": ""}
    )
    assert status == 302
    assert SalespersonCode.objects.get().user == one
    html = world.client_for(world.sponsor).get(reverse("merchants:program", args=[world.program.pk])).content
    page = html.decode()
    anna = _row(page, f'<tr data-person="{one.pk}">')
    for figure in ("€1,500", "€100", "6.7%", "50.0%", "€25"):
        assert figure in anna
    assert "no salesperson code mapped" in _row(page, f'<tr data-person="{two.pk}">')
    # S2 is not mapped: shown apart, with its own figures
    s2 = _row(page, '<tr data-code="S2">')
    assert "not mapped to anyone" in s2
    for figure in ("€300", "€26", "8.7%", "50.0%", "€1<"):
        assert figure in s2
    assert 'id="behaviour-chart"' in page
    # the person's page shows the same figures
    person = world.client_for(world.sponsor).get(reverse("merchants:person", args=[world.program.pk, one.pk]))
    mine = _row(person.content.decode(), "<td>EUR</td>")
    assert "S1" in mine
    assert "€100" in mine
    assert "6.7%" in mine


def test_a_salesperson_sees_only_their_own_mapping_and_figures(
    world: World, sellers: tuple[User, User], lines: None
) -> None:
    one, two = sellers
    _map(world, {"code-0": "S1", "user-0": str(one.pk), "was-0": "", "code-1": "S2", "user-1": str(two.pk)})
    client = world.client_for(one)
    page = client.get(reverse("merchants:program", args=[world.program.pk])).content.decode()
    assert "€1,500" in page
    assert "€300" not in page
    assert "S2" not in page
    codes = client.get(reverse("merchants:codes", args=[world.program.pk])).content.decode()
    assert "<td>S1</td>" in codes
    assert "S2" not in codes
    assert "<select" not in codes
    assert client.post(reverse("merchants:codes", args=[world.program.pk]), {}).status_code == 403
    assert SalespersonCode.objects.count() == 2


def test_a_mapping_changed_since_the_page_was_opened_is_a_conflict(
    world: World, sellers: tuple[User, User], lines: None
) -> None:
    one, two = sellers
    assert _map(world, {"code-0": "S1", "user-0": str(one.pk), "was-0": ""})[0] == 302
    # a second manager, who opened the page before S1 was mapped, maps S1 and S2 to Bo
    status, html = _map(
        world,
        {
            "code-0": "S1",
            "user-0": str(two.pk),
            "was-0": "",
            "code-1": "S2",
            "user-1": str(two.pk),
            "was-1": "",
        },
    )
    assert status == 409
    assert "“S1” was mapped to Anna by sponsor since you opened the page; nothing was saved" in html
    assert [(m.code, m.user) for m in SalespersonCode.objects.all()] == [("S1", one)]
    # the same choice as someone else made meanwhile is no conflict
    assert _map(world, {"code-0": "S1", "user-0": str(one.pk), "was-0": ""})[0] == 302
    # unmapping goes through the same check
    assert _map(world, {"code-0": "S1", "user-0": "", "was-0": str(one.pk)})[0] == 302
    assert not SalespersonCode.objects.exists()


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"code-0": "S1", "user-0": "abc"}, "Salesperson for “S1”: “abc” is no salesperson of the program"),
        ({"code-0": "S1", "user-0": "999999"}, "Salesperson for “S1”: “999999” is no salesperson"),
        (
            {"code-0": "S9", "user-0": "{one}"},
            "“S9” is no salesperson code of the program&#x27;s invoice lines",
        ),
        ({"code-0": " ", "user-0": "{one}"}, "code-0: no salesperson code given"),
        ({"code-0": "S1", "user-0": "{one}", "code-1": "S1"}, "code-1: “S1” is sent twice"),
        (
            {"code-0": "S" * 201, "user-0": "{one}"},
            "code-0: “SSSSSSSSSSSSSSSSSSSSSSSSSSSSSS…” is longer than 200",
        ),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(
    world: World, sellers: tuple[User, User], lines: None, posted: dict[str, str], message: str
) -> None:
    one, _ = sellers
    # a good row first: nothing of it is kept when a later row is refused
    good = {"code-9": "S2", "user-9": str(one.pk), "was-9": ""}
    status, html = _map(world, good | {k: v.replace("{one}", str(one.pk)) for k, v in posted.items()})
    assert status == 400
    assert message in html
    assert not SalespersonCode.objects.exists()


def test_a_viewer_or_the_team_cannot_map(world: World, sellers: tuple[User, User], lines: None) -> None:
    one, _ = sellers
    for user in (world.viewer, world.leader, world.analyst):
        response = world.client_for(user).post(
            reverse("merchants:codes", args=[world.program.pk]), {"code-0": "S1", "user-0": str(one.pk)}
        )
        assert response.status_code == 403
    assert not SalespersonCode.objects.exists()


def test_a_project_without_a_policy_says_so_rather_than_showing_zeros(
    world: World, sellers: tuple[User, User]
) -> None:
    one, _ = sellers
    other = Project.objects.create(program=world.program, name="Housings", business_issue="x")
    Membership.objects.create(project=other, user=world.analyst, role=MemberRole.MEMBER)
    import_lines(world.client_for(world.analyst), other, BEHAVIOUR_CSV, name="No policy lines")
    _map(world, {"code-0": "S1", "user-0": str(one.pk), "was-0": ""})
    page = world.client_for(world.sponsor).get(reverse("merchants:program", args=[world.program.pk]))
    html = page.content.decode()
    assert "Housings has no pricing policy" in html
    anna = _row(html, f'<tr data-person="{one.pk}">')
    assert "no pricing policy" in anna
    assert "no price guidelines" in anna
    assert "€0" not in anna
    assert "$0" not in anna


def test_codes_and_names_are_escaped(world: World, sellers: tuple[User, User]) -> None:
    one, _ = sellers
    one.first_name = "<b>Anna</b>"
    one.save()
    evil = BEHAVIOUR_CSV.replace(",S1,", ",<script>x</script>,")
    import_lines(world.client_for(world.analyst), world.project, evil, name="Evil lines")
    save_policy_text(project=world.project, text=BEHAVIOUR_POLICY, user=world.analyst)
    for url in (
        reverse("merchants:program", args=[world.program.pk]),
        reverse("merchants:codes", args=[world.program.pk]),
    ):
        html = world.client_for(world.sponsor).get(url).content
        assert b"<script>x" not in html
        assert b"<b>Anna" not in html
