"""Journey maps with the value cycle, value paths and the value creation plan, as a team uses them.

The plan's review against the documenters is checked with figures worked out by hand from the
example model's equation for unplanned downtime: (hours with the alternative − hours with the
offering) × contribution margin per hour.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.web.conftest import World, make_user
from tests.web.example_model import import_example
from worth.apps.accounts.roles import Role
from worth.apps.programs.models import MemberRole, Membership
from worth.apps.realization.services import EstimateRequest, calculator_of, save_estimate, start_documenter
from worth.apps.research.models import Customer
from worth.apps.valuecycle.models import JourneyMap, PathStep, Persona, PlanLine, Review, Stage, TouchPoint
from worth.apps.valuecycle.services import plan_review, take_review
from worth.apps.valuemodels.versions import current_version

LARGE = "Large integrated mills"
DOWNTIME_ALT = "Unplanned downtime hours per year, alternative"
DOWNTIME_OURS = "Unplanned downtime hours per year, offering"
MARGIN = "Contribution margin per production hour"


def _new_map(client: Client, world: World, **extra: str) -> JourneyMap:
    data = {"name": "Large mills", "scope": "Large paper mills", "subsegment": "", "review_every_days": "90"}
    response = client.post(reverse("valuecycle:map-new", args=[world.project.pk]), {**data, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return JourneyMap.objects.get(
        project=world.project, name=data["name"] if "name" not in extra else extra["name"]
    )


def _add(client: Client, journey: JourneyMap, kind: str, data: dict[str, str]) -> int:
    response = client.post(reverse("valuecycle:part-new", args=[journey.pk, kind]), data)
    return response.status_code


def test_a_team_builds_a_journey_with_touch_points_paths_and_a_plan(world: World) -> None:
    client = world.client_for(world.leader)
    import_example(world)
    journey = _new_map(client, world, subsegment=LARGE)
    assert _add(client, journey, "stage", {"name": "Use", "position": "1", "description": ""}) == 302
    stage = Stage.objects.get(journey=journey)
    point = {
        "name": "Quarterly value review",
        "stage": str(stage.pk),
        "position": "0",
        "documents": "on",
        "tool": "documenter",
        "element": "Unplanned downtime",
        "channel": "meeting",
        "description": "",
    }
    assert _add(client, journey, "touch-point", point) == 302
    assert (
        _add(
            client,
            journey,
            "persona",
            {"name": "Maintenance manager", "role": "", "position": "0", "values": "No stops"},
        )
        == 302
    )
    persona, touch = Persona.objects.get(journey=journey), TouchPoint.objects.get(journey=journey)
    step = {
        "persona": str(persona.pk),
        "touch_point": str(touch.pk),
        "buyer_action": "Confirms the figures",
        "seller_action": "Records the results",
    }
    assert _add(client, journey, "step", step) == 302
    line = {
        "element": "Unplanned downtime",
        "value_to_create": "Our machines do not stop",
        "how_created": "",
        "measure": "stop hours a year",
        "unit": "h",
        "minimum": "200000",
        "position": "0",
    }
    assert _add(client, journey, "plan-line", line) == 302
    page = client.get(journey.get_absolute_url()).content.decode()
    assert "Quarterly value review" in page
    assert "Confirms the figures" in page
    assert f'<a href="{reverse("realization:documenters")}">Value documenter</a>' in page  # the tool, linked
    # The value cycle's gaps: no touch point creates, communicates, delivers or captures value.
    for verb in ("creates", "communicates", "delivers", "captures"):
        assert f"No touch point {verb} value" in page
    assert "No touch point documents value" not in page
    # Elements of the model the journey does not name yet are pointed out.
    assert "No touch point names Bearing consumption" in page
    assert "The value creation plan has no line for Energy" in page


def test_a_duplicate_name_or_a_bad_number_names_the_field_and_saves_nothing(world: World) -> None:
    client = world.client_for(world.leader)
    journey = _new_map(client, world)
    url = reverse("valuecycle:map-new", args=[world.project.pk])
    again = client.post(url, {"name": "Large mills", "scope": "x", "review_every_days": "90"})
    assert again.status_code == 400
    assert "This map already has a journey map “Large mills”" in again.content.decode()
    zero = client.post(url, {"name": "Other", "scope": "x", "review_every_days": "0"})
    assert zero.status_code == 400
    assert "greater than or equal to 1" in zero.content.decode()
    assert JourneyMap.objects.count() == 1
    _add(client, journey, "stage", {"name": "Buy", "position": "0"})
    assert _add(client, journey, "stage", {"name": "Buy", "position": "1"}) == 400
    negative = {"value_to_create": "Less", "measure": "hours", "minimum": "-5", "position": "0"}
    response = client.post(reverse("valuecycle:part-new", args=[journey.pk, "plan-line"]), negative)
    assert response.status_code == 400
    assert "-5 is negative" in response.content.decode()
    assert Stage.objects.count() == 1
    assert PlanLine.objects.count() == 0
    assert client.get(reverse("valuecycle:part-new", args=[journey.pk, "nonsense"])).status_code == 404


def test_a_stale_save_is_refused_with_the_other_persons_change(world: World) -> None:
    journey = _new_map(world.client_for(world.leader), world)
    stage = Stage.objects.create(journey=journey, name="Buy")
    url = reverse("valuecycle:part", args=[journey.pk, "stage", stage.pk])
    first = world.client_for(world.analyst).post(url, {"name": "Purchase", "position": "0", "revision": "1"})
    assert first.status_code == 302
    second = world.client_for(world.leader).post(url, {"name": "Procure", "position": "0", "revision": "1"})
    assert second.status_code == 409
    assert "Purchase" in second.content.decode()
    stage.refresh_from_db()
    assert stage.name == "Purchase"


def test_a_step_at_the_same_touch_point_twice_is_refused(world: World) -> None:
    client = world.client_for(world.leader)
    journey = _new_map(client, world)
    stage = Stage.objects.create(journey=journey, name="Use")
    point = TouchPoint.objects.create(journey=journey, stage=stage, name="Report")
    persona = Persona.objects.create(journey=journey, name="Manager")
    data = {
        "persona": str(persona.pk),
        "touch_point": str(point.pk),
        "buyer_action": "a",
        "seller_action": "b",
    }
    assert _add(client, journey, "step", data) == 302
    response = client.post(reverse("valuecycle:part-new", args=[journey.pk, "step"]), data)
    assert response.status_code == 400
    assert "Manager already has a step at “Report”" in response.content.decode()
    assert PathStep.objects.count() == 1


def test_a_review_keeps_the_map_and_the_next_review_shows_what_changed(world: World) -> None:
    client = world.client_for(world.leader)
    journey = _new_map(client, world)
    stage = Stage.objects.create(journey=journey, name="Buy")
    TouchPoint.objects.create(journey=journey, stage=stage, name="Proposal", communicates=True)
    response = client.post(
        reverse("valuecycle:review-new", args=[journey.pk]), {"note": "First look", "opened_at": "1"}
    )
    review = Review.objects.get(journey=journey)
    assert response.status_code == 302
    assert response["Location"] == review.get_absolute_url()
    assert review.number == 1
    assert review.reviewed_by == world.leader
    assert review.next_review == timezone.localdate() + timedelta(days=90)
    assert [p["name"] for p in review.content["touch_points"]] == ["Proposal"]
    assert len(review.sha256) == 64
    # Since the review: the touch point renamed, a stage added.
    TouchPoint.objects.filter(journey=journey).update(name="Proposal with the estimate")
    Stage.objects.create(journey=journey, name="Renew", position=2)
    page = client.get(journey.get_absolute_url()).content.decode()
    assert "What changed since review 1" in page
    assert "Proposal → Proposal with the estimate" in page
    assert "Stage: Renew" in page
    assert ">added<" in page
    # The review itself is unchanged, and a second review compares with the first.
    assert client.get(review.get_absolute_url()).content.decode().count("Proposal with the estimate") == 0
    take_review(journey, world.leader, note="Second")
    second = client.get(reverse("valuecycle:review", args=[journey.pk, 2])).content.decode()
    assert "What changed since review 1" in second
    assert "Proposal → Proposal with the estimate" in second


def test_a_review_from_a_page_opened_before_the_settings_changed_is_refused(world: World) -> None:
    client = world.client_for(world.leader)
    journey = _new_map(client, world)
    JourneyMap.objects.filter(pk=journey.pk).update(revision=2)
    response = client.post(
        reverse("valuecycle:review-new", args=[journey.pk]), {"opened_at": "1"}, follow=True
    )
    assert "The review was not saved" in response.content.decode()
    assert Review.objects.count() == 0


def test_the_review_falls_due_every_so_many_days(world: World) -> None:
    journey = _new_map(world.client_for(world.leader), world)
    take_review(journey, world.leader, note="", on=timezone.localdate() - timedelta(days=100))
    page = world.client_for(world.viewer).get(reverse("valuecycle:project", args=[world.project.pk]))
    due = timezone.localdate() - timedelta(days=10)
    assert f"{due:%Y-%m-%d} (overdue by 10 days)" in page.content.decode()


@pytest.fixture
def seller(world: World) -> User:
    user = make_user("seller", Role.SALESPERSON)
    Membership.objects.create(project=world.project, user=user, role=MemberRole.MEMBER)
    return user


def test_the_plan_is_reviewed_against_the_documenters_of_the_subsegment(world: World, seller: User) -> None:
    record = import_example(world)
    version = current_version(record)
    assert version is not None
    calc = calculator_of(version, LARGE)
    values = {**calc.defaults(), DOWNTIME_ALT: 40, DOWNTIME_OURS: 10, MARGIN: 9000}
    mill = Customer.objects.create(name="Norrvik Bruk", salesperson=seller)
    estimate = save_estimate(
        project=world.project,
        version=version,
        calculator=calc,
        request=EstimateRequest(
            values={k: repr(float(v)) for k, v in values.items()}, sources={}, customer=mill
        ),
        user=seller,
    )
    documenter = start_documenter(estimate, seller)
    client = world.client_for(seller)
    client.post(
        reverse("realization:results", args=[documenter.pk]),
        {"measure": DOWNTIME_OURS, "taken": "2026-06-30", "value": "16", "source": "measured"},
    )
    journey = JourneyMap.objects.create(
        project=world.project, name="Large", scope="Large mills", subsegment=LARGE
    )
    PlanLine.objects.create(
        journey=journey,
        element="Unplanned downtime",
        value_to_create="No stops",
        measure="hours",
        minimum=200_000,
    )
    PlanLine.objects.create(
        journey=journey, element="Energy", value_to_create="Less power", measure="MWh", minimum=1, position=1
    )
    rows = {r.element: r for r in plan_review(journey)}
    downtime = rows["Unplanned downtime"]
    # Promised (40 − 10) × 9,000 = 270,000; documented (40 − 16) × 9,000 = 216,000, 80 %.
    assert (downtime.documenters, downtime.measured) == (1, 1)
    assert downtime.promised == pytest.approx(270_000)
    assert downtime.documented == pytest.approx(216_000)
    assert downtime.achieved == pytest.approx(0.8)
    assert downtime.reached_minimum == 1
    assert downtime.confirmed == 0
    assert (rows["Energy"].documenters, rows["Energy"].measured) == (1, 0)  # planned, not measured yet
    page = world.client_for(world.leader).get(journey.get_absolute_url()).content.decode()
    assert "$270,000" in page
    assert "$216,000" in page
    assert "80%" in page
    assert "1 of 1" in page
    # Another subsegment's map sees none of it; the salesperson sees the map but not the review.
    journey.subsegment = "Small and mid-size mills"
    journey.save()
    assert plan_review(journey)[0].documenters == 0
    assert "The plan against the documenters" not in client.get(journey.get_absolute_url()).content.decode()


def test_what_the_team_wrote_is_escaped(world: World) -> None:
    client = world.client_for(world.leader)
    journey = _new_map(client, world, name="<script>alert(1)</script>")
    Stage.objects.create(journey=journey, name="<img src=x onerror=alert(2)>")
    take_review(journey, world.leader, note="<b>bold</b>")
    for url in (
        journey.get_absolute_url(),
        reverse("valuecycle:review", args=[journey.pk, 1]),
        reverse("valuecycle:project", args=[world.project.pk]),
    ):
        body = client.get(url).content.decode()
        assert "<script>alert(1)" not in body
        assert "<img src=x" not in body
        assert "<b>bold" not in body


def test_the_api_gives_the_map_its_gaps_and_its_reviews(world: World, seller: User) -> None:
    from worth.apps.accounts.models import ApiToken

    journey = _new_map(world.client_for(world.leader), world)
    Stage.objects.create(journey=journey, name="Use")
    take_review(journey, world.leader, note="ok", on=date(2026, 9, 1))
    _, token = ApiToken.objects.issue(user=world.leader, name="t")
    got = Client().get(f"/api/journey-maps/{journey.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert got["content"]["stages"][0]["name"] == "Use"
    assert got["next_review"] == "2026-11-30"
    assert got["reviews"][0]["number"] == 1
    assert any(f["where"] == "stage Use" for f in got["findings"])
    assert got["plan_review"] == []
    _, their = ApiToken.objects.issue(user=seller, name="s")
    mine = Client().get(f"/api/journey-maps/{journey.pk}", HTTP_AUTHORIZATION=f"Bearer {their}").json()
    assert mine["plan_review"] is None  # every customer's documenters: the team's
    _, outside = ApiToken.objects.issue(user=world.outsider, name="o")
    assert (
        Client().get(f"/api/journey-maps/{journey.pk}", HTTP_AUTHORIZATION=f"Bearer {outside}").status_code
        == 404
    )
