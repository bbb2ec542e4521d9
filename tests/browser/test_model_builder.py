"""In Chromium: a team starts a model from nothing, builds it part by part and saves its first version."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_models import project  # noqa: F401 (the fixture)
from tests.browser.test_navigation import PASSWORD, log_in
from worth.apps.programs.models import Project
from worth.apps.valuemodels.models import ValueModelRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add(page: Any, kind_words: str, fields: dict[str, str], selects: dict[str, str] | None = None) -> None:
    page.click(f"text=Add {kind_words}")
    for selector, value in fields.items():
        page.fill(selector, value)
    for selector, value in (selects or {}).items():
        page.select_option(selector, value)
    page.get_by_role("button", name="Save in the draft").click()
    page.wait_for_selector(".messages >> text=saved in the draft")


def _customer(page: Any, cid: str, name: str, subsegment: str, hours: str, source: str) -> None:
    page.get_by_role("link", name="Add a customer", exact=True).click()
    page.fill("#id_id", cid)
    page.fill("#id_name", name)
    page.select_option("#id_subsegment", subsegment)
    page.fill("#id_cell_0_value", hours)
    page.select_option("#id_cell_0_source", source)
    page.get_by_role("button", name="Save in the draft").click()
    page.wait_for_selector(".messages >> text=saved in the draft")


def test_a_model_is_built_from_empty_analysed_changed_and_compared_in_the_browser(
    page: Any,
    live_server: Any,
    project: Project,  # noqa: F811 (the fixture imported above)
    browser: Any,
) -> None:
    base = live_server.url
    log_in(page, base, "analyst", PASSWORD)
    page.goto(f"{base}{project.get_absolute_url()}")
    page.click("text=Start a value model")
    page.fill("#id_name", "Sealed bearings for small mills")
    page.fill("#id_currency", "EUR")
    page.fill("#id_offering", "Sealed bearings")
    page.fill("#id_price", "12000")
    page.fill("#id_segment", "Paper mills")
    page.get_by_role("button", name="Start the model").click()
    page.wait_for_selector("text=no version saved yet")
    assert "problem" in page.inner_text(".draft-state")

    for name, alternative, price in (
        ("Small mills", "Open bearings", "7500"),
        ("Large mills", "Open bearings", "7000"),
    ):
        _add(
            page,
            "a subsegment",
            {
                "#id_name": name,
                "#id_characteristics": f"{name} of the segment.",
                "#id_alternative__name": alternative,
                "#id_alternative__price__amount": price,
            },
            {"#id_alternative__kind": "competitor"},
        )
    _add(page, "a driver", {"#id_name": "Downtime hours saved", "#id_unit": "h/yr"})
    _add(
        page,
        "a constant",
        {"#id_name": "Margin per hour", "#id_value": "850", "#id_unit": "EUR/h"},
        {"#id_source": "supplier-assumption"},
    )
    # The element's equation is checked as it is typed, against the draft's own names.
    page.click("text=Add a value element")
    page.fill("#id_name", "Less unplanned downtime")
    page.select_option("#id_category", "economic")
    box = page.locator("#id_equation")
    box.type("Downtime value = [Downtime hours saved] x [Margin per hr]")
    page.wait_for_selector(".draft-problem >> text=unknown name")
    assert "Margin per hour" in page.inner_text(".draft-problem")  # did you mean
    box.fill("Downtime value = [Downtime hours saved] x [Margin per hour]")
    page.wait_for_selector("#draft-result .good")
    assert "EUR/yr" in page.inner_text("#draft-result")
    page.select_option("select[name=classify_0_as]", "point-of-difference")
    page.select_option("select[name=classify_1_as]", "point-of-difference")
    page.get_by_role("button", name="Save in the draft").click()
    page.wait_for_selector(".messages >> text=saved in the draft")
    # Three customers, their data from two kinds of source.
    _customer(page, "M-1", "Alder Mill", "Small mills", "14", "measured")
    _customer(page, "M-2", "Birch Mill", "Small mills", "10", "customer-estimate")
    _customer(page, "M-3", "Cedar Works", "Large mills", "20", "measured")
    page.wait_for_selector("text=passes every check")

    page.fill("#id_note", "Built in the value workshop")
    page.get_by_role("button", name="Save as version 1").click()
    page.wait_for_selector("text=Saved as version 1")
    record = ValueModelRecord.objects.get(name="Sealed bearings for small mills")
    version = record.versions.get()
    assert version.note == "Built in the value workshop"
    assert [e["name"] for e in version.content["elements"]] == ["Less unplanned downtime"]
    # The analysis: the small mills' mean is (14 + 10) / 2 h x EUR 850 = EUR 10,200.
    page.click("nav.subnav >> text=Value summary")
    page.wait_for_selector(".summary-view")
    assert "10,200" in page.inner_text(".summary-view")

    # A cell edited in one browser; a second browser that opened the same customer is refused.
    other = browser.new_context(viewport={"width": 1280, "height": 900})
    second = other.new_page()
    log_in(second, base, "analyst", PASSWORD)
    birch = record.parts.get(kind="customer", key="M-2")
    form = f"{base}/models/{record.pk}/build/parts/{birch.pk}/"
    second.goto(form)
    page.goto(form)
    page.fill("#id_cell_0_value", "12")
    page.get_by_role("button", name="Save in the draft").click()
    page.wait_for_selector(".messages >> text=saved in the draft")
    second.fill("#id_cell_0_method", "Asked the shift leader")
    second.get_by_role("button", name="Save in the draft").click()
    second.wait_for_selector(".conflict >> text=Not saved")
    assert second.input_value("#id_cell_0_value") == "12"  # the other person's change, kept
    other.close()

    page.goto(f"{base}/models/{record.pk}/build/")
    page.get_by_role("button", name="Save as version 2").click()
    page.wait_for_selector("text=Saved as version 2")
    page.goto(f"{base}/models/{record.pk}/compare/?from=1&to=2")
    compared = page.inner_text("main, body")
    assert "Birch Mill · Downtime hours saved" in compared
    assert "+€850" in compared  # (12 - 10) h x EUR 850 over the 2 small mills
    page.click("nav.subnav >> text=Build")
    page.wait_for_selector("text=holds what version 2 holds")
    assert page.js_errors == []


def test_a_customer_s_cells_are_entered_with_the_keyboard(
    page: Any,
    live_server: Any,
    project: Project,  # noqa: F811 (the fixture imported above)
) -> None:
    from tests.browser.test_model_versions import import_file
    from tests.browser.test_models import EXAMPLE

    base = live_server.url
    log_in(page, base, "analyst", PASSWORD)
    import_file(page, base, project.pk, EXAMPLE, "First round")
    page.click("nav.subnav >> text=Build")
    page.click("#customers ~ table >> text=Edit >> nth=0")
    first = page.locator("#id_cell_0_value")
    first.focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == "id_cell_1_value"
    page.keyboard.type("12")  # the selected value is replaced, as in a spreadsheet
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "id_cell_0_value"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_cell_0_source"
    page.get_by_role("button", name="Save in the draft").click()
    page.wait_for_selector(".messages >> text=saved in the draft")
    record = ValueModelRecord.objects.get()
    customer = record.parts.filter(kind="customer").order_by("position").first()
    assert customer is not None
    second_driver = record.parts.filter(kind="driver").order_by("position")[1].key
    assert customer.data["observations"][second_driver]["value"] == 12
    assert "1 change" in page.inner_text(".draft-state")
    # Down from the last driver's value stays there and leaves the number as typed (no step of 1e-8).
    page.click("#customers ~ table >> text=Edit >> nth=0")
    last = page.locator("input[id^=id_cell_][id$=_value]").last
    last.fill("7")
    last.press("ArrowDown")
    assert last.input_value() == "7"
    assert page.js_errors == []
