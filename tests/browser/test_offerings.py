"""In Chromium: a team member records a part of the offering and sees where it stands per subsegment."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.browser.test_models import EXAMPLE, project  # noqa: F401 (the fixture)
from tests.browser.test_navigation import PASSWORD, log_in
from tests.payloads import TEXT_PAYLOAD
from worth.apps.offerings.models import OfferingComponent
from worth.apps.programs.models import Project
from worth.apps.valuemodels.services import import_model_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_part_of_the_offering_is_placed_per_subsegment(
    page: Any,
    live_server: Any,
    project: Project,  # noqa: F811 (the fixture imported above)
) -> None:
    analyst = User.objects.get(username="analyst")
    import_model_text(project=project, text=EXAMPLE.read_text(encoding="utf-8"), filename=None, user=analyst)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(page, live_server.url, "analyst", PASSWORD)
    page.click("nav.areas >> text=Offerings")
    page.click("text=Bearings for mills")
    assert "No part of the offering recorded yet" in page.inner_text("table.components")
    page.click("text=Add a part of the offering")
    page.fill("#id_name", f"Low-friction seals {TEXT_PAYLOAD}"[:120])
    page.select_option("#id_kind", "product-feature")
    page.select_option("#id_element", "Energy")
    page.select_option("#id_status", "new")
    page.select_option("#id_offered_as", "not-offered")
    page.fill("#id_cost_to_serve", "19000")
    page.fill("#id_rationale", TEXT_PAYLOAD)
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=added to the offering")
    part = OfferingComponent.objects.get()
    assert part.element == "Energy"
    # Small and mid-size mills: 3 of 6 value the seals above 19,000: an option, to introduce as one.
    small = page.locator("section.card", has_text="Small and mid-size mills").first
    assert "3 of 6 (50.0%)" in small.inner_text()
    page.wait_for_selector("figure.chart svg")
    row = page.locator(f"#component-{part.pk}")
    assert "Introduce as a value-adding option" in row.inner_text()
    assert "Augment the standard offering" in row.inner_text()  # the large mills all value it
    page.fill("#naked", "40")
    page.click("button:has-text('Place again')")
    page.wait_for_selector("text=Naked solution from (%)")
    small = page.locator("section.card", has_text="Small and mid-size mills").first
    naked, options = small.locator("p").first.inner_text().split("Options:")
    assert "Energy" in naked  # at 40 %, half the small mills are enough for the naked solution
    assert "Energy" not in options
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == []
    assert page.js_errors == []
