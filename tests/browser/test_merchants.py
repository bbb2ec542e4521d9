"""In Chromium: a salesperson assesses themself on the ten contrasts; the program lead's view shows both."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.browser.test_navigation import PASSWORD, log_in
from worth.apps.accounts.roles import Role
from worth.apps.accounts.setup import ensure_role_groups
from worth.apps.merchants.models import MerchantAssessment
from worth.apps.programs.models import MemberRole, Membership, Program, Project
from worth.engine.merchants import CONTRASTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_salesperson_assesses_themself_and_the_lead_sees_it(
    page: Any, browser: Any, live_server: Any
) -> None:
    groups = ensure_role_groups()
    lead = User.objects.create_user("lead", "l@example.com", PASSWORD, first_name="Program lead")
    lead.groups.set([groups[Role.PROGRAM_LEAD]])
    seller = User.objects.create_user("seller", "s@example.com", PASSWORD, first_name="Account manager")
    seller.groups.set([groups[Role.SALESPERSON]])
    program = Program.objects.create(name="Pilot", sponsor=lead, lead=lead, success_target="$1M")
    project = Project.objects.create(program=program, name="Bearings", business_issue="Sold on price")
    Membership.objects.create(project=project, user=seller, role=MemberRole.MEMBER)

    log_in(page, live_server.url, "seller", PASSWORD)
    page.goto(f"{live_server.url}/programs/{program.pk}/")
    page.click("text=Value merchants")
    page.click("text=Assess yourself")
    for n, contrast in enumerate(CONTRASTS):
        page.check(f"input[name={contrast.key}][value='{4 if n < 5 else 2}']")
    page.click("button:has-text('Save the assessment')")
    page.wait_for_selector("text=Self-assessment of Account manager saved")
    saved = MerchantAssessment.objects.get()
    # five 4s and five 2s: mean 3, half way from 1 to 5
    assert saved.share == pytest.approx(0.5)
    page.wait_for_selector("#history-chart svg")
    assert page.js_errors == []

    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(other, live_server.url, "lead", PASSWORD)
    other.goto(f"{live_server.url}/merchants/programs/{program.pk}/")
    other.wait_for_selector("#merchants-chart svg")
    assert "50.0%" in other.inner_text("table.merchants")
