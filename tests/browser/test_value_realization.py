"""In Chromium: a salesperson runs a calculator for a prospect, saves the estimate, starts a documenter,
records results and sends a link; the customer manager approves one figure, contests another, and
reaches nothing else."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.browser.test_models import EXAMPLE, project  # noqa: F401 (the fixture)
from tests.browser.test_navigation import PASSWORD, log_in
from worth.apps.accounts.roles import Role
from worth.apps.accounts.setup import ensure_role_groups
from worth.apps.programs.models import MemberRole, Membership, Project
from worth.apps.realization.models import Measurement, ValueEstimate, Verdict
from worth.apps.valuemodels.models import ValueModelRecord
from worth.apps.valuemodels.services import import_model_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOWNTIME_ALT = "Unplanned downtime hours per year, alternative"
DOWNTIME_OURS = "Unplanned downtime hours per year, offering"
MARGIN = "Contribution margin per production hour"


def _field(page: Any, question: str) -> Any:
    return page.locator("table.calc-inputs tr", has_text=question).locator("input").first


def test_from_a_calculator_to_figures_the_customer_confirms(
    page: Any,
    browser: Any,
    live_server: Any,
    project: Project,  # noqa: F811 (the fixture imported above)
) -> None:
    base = live_server.url
    analyst = User.objects.get(username="analyst")
    import_model_text(project=project, text=EXAMPLE.read_text(encoding="utf-8"), filename=None, user=analyst)
    seller = User.objects.create_user("seller", "s@example.com", PASSWORD, first_name="Account manager")
    seller.groups.set([ensure_role_groups()[Role.SALESPERSON]])
    Membership.objects.create(project=project, user=seller, role=MemberRole.MEMBER)

    log_in(page, base, "seller", PASSWORD)
    page.click("nav.areas >> text=Calculators")
    page.click("text=Large integrated mills")
    assert "default" in page.inner_text(f"table.calc-inputs tr:has-text('{MARGIN}')")
    page.fill("input[name=prospect]", "Lindqvist Bruk")
    _field(page, DOWNTIME_ALT).fill("40")
    _field(page, DOWNTIME_OURS).fill("10")
    _field(page, MARGIN).fill("9000")
    # The live result: (40 - 10) x 9,000 = $270,000, and the sentence names the prospect.
    page.wait_for_selector("#calc-result >> text=$270,000")
    page.wait_for_selector("#calc-result >> text=Lindqvist Bruk should choose")
    row = page.locator(f"table.calc-inputs tr:has-text('{MARGIN}')")
    assert "is-default" not in (row.get_attribute("class") or "")
    assert row.locator("select").input_value() == "customer-estimate"
    page.click("button:has-text('Save as value estimate')")
    page.wait_for_selector("h1:has-text('Value estimate for Lindqvist Bruk')")
    estimate = ValueEstimate.objects.get()
    assert estimate.elements["Unplanned downtime"] == pytest.approx(270_000)

    page.click("button:has-text('Start a value documenter')")
    page.wait_for_selector("h1:has-text('Value delivered to Lindqvist Bruk')")
    for measure, value in ((DOWNTIME_OURS, "16"), ("Bearings replaced per year, offering", "20")):
        page.select_option("select[name=measure]", label=measure)
        page.fill("input[name=taken]", "2026-06-30")
        page.fill("input[name=value]", value)
        page.click("button:has-text('Record')")
        page.wait_for_selector("text=Result recorded")
    # (40 - 16) x 9,000 = 216,000 documented of 270,000 promised.
    assert "$216,000" in page.inner_text("table.realization")
    assert "80.0%" in page.inner_text("table.realization")
    page.wait_for_selector("#realization svg")
    page.fill("input[name=manager]", "Maintenance manager")
    page.click("button:has-text('Make a link')")
    message = page.inner_text("ul.messages")
    found = re.search(r"https?://\S+/shared/[\w-]+/", message)
    assert found, message
    link = found.group(0)
    assert page.js_errors == []

    customer = browser.new_context(viewport={"width": 1280, "height": 900})
    manager = customer.new_page()
    manager.goto(link)
    assert "For Maintenance manager, Lindqvist Bruk" in manager.inner_text("p.lead")
    downtime = manager.locator("table tr", has_text=DOWNTIME_OURS).last
    downtime.locator("button:has-text('Approve')").click()
    manager.wait_for_selector("text=Customer-confirmed")
    bearings = manager.locator("table tr", has_text="Bearings replaced per year, offering").last
    bearings.locator("button:has-text('Contest')").click()
    assert "Say what is wrong" in manager.inner_text("p.msg-error")
    bearings = manager.locator("table tr", has_text="Bearings replaced per year, offering").last
    bearings.locator("input[name=note]").fill("Stores counted 24, not 20")
    bearings.locator("button:has-text('Contest')").click()
    manager.wait_for_selector("text=Stores counted 24, not 20")
    verdicts = dict(Measurement.objects.values_list("driver", "verdict"))
    assert verdicts == {
        DOWNTIME_OURS: Verdict.CONFIRMED,
        "Bearings replaced per year, offering": Verdict.CONTESTED,
    }
    # $216,000 is now green money; nothing else opens for the link's holder.
    assert "$216,000 customer-confirmed" in manager.inner_text("table.realization")
    documenter = estimate.documenter
    model = ValueModelRecord.objects.get()
    for elsewhere in (
        documenter.get_absolute_url(),
        estimate.get_absolute_url(),
        "/documenters/",
        f"/models/{model.pk}/",
        f"/programs/projects/{project.pk}/",
    ):
        manager.goto(base + elsewhere)
        assert "/login/" in manager.url, elsewhere
    assert manager.request.get(f"{base}/api/me").status == 401
    posted = manager.request.post(f"{base}/documenters/{documenter.pk}/results/", form={"value": "1"})
    assert posted.status in (302, 403)
    assert Measurement.objects.count() == 2
    customer.close()

    # The model's team turns the confirmed result into research data: a new version, compared.
    team = browser.new_context(viewport={"width": 1280, "height": 900})
    member = team.new_page()
    log_in(member, base, "analyst", PASSWORD)
    member.goto(base + documenter.get_absolute_url())
    member.click('button:has-text("Add the confirmed results to the model\'s research")')
    member.wait_for_selector("text=measured observations in")
    assert "/compare/" in member.url
    after = ValueModelRecord.objects.get().versions.order_by("-number").first()
    assert after is not None
    lindqvist = next(c for c in after.load().model.customers if c.name == "Lindqvist Bruk")
    assert lindqvist.observations[DOWNTIME_OURS].value == 16
    assert lindqvist.observations[DOWNTIME_OURS].source == "measured"
    assert "Bearings replaced per year, offering" not in lindqvist.observations  # contested
    assert lindqvist.observations[DOWNTIME_ALT].value == 40
    team.close()
