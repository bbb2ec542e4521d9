"""A person logs in, reads the home page and walks every area of the navigation in Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from worth.apps.accounts.roles import Role
from worth.apps.accounts.setup import ensure_role_groups
from worth.apps.core.navigation import AREAS
from worth.apps.programs.models import MemberRole, Membership, Program, Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser walk 2027"


@pytest.fixture
def analyst() -> User:
    groups = ensure_role_groups()
    user = User.objects.create_user("walker", "w@example.com", PASSWORD, first_name="Value project leader")
    user.groups.set([groups[Role.ANALYST]])
    sponsor = User.objects.create_user("boss", "b@example.com", PASSWORD)
    program = Program.objects.create(name="Pilot 2027", sponsor=sponsor, success_target="$1M in 12 months")
    project = Project.objects.create(
        program=program, name="Bearings for mills", business_issue="Sold on price"
    )
    Membership.objects.create(project=project, user=user, role=MemberRole.LEADER)
    return user


def log_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(base + "/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_it_logs_in_and_walks_every_area(page: Any, live_server: Any, analyst: User) -> None:
    log_in(page, live_server.url, "walker", PASSWORD)
    page.wait_for_selector("text=Where to start")
    assert page.title() == "Start · Worth"
    for area in AREAS:
        page.click(f"nav.areas >> text={area.title}")
        page.wait_for_load_state()
        heading = page.inner_text("h1")
        assert area.title.casefold() in heading.casefold(), (area.title, heading)
        if area.url_name is None:
            assert "not built yet" in heading
    page.click("nav.areas >> text=Programs & projects")
    page.click("text=Bearings for mills")
    assert page.inner_text("h1").startswith("Bearings for mills")
    assert page.js_errors == []


def test_a_wrong_password_shows_one_clear_message(page: Any, live_server: Any, analyst: User) -> None:
    log_in(page, live_server.url, "walker", "not it")
    alert = page.inner_text("[role=alert]")
    assert "Wrong user name or password" in alert
    assert page.url.startswith(live_server.url + "/login/")


def test_static_assets_are_served_by_the_app(page: Any, live_server: Any, analyst: User) -> None:
    failed: list[str] = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    outside: list[str] = []
    page.on("request", lambda req: None if req.url.startswith(live_server.url) else outside.append(req.url))
    log_in(page, live_server.url, "walker", PASSWORD)
    page.wait_for_selector("text=Where to start")
    assert page.evaluate("typeof htmx") == "object"
    assert failed == []
    assert outside == []
