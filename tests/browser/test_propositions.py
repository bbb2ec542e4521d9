"""In Chromium: a team member starts a value proposition, states too much, reads the warnings, fixes it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_model_versions import import_file
from tests.browser.test_models import EXAMPLE, project  # noqa: F401 (the fixture)
from tests.browser.test_navigation import PASSWORD, log_in
from worth.apps.programs.models import Project
from worth.apps.propositions.models import Proposition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _state(page: Any, element: str, role: str) -> None:
    page.get_by_label(element, exact=True).select_option(label=role)


def test_a_proposition_is_written_warned_about_and_fixed(
    page: Any,
    live_server: Any,
    project: Project,  # noqa: F811 (the fixture imported above)
) -> None:
    base = live_server.url
    log_in(page, base, "analyst", PASSWORD)
    import_file(page, base, project.pk, EXAMPLE, "First round of mill visits")
    page.goto(f"{base}/programs/projects/{project.pk}/")
    page.click("text=Value propositions >> nth=-1")
    row = page.locator("tr", has_text="Large integrated mills")
    row.locator("button:has-text('Start the proposition')").click()
    page.wait_for_selector("h1:has-text('Value proposition for Large integrated mills')")
    assert "A resonating focus as far as the data can tell" in page.inner_text("body")
    assert "should choose" in page.inner_text("p.choice")
    page.wait_for_selector("#candidates svg")

    # Stating parity as a difference and dropping the unfavourable element: two named warnings.
    _state(page, "Delivery lead time", "Stated as a point of difference")
    _state(page, "Sensor installation time", "Not stated")
    page.fill("#id_statement", "Better bearings, faster delivery, <b>nothing</b> to fit.")
    page.click("button:has-text('Save the proposition')")
    page.wait_for_selector("ul.issues")
    warnings = page.inner_text("ul.issues")
    assert "Benefit assertion (Delivery lead time)" in warnings
    assert "Unfavourable element left unmentioned (Sensor installation time)" in warnings
    assert "<b>nothing</b>" in page.inner_text("blockquote.statement")  # shown as typed, not as markup

    # Fixed: parity again, the installation addressed, the alternative's value stated.
    _state(page, "Delivery lead time", "Stated as a point of parity")
    _state(page, "Sensor installation time", "Unfavourable: stated with how it is addressed")
    page.fill("#id_statement", "Fewer unplanned stops and fewer bearings bought; delivery as today.")
    page.fill("#id_alternative_value", "400000")
    page.click("button:has-text('Save the proposition')")
    page.wait_for_selector("text=A resonating focus as far as the data can tell")
    assert page.locator("ul.issues").count() == 0
    assert "value-to-price" in page.inner_text("body")
    saved = Proposition.objects.get()
    assert [(p.element, p.role) for p in saved.picks] == [
        ("Unplanned downtime", "difference"),
        ("Bearing consumption", "difference"),
        ("Delivery lead time", "parity"),
        ("Sensor installation time", "addressed"),
    ]
    assert page.js_errors == []
