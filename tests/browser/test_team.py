"""A program lead starts a project and hands it to its leader, who staffs the team, reads the loads
and the method's advice, plans the work; the sponsor comments and cannot change anything."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.browser.test_navigation import log_in
from worth.apps.accounts.roles import Role
from worth.apps.accounts.setup import ensure_role_groups
from worth.apps.programs.models import Comment, Function, MemberRole, Membership, Milestone, Program, Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "team walk 2027"


def person(username: str, title: str, role: Role) -> User:
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD, first_name=title)
    user.groups.set([ensure_role_groups()[role]])
    return user


@pytest.fixture
def pilot() -> Program:
    lead = person("pilot", "Value program manager", Role.PROGRAM_LEAD)
    sponsor = person("vp", "VP Paper segment", Role.PROGRAM_LEAD)
    person("lena", "Lena, value project leader", Role.ANALYST)
    person("sam", "Sam, account manager", Role.SALESPERSON)
    person("fiona", "Fiona, field engineer", Role.ANALYST)
    busy = person("mark", "Mark, product marketing", Role.ANALYST)
    program = Program.objects.create(
        name="Pilot 2027", sponsor=sponsor, lead=lead, success_target="$1M in 12 months"
    )
    elsewhere = Project.objects.create(program=program, name="Distribution discounts", business_issue="Leaks")
    Membership.objects.create(project=elsewhere, user=busy, function=Function.MARKETING, commitment=90)
    return program


def choose(page: Any, label: str, option: str) -> None:
    page.get_by_label(label).select_option(label=option)


def test_a_team_is_staffed_planned_and_followed_in_the_browser(
    page: Any, live_server: Any, pilot: Program
) -> None:
    base = live_server.url
    log_in(page, base, "pilot", PASSWORD)
    page.goto(f"{base}/programs/{pilot.pk}/")
    page.get_by_role("link", name="New project").click()
    page.get_by_label("Name").fill("Service agreements for mills")
    page.get_by_label("Business issue").fill("Audits are given away to close deals.")
    choose(page, "Decision it informs", "Which services as standard or for a fee")
    page.get_by_label("Starts").fill("2027-01-04")
    page.get_by_label("Ends").fill("2027-09-30")
    choose(page, "Implementing manager", "Mark, product marketing")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=you lead its team for now")
    project = Project.objects.get(name="Service agreements for mills")
    assert "longer than six months" in page.inner_text("main")
    # The program lead names the project's leader; the program lead stays a member, then steps off.
    page.get_by_role("link", name="Manage the team").click()
    page.get_by_role("link", name="Add a member").click()
    choose(page, "Person", "Lena, value project leader")
    choose(page, "Seat", "Team leader")
    choose(page, "Function", "Leader")
    page.get_by_label("Time commitment").fill("50")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=now sits on the team as a member")
    page.get_by_role("row", name="Value program manager").get_by_role("link", name="Change").click()
    page.get_by_role("button", name="Remove from the team").click()
    page.wait_for_selector("text=left the team")
    page.get_by_role("link", name="Log out").click() if page.get_by_role(
        "link", name="Log out"
    ).count() else None
    page.context.clear_cookies()

    log_in(page, base, "lena", PASSWORD)
    page.goto(f"{base}/programs/projects/{project.pk}/team/")
    for who, function, title, share in (
        ("Sam, account manager", "Sales", "Key accounts, large mills", "20"),
        ("Fiona, field engineer", "Field or technical", "Field application engineer", "25"),
        ("Mark, product marketing", "Marketing or development", "Product marketing manager", "25"),
    ):
        page.get_by_role("link", name="Add a member").click()
        choose(page, "Person", who)
        choose(page, "Function", function)
        page.get_by_label("Title").fill(title)
        page.get_by_label("Time commitment").fill(share)
        page.get_by_role("button", name="Save").click()
        page.wait_for_selector(f"text={who} joined the team")
    advice = page.inner_text(".advice")
    assert "The team has 1 salesperson" in advice
    assert "Mark, product marketing is committed 115 % of full time" in advice
    assert "Nobody on the team comes from" not in advice
    mark = page.get_by_role("row", name="Mark, product marketing")
    assert "over full time" in mark.inner_text()
    page.wait_for_selector("#team-load svg")  # the load chart drew
    # A commitment past full time for one project is refused at its field, before it is sent.
    page.get_by_role("row", name="Sam, account manager").get_by_role("link", name="Change").click()
    page.get_by_label("Time commitment").fill("130")
    page.get_by_role("button", name="Save").click()
    assert "100" in page.get_by_label("Time commitment").evaluate("field => field.validationMessage")
    assert Membership.objects.get(user__username="sam").commitment == 20
    page.get_by_role("link", name="← Team of Service agreements for mills").click()

    # The workplan: two milestones, one reached.
    page.get_by_role("link", name="← Service agreements for mills").click()
    for title, due in (("Workshop breakout", "2027-01-15"), ("Mills invited", "2027-02-05")):
        page.get_by_role("link", name="Add a milestone").click()
        page.get_by_label("Title").fill(title)
        page.get_by_label("Due").fill(due)
        choose(page, "Owner", "Lena, value project leader")
        page.get_by_role("button", name="Save").click()
        page.wait_for_selector(f"text=Milestone “{title}” added")
    page.get_by_role("row", name="Workshop breakout").get_by_role("link", name="Change").click()
    page.get_by_label("Reached on").fill("2027-01-15")
    page.get_by_role("button", name="Save").click()
    assert "Reached 2027-01-15" in page.get_by_role("row", name="Workshop breakout").inner_text()
    page.goto(f"{base}/programs/{pilot.pk}/")
    row = page.get_by_role("row", name="Service agreements for mills").inner_text()
    assert "1 of 2 reached" in row
    assert "Mills invited" in row
    page.context.clear_cookies()

    # The sponsor reads and comments, and is offered no edit.
    log_in(page, base, "vp", PASSWORD)
    page.goto(f"{base}/programs/projects/{project.pk}/")
    assert page.get_by_role("link", name="Edit").count() == 0
    assert page.get_by_role("link", name="Add a milestone").count() == 0
    page.get_by_label("Comment").fill("Which audits do the mills value most?")
    page.get_by_role("button", name="Add the comment").click()
    page.wait_for_selector("text=Comment added")
    assert "Which audits do the mills value most?" in page.inner_text("#comments ~ .comment")
    assert page.js_errors == []
    seats = dict(Membership.objects.filter(project=project).values_list("user__username", "role"))
    assert seats == {"lena": MemberRole.LEADER, "sam": "member", "fiona": "member", "mark": "member"}
    assert Milestone.objects.filter(project=project, done__isnull=False).count() == 1
    assert Comment.objects.get(project=project).author.username == "vp"
