"""In Chromium: a salesperson assesses themself, the program lead sees both and maps an invoice code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.analytics.behaviour_data import BEHAVIOUR_CSV, BEHAVIOUR_POLICY
from tests.browser.test_navigation import PASSWORD, log_in
from worth.apps.accounts.roles import Role
from worth.apps.accounts.setup import ensure_role_groups
from worth.apps.merchants.models import MerchantAssessment, SalespersonCode
from worth.apps.pricing.services import ImportRequest, import_dataset, save_policy_text
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


def test_the_lead_maps_a_code_and_sees_the_pricing_habits(
    page: Any, live_server: Any, tmp_path: Path, settings: pytest.FixtureRequest
) -> None:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    groups = ensure_role_groups()
    lead = User.objects.create_user("lead", "l@example.com", PASSWORD, first_name="Program lead")
    lead.groups.set([groups[Role.PROGRAM_LEAD]])
    seller = User.objects.create_user("seller", "s@example.com", PASSWORD, first_name="Account manager")
    seller.groups.set([groups[Role.SALESPERSON]])
    program = Program.objects.create(name="Pilot", sponsor=lead, lead=lead, success_target="$1M")
    project = Project.objects.create(program=program, name="Bearings", business_issue="Sold on price")
    Membership.objects.create(project=project, user=seller, role=MemberRole.MEMBER)
    source = tmp_path / "lines.csv"
    source.write_text(BEHAVIOUR_CSV, encoding="utf-8")
    import_dataset(
        project=project,
        user=lead,
        request=ImportRequest(name="Lines", source=source, source_name="lines.csv"),
    )
    save_policy_text(project=project, text=BEHAVIOUR_POLICY, user=lead)

    log_in(page, live_server.url, "lead", PASSWORD)
    page.goto(f"{live_server.url}/merchants/programs/{program.pk}/")
    assert "no salesperson code mapped" in page.inner_text("table.behaviour")
    page.click("text=Map the salesperson codes")
    page.select_option("select[name=user-0]", label="Account manager")  # S1, the first code
    page.click("button:has-text('Save the mapping')")
    page.wait_for_selector("text=1 salesperson code mapped anew")
    assert SalespersonCode.objects.get().user == seller
    page.wait_for_selector("#behaviour-chart svg")
    mine = page.inner_text(f"table.behaviour tr[data-person='{seller.pk}']")
    # by hand (tests/analytics/behaviour_data.py): S1 list 1,500, concessions 100, 1 of 2 below, 25 lost
    for figure in ("S1", "€1,500", "€100", "6.7%", "50.0%", "€25"):
        assert figure in mine
    assert "S2" in page.inner_text("table.behaviour-apart")
    assert page.js_errors == []
