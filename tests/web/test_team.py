"""The project team in the app: its leader, seats, loads across projects, the method's advice, the
workplan and the comments of those who follow the project."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from tests.web.conftest import World, make_user
from worth.apps.accounts.roles import Role
from worth.apps.programs.models import Comment, Function, MemberRole, Membership, Milestone, Project


@pytest.fixture
def leader(world: World) -> User:
    return world.leader


def seat_data(**changes: object) -> dict[str, object]:
    data = {
        "role": MemberRole.MEMBER,
        "function": Function.SALES,
        "title": "Key accounts",
        "commitment": "25",
    }
    return {**data, **changes}


def test_whoever_creates_a_project_leads_its_team(world: World) -> None:
    url = reverse("programs:project-create", args=[world.program.pk])
    response = world.client_for(world.sponsor).post(
        url, {"name": "Services", "business_issue": "Given away", "phase": "project", "decision": "services"}
    )
    assert response.status_code == 302
    project = Project.objects.get(name="Services")
    seat = Membership.objects.get(project=project)
    assert (seat.user, seat.role, seat.function) == (world.sponsor, MemberRole.LEADER, Function.LEADER)
    assert project.get_decision_display() == "Which services as standard or for a fee"


def test_the_leader_adds_a_member_and_the_history_says_who(world: World, leader: User) -> None:
    newcomer = make_user("newcomer", Role.SALESPERSON)
    client = world.client_for(leader)
    response = client.post(
        reverse("programs:member-add", args=[world.project.pk]), seat_data(user=newcomer.pk, commitment="20")
    )
    assert response.status_code == 302
    seat = Membership.objects.get(project=world.project, user=newcomer)
    assert (seat.function, seat.commitment) == (Function.SALES, 20)
    assert seat.history.latest().history_user == leader
    page = client.get(reverse("programs:team", args=[world.project.pk])).content.decode()
    assert "newcomer" in page
    assert "Key accounts" in page


@pytest.mark.parametrize("who", ["analyst", "viewer", "sponsor"])
def test_only_the_leader_or_program_lead_manages_the_team(world: World, leader: User, who: str) -> None:
    newcomer = make_user("newcomer", Role.ANALYST)
    client = world.client_for(getattr(world, who))
    add = reverse("programs:member-add", args=[world.project.pk])
    assert client.get(add).status_code == 403
    assert client.post(add, seat_data(user=newcomer.pk)).status_code == 403
    seat = Membership.objects.get(project=world.project, user=world.analyst)
    edit = reverse("programs:member", args=[world.project.pk, seat.pk])
    assert client.post(edit, seat_data(role=MemberRole.LEADER, revision=seat.revision)).status_code == 403
    remove = reverse("programs:member-remove", args=[world.project.pk, seat.pk])
    assert client.post(remove).status_code == 403
    assert not Membership.objects.filter(user=newcomer).exists()
    assert Membership.objects.get(pk=seat.pk).role == MemberRole.MEMBER
    page = client.get(reverse("programs:team", args=[world.project.pk])).content.decode()
    assert "Add a member" not in page


def test_the_program_lead_staffs_the_programs_projects(world: World) -> None:
    world.program.lead = make_user("pilot", Role.PROGRAM_LEAD)
    world.program.save()
    client = world.client_for(world.program.lead)
    response = client.post(
        reverse("programs:member-add", args=[world.project.pk]),
        seat_data(user=world.outsider.pk, role=MemberRole.LEADER, function=Function.LEADER, commitment="40"),
    )
    assert response.status_code == 302
    assert Membership.objects.get(project=world.project, user=world.outsider).role == MemberRole.LEADER


def test_the_sponsor_reads_and_comments_but_does_not_change_the_project(world: World) -> None:
    client = world.client_for(world.sponsor)
    edit = reverse("programs:project-edit", args=[world.project.pk])
    assert client.get(edit).status_code == 403
    assert (
        client.post(edit, {"name": "Renamed", "business_issue": "x", "phase": "project"}).status_code == 403
    )
    new = reverse("programs:milestone-new", args=[world.project.pk])
    assert client.post(new, {"title": "x", "due": "2027-01-01", "revision": 0}).status_code == 403
    response = client.post(
        reverse("programs:comment", args=[world.project.pk]), {"text": "Where is <b>the data</b>?"}
    )
    assert response.status_code == 302
    page = client.get(reverse("programs:project", args=[world.project.pk])).content.decode()
    assert "Where is &lt;b&gt;the data&lt;/b&gt;?" in page
    assert "<b>the data</b>" not in page
    world.project.refresh_from_db()
    assert world.project.name == "Bearings"


def test_a_viewer_may_not_comment_and_a_bad_comment_writes_nothing(world: World) -> None:
    url = reverse("programs:comment", args=[world.project.pk])
    assert world.client_for(world.viewer).post(url, {"text": "Hello"}).status_code == 403
    analyst = world.client_for(world.analyst)
    empty = analyst.post(url, {"text": "   "})
    assert empty.status_code == 400
    assert "This field is required" in empty.content.decode()
    long = analyst.post(url, {"text": "x" * 4001})
    assert long.status_code == 400
    body = long.content.decode()
    assert "at most 4000 characters (it has 4001)" in body
    assert "x" * 4001 in body  # the text comes back as written, to shorten
    assert Comment.objects.count() == 0


def test_naming_a_new_leader_makes_the_old_one_a_member(world: World, leader: User) -> None:
    seat = Membership.objects.get(project=world.project, user=world.analyst)
    url = reverse("programs:member", args=[world.project.pk, seat.pk])
    response = world.client_for(leader).post(
        url, seat_data(role=MemberRole.LEADER, function=Function.LEADER, revision=seat.revision), follow=True
    )
    assert response.status_code == 200
    assert "Team leader now sits on the team as a member" in response.content.decode()
    roles = dict(Membership.objects.filter(project=world.project).values_list("user__username", "role"))
    assert roles == {"analyst": MemberRole.LEADER, "leader": MemberRole.MEMBER, "viewer": MemberRole.VIEWER}
    # The old leader no longer manages the team.
    assert (
        world.client_for(leader).get(reverse("programs:member-add", args=[world.project.pk])).status_code
        == 403
    )


def test_the_team_keeps_its_leader(world: World, leader: User) -> None:
    seat = Membership.objects.get(project=world.project, user=leader)
    client = world.client_for(leader)
    url = reverse("programs:member", args=[world.project.pk, seat.pk])
    response = client.post(url, seat_data(role=MemberRole.MEMBER, revision=seat.revision))
    assert response.status_code == 200
    assert "name the new leader first" in response.content.decode()
    removed = client.post(reverse("programs:member-remove", args=[world.project.pk, seat.pk]), follow=True)
    assert "Team leader leads the team: name another leader first." in removed.content.decode()
    seat.refresh_from_db()
    assert seat.role == MemberRole.LEADER


def test_bad_seats_are_refused_by_field(world: World, leader: User) -> None:
    client = world.client_for(leader)
    url = reverse("programs:member-add", args=[world.project.pk])
    over = client.post(url, seat_data(user=world.outsider.pk, commitment="120"))
    assert over.status_code == 200
    assert "Ensure this value is less than or equal to 100." in over.content.decode()
    twice = client.post(url, seat_data(user=world.analyst.pk))
    assert "Select a valid choice" in twice.content.decode()
    world.outsider.is_active = False
    world.outsider.save()
    inactive = client.post(url, seat_data(user=world.outsider.pk))
    assert "Select a valid choice" in inactive.content.decode()
    assert Membership.objects.filter(project=world.project).count() == 3


def test_a_stale_seat_change_is_refused(world: World, leader: User) -> None:
    seat = Membership.objects.get(project=world.project, user=world.analyst)
    url = reverse("programs:member", args=[world.project.pk, seat.pk])
    client = world.client_for(leader)
    opened = seat_data(revision=seat.revision)
    assert client.post(url, {**opened, "commitment": "30"}).status_code == 302
    stale = client.post(url, {**opened, "commitment": "10"})
    assert stale.status_code == 409
    assert Membership.objects.get(pk=seat.pk).commitment == 30


def test_loads_add_up_across_projects_without_naming_hidden_ones(world: World, leader: User) -> None:
    secret = Project.objects.create(program=world.program, name="Secret acquisition", business_issue="x")
    Membership.objects.create(project=secret, user=leader, role=MemberRole.MEMBER, commitment=35)
    third = Project.objects.create(program=world.program, name="Third", business_issue="y")
    Membership.objects.create(project=third, user=leader, role=MemberRole.MEMBER, commitment=25)
    page = (
        world.client_for(world.analyst)
        .get(reverse("programs:team", args=[world.project.pk]))
        .content.decode()
    )
    row = page[page.index("<td>Team leader</td>") :].split("</tr>")[0]
    assert '<td class="num">60 %</td>' in row  # 35 + 25 elsewhere
    assert "110 %" in row  # 50 here + 60
    assert "over full time" in row
    assert "Team leader is committed 110 % of full time across projects (50 % here, 60 % elsewhere)." in page
    assert "Secret acquisition" not in page
    assert 'id="team-load-spec"' in page


def test_the_method_advice_follows_the_records(world: World, leader: User) -> None:
    client = world.client_for(world.analyst)
    url = reverse("programs:team", args=[world.project.pk])
    page = client.get(url).content.decode()
    assert "The team has 0 salespeople; the method advises two or three" in page
    assert "Nobody on the team comes from field or technical." in page
    assert "the program&#x27;s sponsor (sponsor) does" in page
    assert "runs" not in page.split("The method")[1].split("</div>")[0]  # no dates yet: no timeline advice
    project = world.project
    project.implementing_manager = leader
    project.starts, project.ends = date(2027, 1, 4), date(2027, 7, 30)
    project.save()
    for name in ("s1", "s2"):
        user = make_user(name, Role.SALESPERSON)
        Membership.objects.create(project=project, user=user, function=Function.SALES, commitment=20)
    Membership.objects.filter(user=world.analyst).update(function=Function.FIELD, commitment=40)
    page = client.get(url).content.decode()
    assert "salespeople" not in page
    assert "field or technical" not in page
    assert "Team leader leads the team and must also implement the business case" in page
    days = (date(2027, 7, 30) - date(2027, 1, 4)).days
    assert f"The project runs {days} days, longer than six months" in page
    assert "analyst gives 40 % to this project; the method expects a member, about 25 %." in page
    project_page = client.get(reverse("programs:project", args=[project.pk])).content.decode()
    assert f"This project runs {days} days, longer than six months" in project_page


def test_members_keep_the_workplan_and_the_program_page_shows_progress(world: World, leader: User) -> None:
    client = world.client_for(world.analyst)
    new = reverse("programs:milestone-new", args=[world.project.pk])
    today = timezone.localdate()
    late, soon = today - timedelta(days=3), today + timedelta(days=10)
    for title, due in (("Initial meetings held", late), ("Data gathered", soon)):
        response = client.post(new, {"title": title, "due": due.isoformat(), "owner": leader.pk})
        assert response.status_code == 302, response.content.decode()
    refused = client.post(
        new, {"title": "Outside owner", "due": soon.isoformat(), "owner": world.outsider.pk}
    )
    assert "Select a valid choice" in refused.content.decode()
    assert (
        world.client_for(world.viewer).post(new, {"title": "x", "due": soon.isoformat()}).status_code == 403
    )
    page = client.get(reverse("programs:project", args=[world.project.pk])).content.decode()
    assert "Overdue" in page
    program_page = client.get(reverse("programs:program", args=[world.program.pk])).content.decode()
    row = program_page[program_page.index("Bearings</a>") :].split("</tr>")[0]
    assert "1 of 5: Business issue to project" in row
    assert "0 of 2 reached" in row
    assert "1 overdue" in row
    assert "Initial meetings held" in row
    assert "The program has 1 project; a pilot usually runs 3 to 5." in program_page
    first = Milestone.objects.get(title="Initial meetings held")
    edit = reverse("programs:milestone", args=[world.project.pk, first.pk])
    done = {"title": first.title, "due": late.isoformat(), "owner": leader.pk, "done": today.isoformat()}
    assert client.post(edit, {**done, "revision": first.revision}).status_code == 302
    program_page = client.get(reverse("programs:program", args=[world.program.pk])).content.decode()
    row = program_page[program_page.index("Bearings</a>") :].split("</tr>")[0]
    assert "1 of 2 reached" in row
    assert "overdue" not in row
    assert "Data gathered" in row
    remove = reverse("programs:milestone-remove", args=[world.project.pk, first.pk])
    assert client.post(remove).status_code == 302
    assert list(Milestone.objects.values_list("title", flat=True)) == ["Data gathered"]


def test_a_project_cannot_end_before_it_starts(world: World) -> None:
    url = reverse("programs:project-edit", args=[world.project.pk])
    data = {"name": "Bearings", "business_issue": "x", "phase": "project", "revision": world.project.revision}
    response = world.client_for(world.analyst).post(
        url, {**data, "starts": "2027-05-01", "ends": "2027-01-01"}
    )
    assert response.status_code == 200
    assert "The project cannot end before it starts." in response.content.decode()


def test_the_history_names_people_and_choices_not_ids(world: World, leader: User) -> None:
    url = reverse("programs:project-edit", args=[world.project.pk])
    data = {"name": "Bearings", "business_issue": "Sold on price", "phase": "project", "decision": "pricing"}
    data |= {"implementing_manager": world.analyst.pk, "revision": world.project.revision}
    assert world.client_for(leader).post(url, data).status_code == 302
    page = world.client_for(leader).get(reverse("programs:project", args=[world.project.pk])).content.decode()
    history = page[page.index("<h2>History</h2>") :]
    assert "<strong>implementing manager</strong>: — → analyst" in history
    assert "<strong>decision it informs</strong>: — → Pricing strategy and tactics" in history


def test_the_sponsor_comments_on_a_record_and_readers_see_it_only_with_the_record(world: World) -> None:
    from tests.web.example_model import import_example
    from worth.apps.research.models import Customer, Meeting, Participation

    record = import_example(world)
    sam = make_user("sam", Role.SALESPERSON)
    Membership.objects.create(
        project=world.project, user=sam, role=MemberRole.MEMBER, function=Function.SALES
    )
    theirs = Participation.objects.create(
        project=world.project, customer=Customer.objects.create(name="Norrvik Bruk")
    )
    meeting = Meeting.objects.create(participation=theirs, held=date(2026, 10, 14))
    url = reverse("programs:comment", args=[world.project.pk])
    sponsor = world.client_for(world.sponsor)
    on_model = sponsor.post(
        url,
        {
            "text": "Where does the margin figure come from?",
            "about": f"valuemodels.valuemodelrecord:{record.pk}",
        },
    )
    assert on_model.status_code == 302
    assert on_model["Location"] == record.get_absolute_url() + "#comments"
    assert (
        sponsor.post(
            url, {"text": "Why no controller?", "about": f"research.meeting:{meeting.pk}"}
        ).status_code
        == 302
    )
    model_page = world.client_for(world.viewer).get(record.get_absolute_url()).content.decode()
    assert "Where does the margin figure come from?" in model_page
    assert (
        "Why no controller?"
        in world.client_for(world.viewer).get(reverse("research:meeting", args=[meeting.pk])).content.decode()
    )
    # The project page names each comment's record; Sam sees neither Norrvik Bruk's meeting nor its comment.
    leader_page = (
        world.client_for(world.leader)
        .get(reverse("programs:project", args=[world.project.pk]))
        .content.decode()
    )
    assert "on Initial meeting at Norrvik Bruk on 2026-10-14" in leader_page
    sam_page = (
        world.client_for(sam).get(reverse("programs:project", args=[world.project.pk])).content.decode()
    )
    assert "Why no controller?" not in sam_page
    assert "Norrvik Bruk" not in sam_page
    assert "Where does the margin figure come from?" not in sam_page  # the model does not exist for Sam
    assert "Where does the margin figure come from?" in leader_page
    # A record of another project, or one that takes no comments, is refused and nothing is written.
    elsewhere = Project.objects.create(program=world.program, name="Other", business_issue="x")
    other_meeting = Meeting.objects.create(
        participation=Participation.objects.create(
            project=elsewhere, customer=Customer.objects.create(name="Osprey")
        ),
        held=date(2026, 10, 1),
    )
    for about in (f"research.meeting:{other_meeting.pk}", f"auth.user:{sam.pk}", "nonsense"):
        refused = sponsor.post(url, {"text": "Sneaky", "about": about})
        assert refused.status_code == 400, about
    assert Comment.objects.count() == 2


def test_a_comment_on_a_model_version_is_read_with_that_version(world: World) -> None:
    from tests.web.example_model import import_example

    record = import_example(world, note="First round of mill visits")
    version = record.versions.get(number=1)
    sponsor = world.client_for(world.sponsor)
    said = sponsor.post(
        reverse("programs:comment", args=[world.project.pk]),
        {
            "text": "Which mills gave <b>measured</b> stop logs?",
            "about": f"valuemodels.modelversion:{version.pk}",
        },
    )
    assert said.status_code == 302
    assert said["Location"] == version.get_absolute_url() + "#comments"
    page = world.client_for(world.viewer).get(version.get_absolute_url()).content.decode()
    assert "Which mills gave &lt;b&gt;measured&lt;/b&gt; stop logs?" in page
    # A salesperson who sees only their accounts does not see a model's versions, nor comments on them.
    sam = make_user("sam", Role.SALESPERSON)
    Membership.objects.create(project=world.project, user=sam, role=MemberRole.MEMBER)
    project_page = world.client_for(sam).get(reverse("programs:project", args=[world.project.pk]))
    assert "stop logs" not in project_page.content.decode()
    # A version of another project's model is no record of this project.
    other = Project.objects.create(program=world.program, name="Other", business_issue="x")
    refused = sponsor.post(
        reverse("programs:comment", args=[other.pk]),
        {"text": "Sneaky", "about": f"valuemodels.modelversion:{version.pk}"},
    )
    assert refused.status_code == 400


def test_the_sponsor_comments_on_a_milestone_a_data_set_and_a_journey_map(
    world: World, tmp_path: object, settings: object
) -> None:
    from pathlib import Path

    from tests.web.test_pricing_support import HAND_CSV
    from worth.apps.pricing.services import ImportRequest, start_dataset_import
    from worth.apps.valuecycle.models import JourneyMap

    settings.WORTH_JOBS_INLINE, settings.DATA_DIR = True, tmp_path  # type: ignore[attr-defined]
    source = Path(str(tmp_path)) / "lines.csv"
    source.write_text(HAND_CSV, encoding="utf-8")
    attempt = start_dataset_import(
        project=world.project,
        user=world.leader,
        request=ImportRequest(name="Lines 2025", source=source, source_name="lines.csv"),
    )
    dataset = attempt.dataset
    assert dataset is not None
    milestone = Milestone.objects.create(
        project=world.project, title="Initial meetings", due=date(2027, 1, 15)
    )
    journey = JourneyMap.objects.create(project=world.project, name="Large mills", scope="Large paper mills")
    sponsor = world.client_for(world.sponsor)
    # The sponsor reads the milestone (no form to change it) and comments on it.
    page = sponsor.get(reverse("programs:milestone", args=[world.project.pk, milestone.pk])).content.decode()
    assert "Initial meetings" in page
    assert "Save</button>" not in page
    url = reverse("programs:comment", args=[world.project.pk])
    said = {
        f"programs.milestone:{milestone.pk}": "Will the controller be at every initial meeting?",
        f"pricing.invoicedataset:{dataset.pk}": "Do these lines include the rebates paid at year end?",
        f"valuecycle.journeymap:{journey.pk}": "Who documents the energy savings?",
    }
    for about, text in said.items():
        response = sponsor.post(url, {"text": text, "about": about})
        assert response.status_code == 302, about
    pages = {
        reverse("programs:milestone", args=[world.project.pk, milestone.pk]): said[
            f"programs.milestone:{milestone.pk}"
        ],
        dataset.get_absolute_url(): said[f"pricing.invoicedataset:{dataset.pk}"],
        journey.get_absolute_url(): said[f"valuecycle.journeymap:{journey.pk}"],
    }
    for page_url, text in pages.items():
        assert text in world.client_for(world.viewer).get(page_url).content.decode(), page_url
    assert (
        world.client_for(world.viewer)
        .post(url, {"text": "x", "about": f"programs.milestone:{milestone.pk}"})
        .status_code
        == 403
    )
    # A salesperson who sees only their accounts reads the milestone's comment, not the data set's.
    sam = make_user("sam", Role.SALESPERSON)
    Membership.objects.create(project=world.project, user=sam, role=MemberRole.MEMBER)
    sam_page = (
        world.client_for(sam).get(reverse("programs:project", args=[world.project.pk])).content.decode()
    )
    assert said[f"programs.milestone:{milestone.pk}"] in sam_page
    assert "rebates paid at year end" not in sam_page
    assert Comment.objects.count() == 3
