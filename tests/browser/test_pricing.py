"""A pricing manager uploads invoice lines in Chromium, watches the import, and reads the waterfall chart."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.web.test_pricing_support import HAND_CSV, HEADER
from worth.apps.accounts.roles import Role
from worth.apps.accounts.setup import ensure_role_groups
from worth.apps.pricing.models import InvoiceDataset
from worth.apps.programs.models import MemberRole, Membership, Program, Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pocket price 2027"
#: Enough lines that the import runs for a moment in its worker while the page shows its progress.
COPIES = 40_000


@pytest.fixture
def project(tmp_path: Path, settings: pytest.FixtureRequest) -> Project:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    settings.WORTH_JOBS_INLINE = False  # type: ignore[attr-defined]
    groups = ensure_role_groups()
    user = User.objects.create_user("pricer", "p@example.com", PASSWORD, first_name="Pricing manager")
    user.groups.set([groups[Role.ANALYST]])
    sponsor = User.objects.create_user("boss", "b@example.com", PASSWORD)
    program = Program.objects.create(name="Pilot 2027", sponsor=sponsor, success_target="$1M in 12 months")
    found = Project.objects.create(program=program, name="Pocket price discipline", business_issue="Leaks")
    Membership.objects.create(project=found, user=user, role=MemberRole.LEADER)
    return found


def many_lines(path: Path) -> Path:
    """The four hand lines again and again, each copy on invoices of its own."""
    body = HAND_CSV.splitlines()[1:]
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for copy in range(COPIES):
            for line in body:
                out.write(line.replace("I-", f"I{copy}-", 1) + "\n")
    return path


def test_it_uploads_watches_the_import_and_sees_the_waterfall(
    page: Any, live_server: Any, project: Project, tmp_path: Path, job_workers: Any
) -> None:
    job_workers.start()
    source = many_lines(tmp_path / "invoices.csv")
    seen: list[tuple[str, str]] = []
    page.on(
        "response",
        lambda r: (
            seen.append((r.url, r.text())) if re.search(r"/pricing/imports/\d+/$", r.url) and r.ok else None
        ),
    )
    page.goto(live_server.url + "/")
    page.fill("#id_username", "pricer")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.click("nav.areas >> text=Pricing")
    page.click("text=Import invoice lines")
    page.fill("#id_name", "Invoices 2025")
    page.set_input_files("#id_file", str(source))
    page.click("button:has-text('Check and import')")
    page.wait_for_url(re.compile(r"/pricing/datasets/\d+/$"), timeout=120_000)
    assert seen, "the import page was never shown"
    assert "<progress" in seen[0][1]
    assert "Importing invoices.csv" in seen[0][1]
    dataset = InvoiceDataset.objects.get()
    assert dataset.rows == 4 * COPIES
    assert "160,000 invoice lines" in page.inner_text("main")
    page.click(".actions >> text=Pocket price waterfall")
    page.wait_for_selector("#waterfall-chart svg", timeout=30_000)
    assert page.locator("#waterfall-chart svg .mark-rect path").count() >= 10  # one bar per step
    assert "71.24" in page.inner_text("#waterfall-table")  # the hand lines' pocket price, copies or not
    assert page.js_errors == []


def test_a_pricing_manager_reads_the_profit_levers_of_a_segment_from_the_invoice_lines(
    page: Any, live_server: Any, project: Project, settings: pytest.FixtureRequest
) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.web.test_pricing_support import import_lines
    from worth.apps.pricing.models import CostStructure

    settings.WORTH_JOBS_INLINE = True  # type: ignore[attr-defined]
    client = Client()
    client.force_login(User.objects.get(username="pricer"))
    import_lines(client, project)
    page.goto(live_server.url + "/")
    page.fill("#id_username", "pricer")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.click("nav.areas >> text=Pricing")
    page.click("a.btn:has-text('Profit levers')")
    page.click("text=Add a price and cost structure")
    page.click(".prefill >> text=large")
    page.wait_for_selector("#prefill-note")
    assert page.input_value("#id_name") == "large"
    page.fill("#id_name", "Bearings, large mills")
    page.fill("#id_variable_cost_share", "60")
    page.fill("#id_fixed_cost", "500")
    page.fill("#id_note", "Standard cost 2025: 60 % of the pocket price")
    page.click("button:has-text('Save and show the levers')")
    page.wait_for_selector("text=its profit levers are below")
    saved = CostStructure.objects.get()
    assert saved.variable_cost == (saved.price * Decimal("0.6")).quantize(Decimal("0.0001"))
    page.wait_for_selector(f"#levers-{saved.pk} svg")
    page.wait_for_selector(f"#tradeoff-{saved.pk} svg")
    # 1 % on price: 1 % of the revenue, worked out from the saved price and units
    revenue = float(saved.price * saved.units)
    table = page.inner_text(f"#structure-{saved.pk} table.levers")
    assert f"+${revenue * 0.01:,.0f}" in table
    assert "Standard cost 2025" in page.inner_text(f"#structure-{saved.pk}")
    assert reverse("pricing:levers", args=[project.pk]) in page.url
    assert page.js_errors == []
