"""Who sees and changes which program and project; the change history on the record's page."""

from __future__ import annotations

from django.urls import reverse

from tests.web.conftest import World
from worth.apps.programs.models import Phase, Program


def test_members_and_sponsor_see_the_project(world: World) -> None:
    url = reverse("programs:project", args=[world.project.pk])
    for user in (world.sponsor, world.analyst, world.viewer, world.admin):
        response = world.client_for(user).get(url)
        assert response.status_code == 200, user
        assert b"Bearings" in response.content


def test_an_outsider_gets_404_not_a_hint(world: World) -> None:
    client = world.client_for(world.outsider)
    assert client.get(reverse("programs:project", args=[world.project.pk])).status_code == 404
    assert client.get(reverse("programs:program", args=[world.program.pk])).status_code == 404
    assert b"Pilot" not in client.get(reverse("programs:list")).content


def test_a_missing_project_is_404(world: World) -> None:
    client = world.client_for(world.admin)
    assert client.get(reverse("programs:project", args=[999999])).status_code == 404


def test_a_viewer_may_not_edit(world: World) -> None:
    client = world.client_for(world.viewer)
    url = reverse("programs:project-edit", args=[world.project.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Hacked", "business_issue": "x", "phase": "project"}).status_code == 403
    world.project.refresh_from_db()
    assert world.project.name == "Bearings"


def test_a_member_edits_and_the_history_shows_old_and_new(world: World) -> None:
    client = world.client_for(world.analyst)
    url = reverse("programs:project-edit", args=[world.project.pk])
    response = client.post(
        url,
        {"name": "Bearings", "business_issue": "Sold on price", "phase": Phase.RESEARCH, "scope": "Mills"},
    )
    assert response.status_code == 302
    page = client.get(reverse("programs:project", args=[world.project.pk])).content.decode()
    assert "phase" in page
    assert "project → research" in page
    assert "analyst" in page


def test_edit_shows_field_errors_and_keeps_the_record(world: World) -> None:
    client = world.client_for(world.analyst)
    url = reverse("programs:project-edit", args=[world.project.pk])
    response = client.post(url, {"name": "", "business_issue": "", "phase": "nonsense"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "This field is required" in body
    assert "Select a valid choice" in body
    world.project.refresh_from_db()
    assert world.project.name == "Bearings"


def test_wrong_methods_are_refused(world: World) -> None:
    client = world.client_for(world.admin)
    assert client.post(reverse("programs:list")).status_code == 405
    assert client.delete(reverse("programs:project", args=[world.project.pk])).status_code == 405


def test_only_roles_with_permission_create_programs(world: World) -> None:
    data = {
        "name": "Second",
        "sponsor": world.sponsor.pk,
        "success_target": "t",
        "target_profit": "5",
        "currency": "USD",
    }
    assert world.client_for(world.analyst).post(reverse("programs:program-create"), data).status_code == 403
    assert not Program.objects.filter(name="Second").exists()
    assert world.client_for(world.sponsor).post(reverse("programs:program-create"), data).status_code == 302
    assert Program.objects.filter(name="Second").exists()


def test_a_program_cannot_end_before_it_starts(world: World) -> None:
    data = {
        "name": "Backwards",
        "sponsor": world.sponsor.pk,
        "success_target": "t",
        "target_profit": "5",
        "currency": "USD",
        "starts": "2027-05-01",
        "ends": "2027-01-01",
    }
    response = world.client_for(world.sponsor).post(reverse("programs:program-create"), data)
    assert response.status_code == 200
    assert b"cannot end before it starts" in response.content
    assert not Program.objects.filter(name="Backwards").exists()


def test_a_member_may_not_create_projects_in_someone_elses_program(world: World) -> None:
    url = reverse("programs:project-create", args=[world.program.pk])
    assert (
        world.client_for(world.analyst)
        .post(url, {"name": "X", "business_issue": "y", "phase": "project"})
        .status_code
        == 403
    )
    assert (
        world.client_for(world.sponsor)
        .post(url, {"name": "X", "business_issue": "y", "phase": "project"})
        .status_code
        == 302
    )
