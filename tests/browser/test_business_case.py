"""In Chromium: the team makes a business case on its proposition and presents it; the sponsor approves
it, and the program page shows the project's commitment."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_model_versions import import_file
from tests.browser.test_models import EXAMPLE, project  # noqa: F401 (the fixture)
from tests.browser.test_navigation import PASSWORD, log_in
from worth.apps.accounts.roles import Role
from worth.apps.accounts.setup import ensure_role_groups
from worth.apps.programs.models import Project
from worth.apps.propositions.services import start_proposition
from worth.apps.valuemodels.models import ValueModelRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_is_made_presented_and_approved(
    page: Any,
    live_server: Any,
    project: Project,  # noqa: F811 (the fixture imported above)
) -> None:
    base = live_server.url
    log_in(page, base, "analyst", PASSWORD)
    import_file(page, base, project.pk, EXAMPLE, "First round of mill visits")
    start_proposition(ValueModelRecord.objects.get(), "Large integrated mills", None)
    page.goto(f"{base}/programs/projects/{project.pk}/")
    page.click("text=Business cases for change")
    page.click("text=Make a business case")
    page.fill("#id_title", "Monitored bearings for the large mills")
    page.select_option("#id_proposition", index=1)
    page.fill("#id_periods", "6")
    page.fill("#id_profit_at_full_adoption", "100000")
    page.fill("#id_adoption", "10, 20, x")
    page.fill("#id_target_amount", "100000")
    page.fill("#id_target_within", "4")
    page.click("button:has-text('Start the case')")
    assert "value 3 ('x') is not a number" in page.inner_text("form.card")
    page.fill("#id_adoption", "10, 20, 30")
    page.fill("#id_investment", "120000")
    page.fill("#id_running_cost", "5000")
    page.click("button:has-text('Start the case')")
    page.wait_for_selector("#profitability svg")
    # 10,000 + 20,000 + 30,000 + 30,000 by month 4: 10,000 short of the target, reached in month 5.
    assert "is missed: USD 90,000.00 by month 4, USD 10,000.00 short" in page.inner_text("body")
    page.click("button:has-text('Present to senior management')")
    page.wait_for_selector("text=Presented, awaiting the decision")
    assert page.locator("button:has-text('Save the case')").count() == 0

    boss = project.program.sponsor
    boss.groups.add(ensure_role_groups()[Role.PROGRAM_LEAD])  # a sponsor is senior management
    page.context.clear_cookies()
    log_in(page, base, "boss", PASSWORD)
    page.goto(f"{base}/programs/projects/{project.pk}/")
    page.click("text=Business cases for change")
    page.click("text=Monitored bearings for the large mills")
    page.select_option("#id_decision", label="Approved")
    page.fill("#id_note", "Go ahead with the first ten mills.")
    page.click("button:has-text('Record the decision')")
    page.wait_for_selector("text=USD 90,000.00 is now the project's commitment")
    page.goto(f"{base}{project.program.get_absolute_url()}")
    assert "USD 90,000.00" in page.inner_text("table.program-progress")
    assert page.js_errors == []
