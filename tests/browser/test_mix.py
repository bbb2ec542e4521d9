"""In Chromium, on the demo data set: the mix of business draws its chart, and a customer's purchases
typed in the box give the share of its business."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from worth.apps.core.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(tmp_path: Path, settings: Any) -> str:
    settings.DATA_DIR = tmp_path
    settings.WORTH_DEMO_INVOICE_ROWS = 2_000
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return load_demo().password


def test_the_demo_mix_draws_its_chart_and_takes_a_customers_purchases(
    page: Any, live_server: Any, demo: str
) -> None:
    from worth.apps.pricing.models import InvoiceDataset

    dataset = InvoiceDataset.objects.get()
    page.goto(live_server.url + "/")
    page.fill("#id_username", "pilot-lead")
    page.fill("#id_password", demo)
    page.click("button[type=submit]")
    page.goto(live_server.url + dataset.get_absolute_url())
    page.click("a.btn:has-text('Mix of business')")
    page.wait_for_selector("#mix-chart svg")
    assert page.locator("#mix-chart svg .mark-symbol path").count() >= 11  # a dot per product and segment
    assert "Margin needs product costs" in page.inner_text("#no-margin")
    assert page.locator("table.mix-segment").count() == 2  # the two segments of the demo's mills
    first = page.locator("#customer-table tr[data-customer]").first
    customer = first.get_attribute("data-customer")
    page.fill("#id_spend", f"{customer}=100000000")
    page.click("#mix-form button:has-text('Show')")
    page.wait_for_selector("#mix-chart svg")
    row = page.inner_text(f'#customer-table tr[data-customer="{customer}"]')
    assert "$100,000,000" in row
    assert "%" in row
    page.fill("#id_spend", f"{customer}=100000000\nnot a line")
    page.click("#mix-form button:has-text('Show')")
    assert "line 2, “not a line”" in page.inner_text("#mix-form")
    assert page.locator("#customer-table").count() == 0
    assert page.js_errors == []
