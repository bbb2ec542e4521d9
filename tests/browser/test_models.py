"""A team member imports a value model, reads its analysis and runs a simulation, in Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.browser.test_navigation import PASSWORD, log_in
from worth.apps.accounts.roles import Role
from worth.apps.accounts.setup import ensure_role_groups
from worth.apps.programs.models import MemberRole, Membership, Program, Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"


@pytest.fixture
def project() -> Project:
    groups = ensure_role_groups()
    user = User.objects.create_user("analyst", "a@example.com", PASSWORD)
    user.groups.set([groups[Role.ANALYST]])
    sponsor = User.objects.create_user("boss", "b@example.com", PASSWORD)
    program = Program.objects.create(name="Pilot", sponsor=sponsor, success_target="$1M")
    project = Project.objects.create(
        program=program, name="Bearings for mills", business_issue="Sold on price"
    )
    Membership.objects.create(project=project, user=user, role=MemberRole.MEMBER)
    return project


def test_import_read_the_summary_and_simulate(
    page: Any, live_server: Any, project: Project, job_workers: Any
) -> None:
    job_workers.start()
    log_in(page, live_server.url, "analyst", PASSWORD)
    page.goto(f"{live_server.url}/programs/projects/{project.pk}/")
    page.click("text=Import a value model file")
    page.set_input_files("#id_file", str(EXAMPLE))
    page.click("text=Check and import")
    page.wait_for_selector(".summary-view h2")
    assert "Large integrated mills" in page.locator(".summary-view h2").first.inner_text()

    page.click("nav.subnav >> text=Sensitivity")
    page.wait_for_selector("#tornado-0 svg")
    assert page.locator("#tornado-0 svg").count() == 1

    page.click("nav.subnav >> text=Monte Carlo")
    page.fill("#id_draws", "200000")
    page.fill("#id_seed", "3")
    page.click("text=Run the simulation")
    # The job page polls its progress, then moves to the result on its own.
    page.wait_for_url("**/simulations/**", timeout=60_000)
    page.wait_for_selector("#distribution svg")
    assert "Seed 3" in page.inner_text("main")
    assert page.js_errors == []


def test_a_broken_file_shows_each_problem_and_saves_nothing(
    page: Any, live_server: Any, project: Project, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace("currency: USD", "currency: dollars", 1))
    log_in(page, live_server.url, "analyst", PASSWORD)
    page.goto(f"{live_server.url}/models/import/{project.pk}/")
    page.set_input_files("#id_file", str(broken))
    page.click("text=Check and import")
    alert = page.inner_text("[role=alert]")
    assert "nothing was saved" in alert
    assert "currency" in alert
    assert project.value_models.count() == 0
