"""In Chromium, on the demo case: the team leader opens penetration against skimming from the pricing
start page, reads the large mills' prices and chart, and switches to the small mills."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_demo_case import _log_in, demo  # noqa: F401 (the fixture)
from worth.apps.programs.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_demo_prices_both_subsegments_and_draws_the_chart(
    page: Any,
    live_server: Any,
    demo: str,  # noqa: F811 (the fixture imported above)
) -> None:
    bearings = Project.objects.get(name__startswith="Condition-monitored bearings")
    _log_in(page, live_server.url, "leader", demo)
    page.click("nav.areas >> text=Pricing")
    card = page.locator("section.card", has_text=bearings.name).first
    card.locator("text=Penetration against skimming").click()
    page.wait_for_selector("#strategy-chart svg")
    table = page.inner_text("#strategy-table")
    # docs/pricing.md: the large mills with the demo's structure (99,000 a mill, 420,000 fixed)
    assert "USD 317,628.42" in table
    assert "6 of 7 (86%)" in table
    assert "USD 914,787.72" in table
    assert page.locator("#strategy-chart svg path").count() > 3  # the curves and the marks are drawn
    page.select_option("#id_subsegment", label="Small and mid-size mills")
    page.select_option("#id_structure", label="Reliability program per mill, Small and mid-size mills (2025)")
    page.click("button:has-text('Work out')")
    page.wait_for_selector("#strategy-chart svg")
    table = page.inner_text("#strategy-table")
    assert "USD 165,057.50" in table
    assert "4 of 6 (67%)" in table
    assert "Brookfield Tissue" in page.inner_text("#strategy-warnings")
    assert page.js_errors == []
