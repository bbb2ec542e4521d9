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
        {
            "name": "Bearings",
            "business_issue": "Sold on price",
            "phase": Phase.RESEARCH,
            "scope": "Mills",
            "revision": world.project.revision,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("programs:project", args=[world.project.pk])).content.decode()
    assert "phase" in page
    assert "Business issue to project → Customer value research" in page
    assert "analyst" in page


def test_edit_shows_field_errors_and_keeps_the_record(world: World) -> None:
    client = world.client_for(world.analyst)
    url = reverse("programs:project-edit", args=[world.project.pk])
    response = client.post(url, {"name": "", "business_issue": "", "phase": "nonsense", "revision": 1})
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


def project_data(world: World, **changes: object) -> dict[str, object]:
    project = world.project
    data = {
        "name": project.name,
        "business_issue": project.business_issue,
        "scope": project.scope,
        "success_definition": project.success_definition,
        "phase": project.phase,
        "revision": project.revision,
    }
    return {**data, **changes}


def test_a_save_based_on_a_stale_version_is_refused_and_shows_the_other_change(world: World) -> None:
    url = reverse("programs:project-edit", args=[world.project.pk])
    opened = project_data(world)  # both open the form at revision 1
    first = world.client_for(world.leader).post(url, {**opened, "scope": "Large mills only"})
    assert first.status_code == 302
    second = world.client_for(world.analyst).post(url, {**opened, "phase": Phase.RESEARCH})
    assert second.status_code == 409
    body = second.content.decode()
    assert "Not saved: Team leader changed this" in body
    row = body[body.index("<td>Scope</td>") :].split("</tr>")[0]
    assert "(empty)" in row
    assert "Large mills only" in row
    world.project.refresh_from_db()
    assert (world.project.scope, world.project.phase, world.project.revision) == (
        "Large mills only",
        "project",
        2,
    )
    # The form holds the analyst's change on top of the leader's, at revision 2: sending it again
    # keeps both (the scope the analyst left alone now reads as the leader saved it).
    assert 'name="revision" value="2"' in body
    assert '<option value="research" selected>' in body
    assert "\nLarge mills only</textarea>" in body
    assert "you left it as it was" in row
    again = world.client_for(world.analyst).post(
        url, {**opened, "phase": Phase.RESEARCH, "scope": "Large mills only", "revision": 2}
    )
    assert again.status_code == 302
    world.project.refresh_from_db()
    assert (world.project.phase, world.project.scope, world.project.revision) == (
        "research",
        "Large mills only",
        3,
    )


def test_an_edit_without_its_version_is_refused(world: World) -> None:
    url = reverse("programs:project-edit", args=[world.project.pk])
    data = project_data(world, name="Renamed")
    del data["revision"]
    response = world.client_for(world.analyst).post(url, data)
    assert response.status_code == 200
    assert b"The form lost its version" in response.content
    world.project.refresh_from_db()
    assert world.project.name == "Bearings"


def test_program_pages_list_only_the_projects_one_may_see(world: World) -> None:
    from worth.apps.programs.models import Project

    secret = Project.objects.create(program=world.program, name="Secret acquisition", business_issue="Hidden")
    for user in (world.analyst, world.viewer):
        client = world.client_for(user)
        for url in (reverse("programs:list"), reverse("programs:program", args=[world.program.pk])):
            body = client.get(url).content.decode()
            assert "Bearings" in body, (user, url)
            assert "Secret acquisition" not in body, (user, url)
            assert "Hidden" not in body
    for user in (world.sponsor, world.admin):
        body = world.client_for(user).get(reverse("programs:program", args=[world.program.pk])).content
        assert b"Secret acquisition" in body
    assert world.client_for(world.analyst).get(secret.get_absolute_url()).status_code == 404


def test_the_sponsor_list_offers_active_accounts_only(world: World) -> None:
    world.outsider.is_active = False
    world.outsider.save()
    body = world.client_for(world.sponsor).get(reverse("programs:program-create")).content.decode()
    assert f'value="{world.analyst.pk}"' in body
    assert f'value="{world.outsider.pk}"' not in body
    data = {
        "name": "X",
        "sponsor": world.outsider.pk,
        "success_target": "t",
        "target_profit": "1",
        "currency": "USD",
    }
    response = world.client_for(world.sponsor).post(reverse("programs:program-create"), data)
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content


def test_a_program_lead_cannot_create_a_program_they_could_not_open(world: World) -> None:
    from tests.web.conftest import make_user
    from worth.apps.accounts.roles import Role

    lead = make_user("lead", Role.PROGRAM_LEAD)
    data = {"name": "Theirs", "sponsor": world.sponsor.pk, "success_target": "t", "target_profit": "1"}
    data["currency"] = "USD"
    refused = world.client_for(lead).post(reverse("programs:program-create"), data)
    assert refused.status_code == 200
    assert b"You would no longer see this program" in refused.content
    assert not Program.objects.filter(name="Theirs").exists()
    created = world.client_for(lead).post(reverse("programs:program-create"), {**data, "lead": lead.pk})
    assert created.status_code == 302
    program = Program.objects.get(name="Theirs")
    assert world.client_for(lead).get(program.get_absolute_url()).status_code == 200
    edit = world.client_for(lead).get(reverse("programs:program-edit", args=[program.pk]))
    assert edit.status_code == 200


def test_the_program_edit_form_is_locked_too(world: World) -> None:
    url = reverse("programs:program-edit", args=[world.program.pk])
    data = {
        "name": "Pilot",
        "sponsor": world.sponsor.pk,
        "success_target": "$1M in 12 months",
        "target_profit": "1000000",
        "currency": "USD",
        "revision": 1,
    }
    assert world.client_for(world.admin).post(url, {**data, "name": "Pilot 2027"}).status_code == 302
    stale = world.client_for(world.sponsor).post(url, {**data, "currency": "EUR"})
    assert stale.status_code == 409
    assert "Pilot 2027" in stale.content.decode()
    world.program.refresh_from_db()
    assert (world.program.name, world.program.currency) == ("Pilot 2027", "USD")
    assert world.client_for(world.analyst).get(url).status_code == 403
    assert world.client_for(world.outsider).get(url).status_code == 404
