"""The value cycle part of the demo: the large mills' journey map, its value paths and its plan.

The map was reviewed about three months ago; since then the team added the energy gap and moved the
value review to a quarterly meeting, so the page shows what changed since the review, and the next
review is due. The plan's lines name the model's elements, so the review against the documenters
shows Norrvik Bruk's documented and confirmed figures beside the segment's minimums.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from worth.apps.programs.models import Project
from worth.apps.valuecycle.models import (
    JourneyMap,
    Opportunity,
    OpportunityKind,
    PathStep,
    Persona,
    PlanLine,
    Stage,
    Tool,
    TouchPoint,
)
from worth.apps.valuecycle.services import take_review

MAP = "Large mills: condition-monitored bearings"
STAGES = (
    ("Evaluate", "The mill looks for a way out of unplanned stops and compares suppliers."),
    ("Buy", "Purchasing, maintenance and the controller agree on the offer and its price."),
    ("Implement", "Sensors and the gateway go in during a scheduled shutdown."),
    ("Use", "Condition reports warn weeks ahead; replacements move into planned stops."),
    ("Renew", "Before the term ends, the mill weighs what it got against what it paid."),
)
#: (stage, name, channel, spokes, element, tool, description)
TOUCH_POINTS: tuple[tuple[str, str, str, tuple[str, ...], str, str, str], ...] = (
    (
        "Evaluate",
        "Value workshop at the mill",
        "on site",
        ("communicate",),
        "Unplanned downtime",
        Tool.CALCULATOR,
        "The salesperson and the reliability engineer run the value calculator with the mill's stop log.",
    ),
    (
        "Evaluate",
        "Reliability audit of the dryer section",
        "on site",
        ("create", "communicate"),
        "Bearing consumption",
        Tool.NONE,
        "A two-day audit finds the bearings that fail most often.",
    ),
    (
        "Buy",
        "Proposal with the value estimate",
        "proposal PDF",
        ("communicate", "capture"),
        "",
        Tool.CALCULATOR,
        "The saved estimate is the promise: its inputs, sources and the customer's choice in one sentence.",
    ),
    (
        "Buy",
        "Price agreed against the alternative",
        "negotiation",
        ("capture",),
        "",
        Tool.PRICE,
        "The price leaves the mill better off than running to failure, and keeps a fair share for us.",
    ),
    (
        "Implement",
        "Sensor installation",
        "scheduled shutdown",
        ("create", "deliver"),
        "Sensor installation time",
        Tool.NONE,
        "Installed in the mill's own shutdown so no production hour is lost.",
    ),
    (
        "Implement",
        "Kick-off with the maintenance planners",
        "meeting",
        ("deliver",),
        "Maintenance labour",
        Tool.NONE,
        "The planners learn to move replacements into planned stops.",
    ),
    (
        "Use",
        "Monthly condition report",
        "portal",
        ("create", "deliver"),
        "Unplanned downtime",
        Tool.NONE,
        "Every bearing's condition and the replacements due, weeks ahead.",
    ),
    (
        "Use",
        "Quarterly value review",
        "meeting",
        ("document",),
        "Unplanned downtime",
        Tool.DOCUMENTER,
        "The documenter's results from the stop log and the stores records, confirmed by the mill.",
    ),
    (
        "Renew",
        "Renewal with the case history",
        "meeting",
        ("communicate", "capture"),
        "",
        Tool.CASE_HISTORY,
        "The confirmed figures decide the renewal and the price of the next term.",
    ),
)
PERSONAS = (
    (
        "Maintenance manager",
        "Runs the mill's maintenance; owns the stop log",
        "No unplanned stops; shutdowns that finish on time; fewer emergency call-outs.",
    ),
    (
        "Mill controller",
        "Signs off the business case",
        "Figures from the mill's own records, not the supplier's.",
    ),
    (
        "Purchasing manager",
        "Negotiates the contract",
        "A price that holds up against the bearings bought today.",
    ),
)
#: (persona, touch point, buyer's side, seller's side)
STEPS = (
    (
        "Maintenance manager",
        "Value workshop at the mill",
        "Brings last year's stop log and bearing records.",
        "Runs the calculator with the mill's figures; names every assumption.",
    ),
    (
        "Maintenance manager",
        "Kick-off with the maintenance planners",
        "Frees the planners for half a day.",
        "Shows how warnings become planned replacements.",
    ),
    (
        "Maintenance manager",
        "Quarterly value review",
        "Confirms or contests each figure through the link.",
        "Records the results from the stop log and the stores records.",
    ),
    (
        "Mill controller",
        "Proposal with the value estimate",
        "Checks the contribution margin per hour used.",
        "Shows the estimate's sources and the range of the value.",
    ),
    ("Mill controller", "Quarterly value review", "Reads the documented value against the promise.", ""),
    (
        "Purchasing manager",
        "Price agreed against the alternative",
        "Compares with the price of the bearings bought today.",
        "Shows the value-based price and what the mill keeps.",
    ),
)
#: (element, value to create, how, measure, unit, minimum per mill and year)
PLAN = (
    (
        "Unplanned downtime",
        "Our paper machines do not stop for a bearing we could have seen coming.",
        "Condition monitoring warns weeks ahead; replacements move into the scheduled shutdowns.",
        "Unplanned stop hours a year from bearings, from the DCS stop log",
        "hours",
        Decimal(150_000),
    ),
    (
        "Bearing consumption",
        "We replace fewer bearings, and only those that are worn.",
        "Sealed bearings last longer; condition decides the replacement, not the calendar.",
        "Bearings replaced a year, from the stores records",
        "bearings",
        Decimal(20_000),
    ),
    (
        "Maintenance labour",
        "Our technicians plan their work instead of running after failures.",
        "Automated rounds replace the manual vibration rounds.",
        "Technician hours on bearings a year",
        "hours",
        Decimal(15_000),
    ),
    (
        "Energy",
        "Our drives use less power for the same production.",
        "Low-friction seals.",
        "Friction losses a year, from the drive power meters",
        "MWh",
        None,
    ),
)


def load_demo_valuecycle(project: Project, users: dict[str, User], say: Callable[[str], None]) -> None:
    leader = users["leader"]
    journey, made = JourneyMap.objects.get_or_create(
        project=project,
        name=MAP,
        defaults={
            "scope": "Large integrated paper mills buying condition-monitored bearings",
            "subsegment": "Large integrated mills",
            "review_every_days": 90,
            "created_by": leader,
        },
    )
    if not made:
        return
    stages = {
        name: Stage.objects.create(journey=journey, name=name, description=text, position=i)
        for i, (name, text) in enumerate(STAGES)
    }
    points: dict[str, TouchPoint] = {}
    for i, (stage, name, channel, spokes, element, tool, text) in enumerate(TOUCH_POINTS):
        flags = {f"{s}s": True for s in spokes}  # the fields: creates, communicates ...
        points[name] = TouchPoint.objects.create(
            journey=journey,
            stage=stages[stage],
            name=name,
            channel=channel,
            element=element,
            tool=tool,
            description=text,
            position=i,
            **flags,
        )
    personas = {
        name: Persona.objects.create(journey=journey, name=name, role=role, values=values, position=i)
        for i, (name, role, values) in enumerate(PERSONAS)
    }
    for persona, point, buyer, seller in STEPS:
        PathStep.objects.create(
            journey=journey,
            persona=personas[persona],
            touch_point=points[point],
            buyer_action=buyer,
            seller_action=seller,
        )
    for i, (element, value, how, measure, unit, minimum) in enumerate(PLAN):
        PlanLine.objects.create(
            journey=journey,
            element=element,
            value_to_create=value,
            how_created=how,
            measure=measure,
            unit=unit,
            minimum=minimum,
            position=i,
        )
    # The review of about three months ago, then what the team changed since.
    take_review(
        journey,
        leader,
        note="First review with the pilot's team: the journey holds; energy is promised but never measured.",
        on=timezone.localdate() - timedelta(days=95),
    )
    Opportunity.objects.create(
        journey=journey,
        kind=OpportunityKind.GAP,
        touch_point=points["Quarterly value review"],
        element="Energy",
        description="Energy savings are promised but never measured: read the drive power meters at each "
        "quarterly review.",
    )
    Opportunity.objects.create(
        journey=journey,
        kind=OpportunityKind.OPPORTUNITY,
        touch_point=points["Monthly condition report"],
        element="Maintenance labour",
        description="Mills with several machines ask for shutdown planning: a value-adding option.",
        position=1,
    )
    review = points["Quarterly value review"]
    review.channel = "meeting with the maintenance manager and the controller"
    review.revision += 1
    review.save()
    say(f"journey map “{journey.name}”, reviewed once, with two gaps and opportunities added since")
