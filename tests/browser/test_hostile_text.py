"""A model whose every text carries a script payload runs no script on any page that shows it.

An analyst imports the hostile copy of the demo model; then every page that shows the model or its
texts is opened in Chromium, logged in as an administrator (the session an attacker wants). On each
page (and in the framed report) the payloads' ``window.__xss`` must stay unset, no dialog may open,
and the Content-Security-Policy must have blocked nothing (the page fixture checks that). The report
downloaded from the app is then opened from disk: it must be inert too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.contrib.auth.models import User
from markupsafe import escape

from tests.browser.test_navigation import PASSWORD, log_in
from tests.payloads import NAME_PAYLOAD, TEXT_PAYLOAD, hostile_model_data, hostile_model_text
from worth.apps.accounts.roles import Role
from worth.apps.accounts.setup import ensure_role_groups
from worth.apps.programs.models import Comment, MemberRole, Membership, Milestone, Program, Project
from worth.apps.research.models import Agreement, Contact, Customer, Meeting, Participation
from worth.apps.valuemodels.services import import_model_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hostile_project() -> Project:
    groups = ensure_role_groups()
    analyst = User.objects.create_user("analyst", "a@example.com", PASSWORD)
    analyst.groups.set([groups[Role.ANALYST]])
    admin = User.objects.create_user("admin", "ad@example.com", PASSWORD, is_staff=True, is_superuser=True)
    admin.groups.set([groups[Role.ADMINISTRATOR]])
    program = Program.objects.create(name=f"Pilot {TEXT_PAYLOAD}", sponsor=admin, success_target=TEXT_PAYLOAD)
    project = Project.objects.create(
        program=program, name=f"Bearings {TEXT_PAYLOAD}", business_issue=TEXT_PAYLOAD, scope=TEXT_PAYLOAD
    )
    analyst.first_name = TEXT_PAYLOAD  # shown in the team table, the load chart and the advice
    analyst.save()
    Membership.objects.create(project=project, user=analyst, role=MemberRole.LEADER, title=TEXT_PAYLOAD)
    Milestone.objects.create(project=project, title=TEXT_PAYLOAD, due=date(2027, 1, 15), owner=analyst)
    Comment.objects.create(project=project, author=analyst, text=TEXT_PAYLOAD)
    customer = Customer.objects.create(
        name=f"Mill {TEXT_PAYLOAD}", salesperson=analyst, characteristics=TEXT_PAYLOAD
    )
    contact = Contact.objects.create(customer=customer, name=TEXT_PAYLOAD, function=TEXT_PAYLOAD)
    joined = Participation.objects.create(
        project=project,
        customer=customer,
        subsegment=TEXT_PAYLOAD,
        gives=TEXT_PAYLOAD,
        gets=TEXT_PAYLOAD,
        status="declined",
        declined_reason=TEXT_PAYLOAD,
    )
    joined.contacts.add(contact)
    meeting = Meeting.objects.create(
        participation=joined, held=date(2026, 10, 12), data_sources=TEXT_PAYLOAD, follow_ups=TEXT_PAYLOAD
    )
    meeting.managers.add(contact)
    Agreement.objects.create(
        meeting=meeting, element=TEXT_PAYLOAD, confirmed="point-of-contention", amended_equation=TEXT_PAYLOAD
    )
    Comment.objects.create(project=project, author=analyst, text=TEXT_PAYLOAD, about=meeting)
    text = hostile_model_text()
    import_model_text(project=project, text=text, filename=f"{NAME_PAYLOAD}.yaml", user=analyst)
    # A second version that changes hostile texts and a number, so the comparison shows old and new.
    data = hostile_model_data()
    data["description"] = f"{data['description']} {TEXT_PAYLOAD}"
    cell = next(iter(data["customers"][0]["observations"].values()))
    cell["value"] = cell["value"] + 1
    cell["method"] = f"Revised {TEXT_PAYLOAD}"
    second = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    import_model_text(project=project, text=second, filename="again.yaml", user=analyst, note=TEXT_PAYLOAD)
    return project


def one_part_of_each_kind(record: Any, *leave_out: str) -> list[int]:
    """A part of each kind (the builder's pages for a kind share one template)."""
    chosen: dict[str, int] = {}
    for kind, pk in record.parts.exclude(kind__in=leave_out).order_by("position").values_list("kind", "pk"):
        chosen.setdefault(kind, pk)
    return list(chosen.values())


def _assert_inert(page: Any) -> None:
    for frame in page.frames:
        assert frame.evaluate("typeof window.__xss") == "undefined", frame.url


def test_no_page_that_shows_the_model_runs_its_script(
    page: Any, live_server: Any, hostile_project: Project, job_workers: Any
) -> None:
    job_workers.start()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    log_in(page, live_server.url, "admin", PASSWORD)
    record = hostile_project.value_models.get()
    base = live_server.url
    pages = [
        "/",
        "/programs/",
        f"/programs/{hostile_project.program_id}/",
        f"/programs/projects/{hostile_project.pk}/",
        f"/programs/projects/{hostile_project.pk}/team/",
        "/research/customers/",
        f"/research/customers/{hostile_project.participations.get().customer_id}/",
        f"/research/projects/{hostile_project.pk}/customers/",
        f"/research/projects/{hostile_project.pk}/checklist/",
        f"/research/projects/{hostile_project.pk}/meetings/",
        f"/research/projects/{hostile_project.pk}/workshop/",
        f"/research/projects/{hostile_project.pk}/analysis/",
        f"/research/meetings/{Meeting.objects.get().pk}/",
        f"/research/participations/{hostile_project.participations.get().pk}/",
        f"/programs/projects/{hostile_project.pk}/team/{hostile_project.memberships.get().pk}/",
        f"/programs/projects/{hostile_project.pk}/milestones/{hostile_project.milestones.get().pk}/",
        "/models/",
        f"/models/{record.pk}/",
        f"/models/{record.pk}/report/",
        f"/models/{record.pk}/sensitivity/",
        f"/models/{record.pk}/sensitivity/?sobol=1",
        f"/models/{record.pk}/prospects/",
        f"/models/{record.pk}/simulate/",
        f"/models/{record.pk}/equation/",
        f"/models/{record.pk}/data/",
        f"/models/{record.pk}/versions/",
        f"/models/{record.pk}/versions/1/",
        f"/models/{record.pk}/versions/2/",
        f"/models/{record.pk}/versions/2/report/",
        f"/models/{record.pk}/compare/?from=1&to=2",
        f"/models/{record.pk}/build/",
        f"/models/{record.pk}/build/classification/",
        *(f"/models/{record.pk}/build/parts/{pk}/" for pk in one_part_of_each_kind(record)),
        *(f"/models/{record.pk}/build/parts/{pk}/history/" for pk in one_part_of_each_kind(record)),
        f"/pricing/projects/{hostile_project.pk}/value-price/",
        f"/pricing/projects/{hostile_project.pk}/strategy/",
        f"/admin/valuemodels/valuemodelrecord/{record.pk}/change/",
    ]
    for path in pages:
        page.goto(base + path, wait_until="networkidle")
        _assert_inert(page)
    # The summary page shows the value summary as its own content: it is there, its payloads are text.
    page.goto(f"{base}/models/{record.pk}/", wait_until="networkidle")
    assert NAME_PAYLOAD in page.locator(".summary-view h3").first.inner_text()
    assert page.locator(".summary-view script").count() == 0
    # The comparison shows the changed hostile texts as text.
    page.goto(f"{base}/models/{record.pk}/compare/?from=1&to=2", wait_until="networkidle")
    assert f"Revised {TEXT_PAYLOAD}" in page.inner_text("table.changes")
    assert TEXT_PAYLOAD in page.inner_text("main")
    # A simulation's result page shows the element names too.
    page.goto(f"{base}/models/{record.pk}/simulate/")
    page.fill("#id_draws", "2000")
    page.fill("#id_seed", "1")
    page.click("text=Run the simulation")
    page.wait_for_url("**/simulations/**", timeout=60_000)
    page.wait_for_selector("#distribution svg")
    _assert_inert(page)
    assert TEXT_PAYLOAD.split("<")[0] in page.inner_text("main") or NAME_PAYLOAD in page.inner_text("main")
    assert dialogs == []
    assert page.js_errors == []


def test_the_downloaded_report_is_inert_opened_from_disk(
    page: Any, live_server: Any, hostile_project: Project, tmp_path: Path
) -> None:
    log_in(page, live_server.url, "admin", PASSWORD)
    record = hostile_project.value_models.get()
    page.goto(f"{live_server.url}/models/{record.pk}/")
    with page.expect_download() as download:
        page.click("text=Download the report")
    saved = tmp_path / "report.html"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert "<script" not in text
    assert str(escape(TEXT_PAYLOAD)) in text
    page.goto(saved.as_uri(), wait_until="load")
    _assert_inert(page)
    assert NAME_PAYLOAD in page.inner_text("h3 >> nth=0")


def test_no_calculator_or_documenter_page_runs_a_script_from_the_model_or_the_customer(
    page: Any, live_server: Any, hostile_project: Project
) -> None:
    from worth.apps.realization.models import CaseHistory, Measurement
    from worth.apps.realization.services import (
        EstimateRequest,
        calculator_of,
        save_estimate,
        start_documenter,
    )
    from worth.apps.realization.sharing import issue_link
    from worth.apps.valuemodels.versions import current_version

    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    record = hostile_project.value_models.get()
    version = current_version(record)
    assert version is not None
    subsegment = version.load().model.subsegments[0].name
    calc = calculator_of(version, subsegment)
    analyst = User.objects.get(username="analyst")
    estimate = save_estimate(
        project=hostile_project,
        version=version,
        calculator=calc,
        request=EstimateRequest(
            values={k: repr(v) for k, v in calc.defaults().items()},
            sources={},
            customer=None,
            prospect=f"Prospect {TEXT_PAYLOAD}",
            note=TEXT_PAYLOAD[:400],
        ),
        user=analyst,
    )
    documenter = start_documenter(estimate, analyst, title=f"Value {TEXT_PAYLOAD}"[:200])
    driver = next(item.name for item in calc.inputs if item.kind == "driver")
    Measurement.objects.create(
        documenter=documenter,
        driver=driver,
        taken=date(2026, 6, 30),
        value=1,
        method=TEXT_PAYLOAD[:300],
        note=TEXT_PAYLOAD[:400],
        verdict="contested",
        verdict_by=TEXT_PAYLOAD[:200],
        verdict_note=TEXT_PAYLOAD[:400],
    )
    CaseHistory.objects.create(
        documenter=documenter, title=TEXT_PAYLOAD[:200], narrative=TEXT_PAYLOAD, anonymous_name="A mill"
    )
    _, token = issue_link(documenter, manager=TEXT_PAYLOAD[:200], days=5, user=analyst)
    log_in(page, live_server.url, "admin", PASSWORD)
    base = live_server.url
    for path in (
        "/calculators/",
        f"/calculators/project/{hostile_project.pk}/",
        estimate.get_absolute_url(),
        f"{estimate.get_absolute_url()}proposal.pdf?html=1",
        documenter.get_absolute_url(),
        f"/documenters/{documenter.pk}/case-history/",
        "/documenters/",
        f"/programs/{hostile_project.program_id}/",
        f"/shared/{token}/",
    ):
        page.goto(base + path, wait_until="networkidle")
        _assert_inert(page)
    assert "Prospect" in page.inner_text("main")
    assert dialogs == []
    assert page.js_errors == []


def test_no_profit_levers_page_runs_a_script_from_the_team_figures(
    page: Any, live_server: Any, hostile_project: Project
) -> None:
    from worth.apps.pricing.models import CostStructure

    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    structure = CostStructure.objects.create(
        project=hostile_project,
        name=TEXT_PAYLOAD[:120],
        period=TEXT_PAYLOAD[:60],
        price=100,
        units=1000,
        variable_cost=70,
        fixed_cost=1000,
        source=TEXT_PAYLOAD[:300],
        note=TEXT_PAYLOAD,
    )
    structure.name = f"{TEXT_PAYLOAD[:100]} again"  # a history of old and new hostile values
    structure.save()
    log_in(page, live_server.url, "admin", PASSWORD)
    for path in (
        f"/pricing/projects/{hostile_project.pk}/levers/",
        f"/pricing/projects/{hostile_project.pk}/levers/{structure.pk}/",
        "/pricing/",
    ):
        page.goto(live_server.url + path, wait_until="networkidle")
        _assert_inert(page)
    page.goto(f"{live_server.url}/pricing/projects/{hostile_project.pk}/levers/", wait_until="networkidle")
    page.wait_for_selector(f"#levers-{structure.pk} svg")  # the chart drew, its labels as text
    assert dialogs == []
    assert page.js_errors == []


def test_no_value_cycle_page_runs_a_script_from_the_teams_map(
    page: Any, live_server: Any, hostile_project: Project
) -> None:
    from worth.apps.valuecycle.models import (
        JourneyMap,
        Opportunity,
        PathStep,
        Persona,
        PlanLine,
        Stage,
        TouchPoint,
    )
    from worth.apps.valuecycle.services import take_review

    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    admin = User.objects.get(username="admin")
    journey = JourneyMap.objects.create(
        project=hostile_project, name=TEXT_PAYLOAD[:120], scope=TEXT_PAYLOAD[:200]
    )
    stage = Stage.objects.create(journey=journey, name=TEXT_PAYLOAD[:120], description=TEXT_PAYLOAD)
    point = TouchPoint.objects.create(
        journey=journey,
        stage=stage,
        name=f"{NAME_PAYLOAD} point",
        channel=TEXT_PAYLOAD[:120],
        creates=True,
        element=TEXT_PAYLOAD[:200],
        description=TEXT_PAYLOAD,
    )
    persona = Persona.objects.create(journey=journey, name=TEXT_PAYLOAD[:120], values=TEXT_PAYLOAD)
    PathStep.objects.create(
        journey=journey,
        persona=persona,
        touch_point=point,
        buyer_action=TEXT_PAYLOAD,
        seller_action=TEXT_PAYLOAD,
    )
    Opportunity.objects.create(journey=journey, touch_point=point, description=TEXT_PAYLOAD)
    PlanLine.objects.create(
        journey=journey,
        element=TEXT_PAYLOAD[:200],
        value_to_create=TEXT_PAYLOAD,
        measure=TEXT_PAYLOAD[:200],
        minimum=10,
    )
    take_review(journey, admin, note=TEXT_PAYLOAD)
    stage.name = f"{TEXT_PAYLOAD[:100]} again"  # a change since the review, old and new hostile values
    stage.save()
    log_in(page, live_server.url, "admin", PASSWORD)
    for path in (
        f"/value-cycle/projects/{hostile_project.pk}/",
        f"/value-cycle/maps/{journey.pk}/",
        f"/value-cycle/maps/{journey.pk}/reviews/1/",
        f"/value-cycle/maps/{journey.pk}/stage/{stage.pk}/",
        f"/value-cycle/maps/{journey.pk}/touch-point/{point.pk}/",
    ):
        page.goto(live_server.url + path, wait_until="networkidle")
        _assert_inert(page)
    page.goto(f"{live_server.url}/value-cycle/maps/{journey.pk}/", wait_until="networkidle")
    page.wait_for_selector("#spokes svg")  # the chart drew, its labels as text
    assert dialogs == []
    assert page.js_errors == []
