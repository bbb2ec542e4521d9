"""In Chromium, on the demo case: the team states too much in the large mills' proposition, reads the
benefit-assertion warning and fixes it, makes and presents a business case, then the model gets a new
version, and the presented case still shows what was presented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.browser.test_model_versions import import_file
from worth.apps.cases.models import BusinessCase
from worth.apps.core.demo import DEMO_MODEL_FILE, load_demo
from worth.apps.programs.models import Project
from worth.apps.propositions.models import Proposition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARGIN = "Contribution margin per production hour: {value: 9800,"


@pytest.fixture
def demo(tmp_path: Path, settings: Any) -> str:
    settings.DATA_DIR = tmp_path
    settings.WORTH_DEMO_INVOICE_ROWS = 2_000
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return load_demo().password


def _log_in(page: Any, base: str, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_a_presented_case_does_not_change_when_the_model_does(
    page: Any, live_server: Any, demo: str, tmp_path: Path
) -> None:
    base = live_server.url
    project = Project.objects.get(name__startswith="Condition-monitored bearings")
    large = Proposition.objects.get(subsegment="Large integrated mills")
    _log_in(page, base, "leader", demo)

    # The proposition: delivery lead time stated as a difference is a benefit assertion.
    page.goto(f"{base}{large.get_absolute_url()}")
    page.get_by_label("Delivery lead time", exact=True).select_option(label="Stated as a point of difference")
    page.click("button:has-text('Save the proposition')")
    page.wait_for_selector("ul.issues")
    assert "Benefit assertion (Delivery lead time)" in page.inner_text("ul.issues")
    page.get_by_label("Delivery lead time", exact=True).select_option(label="Stated as a point of parity")
    page.click("button:has-text('Save the proposition')")
    page.wait_for_selector("text=A resonating focus as far as the data can tell")

    # A business case on it, presented.
    page.goto(f"{base}/programs/projects/{project.pk}/")
    page.click("text=Business cases for change")
    page.click("text=Make a business case")
    page.fill("#id_title", "Large mills, first wave")
    option = f"Large integrated mills ({large.model.name} v{large.version.number})"
    page.select_option("#id_proposition", label=option)
    page.fill("#id_periods", "12")
    page.fill("#id_profit_at_full_adoption", "300000")
    page.fill("#id_adoption", "5, 10, 20, 30, 40, 50")
    page.fill("#id_investment", "400000")
    page.click("button:has-text('Start the case')")
    page.wait_for_selector("#profitability svg")
    page.click("button:has-text('Present to senior management')")
    page.wait_for_selector("text=Presented, awaiting the decision")
    case = BusinessCase.objects.get(title="Large mills, first wave")
    presented = page.inner_text("table.figures")
    range_before = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
    assert case.version is not None
    assert case.version.number == 2

    # The model moves on: a new version with a changed margin, and the proposition rests on it.
    later = tmp_path / DEMO_MODEL_FILE
    text = (Path(settings.EXAMPLES_DIR) / DEMO_MODEL_FILE).read_text(encoding="utf-8")
    later.write_text(text.replace(MARGIN, MARGIN.replace("9800", "14800")), encoding="utf-8")
    import_file(page, base, project.pk, later, "Norrvik Bruk's margin revised")
    page.goto(f"{base}{large.get_absolute_url()}")
    page.click("button:has-text('Rest it on v3')")
    page.wait_for_selector("text=now rests on v3")

    # The presented case keeps its figures and its version, and says the model moved on.
    page.goto(f"{base}{case.get_absolute_url()}")
    assert page.inner_text("table.figures") == presented
    body = page.inner_text("body")
    assert "The model has moved on to v3" in body
    assert "The case keeps v2's figures, as presented" in body
    assert "Rests on the value proposition for Large integrated mills" in body
    assert range_before.count("Conservative") == body.count("Conservative")
    assert page.js_errors == []


def test_the_demo_pages_of_offerings_levers_pay_merchants_learning_and_value_cycle_draw_their_charts(
    page: Any, live_server: Any, demo: str
) -> None:
    from worth.apps.pricing.models import InvoiceDataset
    from worth.apps.programs.models import Program

    base = live_server.url
    bearings = Project.objects.get(name__startswith="Condition-monitored bearings")
    program = Program.objects.get()
    dataset = InvoiceDataset.objects.get()
    _log_in(page, base, "pilot-lead", demo)
    page.click("nav.areas >> text=Offerings")
    page.click(f"text={bearings.name}")
    page.wait_for_selector("figure.chart svg")
    small = page.locator("section.card", has_text="Small and mid-size mills").first
    assert "Options: Bearing consumption, Energy" in small.inner_text()
    page.goto(f"{base}/pricing/projects/{dataset.project_id}/levers/")
    page.wait_for_selector("table.levers")
    page.wait_for_selector("figure.chart svg")
    assert "1 % on price earns" in page.inner_text("main")
    page.goto(f"{base}/pricing/datasets/{dataset.pk}/compensation/")
    page.wait_for_selector("#pay-chart svg")
    assert "SP04 West" in page.inner_text("table.pay")
    page.goto(f"{base}{program.get_absolute_url()}")
    page.click("a.btn:has-text('Value merchants')")
    page.wait_for_selector("#merchants-chart svg")
    page.wait_for_selector("#behaviour-chart svg")
    assert "SP04 West" in page.inner_text("table.behaviour")
    assert "SP01 North" in page.inner_text("table.behaviour-apart")
    page.click("text=Account manager, small and mid-size mills")
    page.wait_for_selector("#history-chart svg")
    assert "+2" in page.inner_text("table.contrasts")
    page.goto(f"{base}{program.get_absolute_url()}")
    page.click("text=Rolling out and learning")
    page.wait_for_selector("text=value confirmed")
    assert "Unplanned downtime" in page.inner_text("main")
    page.goto(f"{base}{bearings.get_absolute_url()}")
    page.click("text=The value cycle and the customer journey")
    page.click("text=Large mills: condition-monitored bearings")
    page.wait_for_selector("#spokes svg")
    page.wait_for_selector("#plan-review-chart svg")
    assert "overdue" in page.inner_text("#review-state")
    assert "Energy savings are promised but never measured" in page.inner_text("#changes")
    assert "$263,900" in page.inner_text("table.plan-review")  # Norrvik Bruk: (41 - 12) h x 9,100
    assert page.js_errors == []
