"""In Chromium: a team member maps the customer journey, reviews it, changes it and sees what changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.browser.test_models import EXAMPLE, project  # noqa: F401 (the fixture)
from tests.browser.test_navigation import PASSWORD, log_in
from tests.payloads import NAME_PAYLOAD, TEXT_PAYLOAD
from worth.apps.programs.models import Project
from worth.apps.valuecycle.models import JourneyMap, Review, TouchPoint
from worth.apps.valuemodels.services import import_model_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_journey_map_is_built_reviewed_and_changed(
    page: Any,
    live_server: Any,
    project: Project,  # noqa: F811 (the fixture imported above)
) -> None:
    analyst = User.objects.get(username="analyst")
    import_model_text(project=project, text=EXAMPLE.read_text(encoding="utf-8"), filename=None, user=analyst)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(page, live_server.url, "analyst", PASSWORD)
    page.goto(f"{live_server.url}/programs/projects/{project.pk}/")
    page.click("text=The value cycle and the customer journey")
    assert "No journey map yet" in page.inner_text("main")
    page.click("text=Start a journey map")
    page.fill("#id_name", f"Large mills {NAME_PAYLOAD}")
    page.fill("#id_scope", TEXT_PAYLOAD)
    page.select_option("#id_subsegment", "Large integrated mills")
    page.fill("#id_review_every_days", "0")
    page.click("button:has-text('Save')")
    assert "greater than or equal to 1" in page.inner_text("main form.card")
    page.fill("#id_review_every_days", "60")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=add its stages first")
    journey = JourneyMap.objects.get()
    assert "No touch point creates value" in page.inner_text("#findings")

    page.click("text=Add a stage")
    page.fill("#id_name", "Use")
    page.click("button:has-text('Save')")
    page.click("text=Add a touch point")
    page.fill("#id_name", "Quarterly value review")
    page.check("#id_documents")
    page.select_option("#id_element", "Unplanned downtime")
    page.select_option("#id_tool", "documenter")
    page.fill("#id_description", TEXT_PAYLOAD)
    page.click("button:has-text('Save')")
    page.wait_for_selector("#spokes svg")
    assert "Quarterly value review" in page.inner_text("table.journey")
    assert "No touch point documents value" not in page.inner_text("#findings")

    page.click("text=Add a stakeholder")
    page.fill("#id_name", "Maintenance manager")
    page.click("button:has-text('Save')")
    page.click("#paths >> xpath=following-sibling::section[1] >> text=Add a step")
    page.select_option("#id_touch_point", label="Quarterly value review")
    page.fill("#id_buyer_action", "Confirms each figure through the link")
    page.fill("#id_seller_action", "Records the results from the stop log")
    page.click("button:has-text('Save')")
    assert "Confirms each figure through the link" in page.inner_text("table.path")

    page.click("text=Add a plan line")
    page.select_option("#id_element", "Unplanned downtime")
    page.fill("#id_value_to_create", "Our machines do not stop for a bearing we could have seen coming.")
    page.fill("#id_measure", "Unplanned stop hours a year")
    page.fill("#id_minimum", "150000")
    page.click("button:has-text('Save')")
    assert "$150,000" in page.inner_text("table.plan")
    assert "No plan line names" not in page.inner_text("table.plan-review")

    page.fill("#id_note", "First review with the team.")
    page.click("button:has-text('Review the map now')")
    page.wait_for_selector("text=Review 1 kept")
    assert "The first review" in page.inner_text("main")
    page.wait_for_selector("#spokes svg")
    review = Review.objects.get()
    assert [p["name"] for p in review.content["touch_points"]] == ["Quarterly value review"]

    page.click(f"text=← {journey.name} as it is now")
    page.click("li[id^=touch-point] a:has-text('Quarterly value review')")
    page.fill("#id_channel", "meeting with the controller")
    page.click("button:has-text('Save')")
    changes = page.inner_text("#changes")
    assert "Touch point: Quarterly value review" in changes
    assert "(empty) → meeting with the controller" in changes
    assert TouchPoint.objects.get().revision == 2
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert dialogs == []
    assert page.js_errors == []
