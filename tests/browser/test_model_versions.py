"""In Chromium: a team member writes an equation with live help, saves two versions and compares them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_models import EXAMPLE, project  # noqa: F401 (the fixture)
from tests.browser.test_navigation import PASSWORD, log_in
from worth.apps.programs.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARGIN = "Contribution margin per production hour: {value: 9800,"
ALT = "[Friction energy losses per year, alternative]"
OFF = "[Friction energy losses per year, offering]"


def import_file(page: Any, base: str, project_pk: int, path: Path, note: str) -> None:
    page.goto(f"{base}/models/import/{project_pk}/")
    page.set_input_files("#id_file", str(path))
    page.fill("#id_note", note)
    page.click("text=Check and import")
    page.wait_for_selector(".summary-view, button:has-text('Import as version')")
    confirm = page.locator("button:has-text('Import as version')")
    if confirm.count():  # a new version of a model: what it changes is shown first
        assert "What changed" in page.inner_text("main, body")
        confirm.click()
        page.wait_for_selector(".summary-view")


def test_an_equation_is_mistyped_then_corrected_as_one_types(
    page: Any,
    live_server: Any,
    project: Project,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    base = live_server.url
    log_in(page, base, "analyst", PASSWORD)
    import_file(page, base, project.pk, EXAMPLE, "First round of mill visits")
    page.click("nav.subnav >> text=Equations")
    box = page.locator("#id_text")
    # Mistyped: a name with a letter missing. The page says where, and which name was meant.
    box.fill("")
    box.type(f"Energy savings = ({ALT.replace('alternative', 'alternativ')} - {OFF}) x [Electricity price]")
    page.wait_for_selector(".draft-problem")
    problem = page.inner_text(".draft-problem")
    assert "unknown name" in problem
    assert "column 19" in problem
    assert page.inner_text(".draft-problem mark") == "["
    assert ALT in problem  # did you mean
    # Corrected: valid, in USD per year, with a customer's values computed by the engine.
    box.fill(f"Energy savings = ({ALT} - {OFF}) x [Electricity price]")
    page.wait_for_selector("#draft-result .good")
    page.select_option("#id_customer", label="Kestrel Bay Paper")
    page.wait_for_selector("#draft-result >> text=With the values of Kestrel Bay Paper")
    result = page.inner_text("#draft-result")
    assert "USD/yr" in result
    assert "$23,490/yr" in result  # (1,240,000 - 950,000) kWh/yr x $0.081/kWh
    assert page.js_errors == []

    # A second version with a changed data cell; then the versions and their comparison.
    later = tmp_path / "later.yaml"
    later.write_text(EXAMPLE.read_text(encoding="utf-8").replace(MARGIN, MARGIN.replace("9800", "11100")))
    import_file(page, base, project.pk, later, "Controller's own margin for Norrvik Bruk")
    page.click("nav.subnav >> text=Versions")
    rows = page.locator("table.versions tbody tr")
    assert rows.count() == 2
    assert "Controller's own margin" in rows.nth(0).inner_text()
    assert "1 data cell" in rows.nth(0).inner_text()
    page.click("button:has-text('Compare')")
    page.wait_for_selector("#totals svg")
    changes = page.inner_text("table.changes")
    assert "Norrvik Bruk · Contribution margin per production hour" in changes
    assert "11,100" in changes
    assert "+$5,943" in page.inner_text("table.totals")  # 32 h x 1,300 / 7 large mills
    assert page.js_errors == []


# Tables that overflow their container; the customer data grid scrolls in its own frame by design.
FITS = (
    "() => [...document.querySelectorAll('table')]"
    ".filter(t => !t.parentElement.classList.contains('grid-scroll'))"
    ".filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).length"
)


def test_every_table_of_the_model_pages_fits_a_1280_pixel_screen(
    page: Any,
    live_server: Any,
    project: Project,  # noqa: F811 (the fixture imported above)
) -> None:
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "analyst", PASSWORD)
    import_file(page, base, project.pk, EXAMPLE, "first")
    record = project.value_models.get()
    page.locator(".summary-view h2").first.wait_for()
    assert page.evaluate(FITS) == 0  # the value summary, Welch table and customers included
    for path in (
        "",
        "sensitivity/",
        "prospects/",
        "data/",
        "equation/",
        "versions/",
        "compare/",
        "versions/1/",
    ):
        page.goto(f"{base}/models/{record.pk}/{path}", wait_until="networkidle")
        assert page.evaluate(FITS) == 0, path
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), path
