"""Projects, their teams, workplans and comments through the JSON API, with the pages' rights and rules."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from tests.web.conftest import World, make_user
from worth.apps.accounts.models import ApiToken
from worth.apps.accounts.roles import Role
from worth.apps.programs.models import Comment, MemberRole, Membership, Milestone, Project
from worth.apps.research.models import Contact, Customer, Participation


def _api(user: User) -> Client:
    _, raw = ApiToken.objects.issue(user=user, name="script")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _send(client: Client, method: str, url: str, body: Any) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_a_project_reads_with_its_team_loads_and_advice(world: World) -> None:
    other = Project.objects.create(program=world.program, name="Other", business_issue="x")
    Membership.objects.create(project=other, user=world.leader, commitment=60)
    response = _api(world.analyst).get(f"/api/projects/{world.project.pk}")
    assert response.status_code == 200
    body = response.json()
    team = {m["username"]: m for m in body["team"]}
    assert (team["leader"]["commitment"], team["leader"]["elsewhere"], team["leader"]["total"]) == (
        50,
        60,
        110,
    )
    assert team["leader"]["seat"] == "leader"
    assert any("110 % of full time" in a["text"] for a in body["advice"])
    listed = [p["name"] for p in _api(world.analyst).get("/api/projects").json()]
    assert listed == ["Bearings"]  # the analyst is not on "Other"
    assert _api(world.outsider).get(f"/api/projects/{world.project.pk}").status_code == 404


def test_the_leader_staffs_the_team_through_the_api_by_the_pages_rules(world: World) -> None:
    newcomer = make_user("newcomer", Role.ANALYST)
    leader = _api(world.leader)
    url = f"/api/projects/{world.project.pk}/team"
    refused = _send(leader, "post", url, {"user": "newcomer", "function": "sales", "commitment": 140})
    assert refused.status_code == 422
    assert refused.json()["problems"] == [
        {"field": "commitment", "message": "Ensure this value is less than or equal to 100."}
    ]
    unknown = _send(leader, "post", url, {"user": "nobody", "function": "sales"})
    assert unknown.json()["problems"] == [{"field": "user", "message": "no active account named 'nobody'"}]
    assert not Membership.objects.filter(user=newcomer).exists()
    added = _send(
        leader, "post", url, {"user": "newcomer", "role": "member", "function": "sales", "commitment": 20}
    )
    assert added.status_code == 201, added.json()
    seat = added.json()
    assert (seat["function"], seat["commitment"], seat["total"]) == ("sales", 20, 20)
    forbidden = _send(_api(world.analyst), "post", url, {"user": "outsider"})
    assert forbidden.status_code == 403
    assert forbidden.json() == {"detail": "Only the project's leader or the program lead manages its team."}
    # Naming the newcomer leader makes the old leader a member; the old one may then not staff the team.
    change = f"{url}/{seat['id']}"
    body = {"revision": seat["revision"], "role": "leader", "function": "leader", "commitment": 40}
    assert _send(leader, "put", change, body).status_code == 200
    assert Membership.objects.get(user=world.leader, project=world.project).role == MemberRole.MEMBER
    stale = _send(_api(newcomer), "put", change, {**body, "commitment": 30})
    assert stale.status_code == 409
    assert _api(world.leader).delete(change).status_code == 403
    refusal = _api(newcomer).delete(change)
    assert refusal.status_code == 422
    assert "name another leader first" in refusal.json()["problems"][0]["message"]


def test_members_keep_the_workplan_and_the_sponsor_comments(world: World) -> None:
    url = f"/api/projects/{world.project.pk}/milestones"
    member = _api(world.analyst)
    bad = _send(member, "post", url, {"title": "Initial meetings", "due": "15/01/2027", "owner": "outsider"})
    assert bad.status_code == 422
    fields = {p["field"] for p in bad.json()["problems"]}
    assert fields == {"due", "owner"}  # not a date; not on the team
    made = _send(member, "post", url, {"title": "Initial meetings", "due": "2027-01-15", "owner": "leader"})
    assert made.status_code == 201
    step = made.json()
    assert (step["owner"], step["done"]) == ("leader", None)
    done = {"title": "Initial meetings", "due": "2027-01-15", "owner": "leader", "done": "2027-01-14"}
    reached = _send(member, "put", f"{url}/{step['id']}", {**done, "revision": step["revision"]})
    assert reached.json()["done"] == "2027-01-14"
    assert _send(_api(world.sponsor), "post", url, {"title": "x", "due": "2027-01-01"}).status_code == 403
    assert _api(world.viewer).delete(f"{url}/{step['id']}").status_code == 403
    assert Milestone.objects.get().done is not None
    comments = f"/api/projects/{world.project.pk}/comments"
    said = _send(_api(world.sponsor), "post", comments, {"text": "Bring the mills' own figures."})
    assert said.status_code == 201
    assert _send(_api(world.viewer), "post", comments, {"text": "Me too"}).status_code == 403
    empty = _send(member, "post", comments, {"text": ""})
    assert empty.json()["problems"] == [{"field": "text", "message": "This field is required."}]
    assert [c["author"] for c in _api(world.viewer).get(comments).json()] == ["sponsor"]
    assert Comment.objects.count() == 1


def test_a_crm_reads_and_updates_a_salespersons_own_customers(world: World) -> None:
    sam = make_user("sam", Role.SALESPERSON)
    Membership.objects.create(project=world.project, user=sam, role=MemberRole.MEMBER)
    mine = Participation.objects.create(
        project=world.project, customer=Customer.objects.create(name="Kestrel Bay Paper", salesperson=sam)
    )
    theirs = Participation.objects.create(
        project=world.project, customer=Customer.objects.create(name="Norrvik Bruk")
    )
    manager = Contact.objects.create(
        customer=mine.customer, name="Maintenance manager", function="Maintenance"
    )
    crm = _api(sam)
    listed = crm.get(f"/api/projects/{world.project.pk}/customers").json()
    assert [row["customer"] for row in listed] == ["Kestrel Bay Paper"]
    assert len(_api(world.analyst).get(f"/api/projects/{world.project.pk}/customers").json()) == 2
    body = {
        "revision": mine.revision,
        "status": "agreed",
        "incentive": 2,
        "salesperson_support": "supportive",
        "reasons": ["benchmark", "resource"],
        "contacts": [manager.pk],
        "gives": "Stop logs",
        "gets": "A benchmark",
    }
    bad = _send(
        crm, "put", f"/api/participations/{mine.pk}", {**body, "status": "maybe", "reasons": ["bribe"]}
    )
    assert bad.status_code == 422
    assert {p["field"] for p in bad.json()["problems"]} == {"status", "reasons"}
    saved = _send(crm, "put", f"/api/participations/{mine.pk}", body)
    assert saved.status_code == 200, saved.json()
    out = saved.json()
    assert (out["status"], out["reasons"], out["contacts"]) == (
        "agreed",
        ["benchmark", "resource"],
        ["Maintenance manager (Maintenance)"],
    )
    assert _send(crm, "put", f"/api/participations/{mine.pk}", body).status_code == 409  # stale revision
    assert _send(crm, "put", f"/api/participations/{theirs.pk}", body).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "candidate"
