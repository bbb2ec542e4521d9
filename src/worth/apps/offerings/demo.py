"""The offering part of the demo: the parts of the condition-monitored bearings offering, with costs.

The costs to serve are per mill and year, as the demo model counts values. With them the large mills'
naked solution holds every element, while for the small and mid-size mills the sealed bearings and the
low-friction seals are options: the page warns against one vanilla offering for both.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth.models import User

from worth.apps.offerings.models import Decision, Kind, OfferedAs, OfferingComponent, Status
from worth.apps.programs.models import Project

PARTS: tuple[dict[str, object], ...] = (
    {
        "name": "Wireless condition-monitoring sensors and gateway",
        "kind": Kind.FEATURE,
        "element": "Unplanned downtime",
        "status": Status.STANDARD,
        "offered_as": OfferedAs.STANDARD,
        "cost_to_serve": Decimal(26_000),
        "usage_share": Decimal(100),
        "decision": Decision.RETAIN,
        "rationale": "Every mill researched values the warning before a failure far above what it costs us.",
    },
    {
        "name": "Sealed spherical roller bearings",
        "kind": Kind.FEATURE,
        "element": "Bearing consumption",
        "status": Status.STANDARD,
        "offered_as": OfferedAs.STANDARD,
        "cost_to_serve": Decimal(12_000),
        "usage_share": Decimal(100),
        "decision": Decision.RECAST,
        "rationale": "Standard for large mills; an upgrade for small ones: 5 of 7 gain more than it costs.",
    },
    {
        "name": "Automated vibration rounds",
        "kind": Kind.SYSTEM,
        "element": "Maintenance labour",
        "status": Status.STANDARD,
        "offered_as": OfferedAs.STANDARD,
        "cost_to_serve": Decimal(15_000),
        "usage_share": Decimal(90),
        "decision": Decision.RETAIN,
    },
    {
        "name": "Low-friction seals",
        "kind": Kind.FEATURE,
        "element": "Energy",
        "status": Status.NEW,
        "offered_as": OfferedAs.NOT_OFFERED,
        "cost_to_serve": Decimal(19_000),
        "decision": Decision.INTRODUCE,
        "rationale": "New, so first an option, as the method advises; half the small mills would pay for it.",
        "guarantee": "Friction losses 5 % lower on the dryer section, measured on the mill's own meters in a "
        "three-month pilot, or the seals are free.",
    },
    {
        "name": "On-site vibration analysis service days",
        "kind": Kind.SERVICE,
        "status": Status.OPTIONAL,
        "offered_as": OfferedAs.OPTIONAL,
        "cost_to_serve": Decimal(6_500),
        "usage_share": Decimal(35),
        "decision": Decision.KEEP_OPTION,
        "rationale": "Bought by a third of the mills, at a price above its cost.",
    },
    {
        "name": "24-hour emergency delivery",
        "kind": Kind.SERVICE,
        "element": "Delivery lead time",
        "status": Status.STANDARD,
        "offered_as": OfferedAs.STANDARD,
        "cost_to_serve": Decimal(2_000),
        "usage_share": Decimal(60),
        "decision": Decision.RETAIN,
        "rationale": "A point of parity with the distributors, kept: from regional stock, at lower cost.",
    },
    {
        "name": "Paper-machine reliability benchmark report",
        "kind": Kind.PROGRAM,
        "status": Status.NEW,
        "offered_as": OfferedAs.NOT_OFFERED,
        "cost_to_serve": Decimal(3_000),
        "decision": Decision.SHELF,
        "rationale": "Mills do not yet see what it is worth to them; revisit after the first documenters.",
    },
)


def load_demo_offering(project: Project, user: User, say: Callable[[str], None]) -> None:
    """Create or update the demo offering's parts; running it twice duplicates nothing."""
    for part in PARTS:
        defaults = {k: v for k, v in part.items() if k != "name"}
        OfferingComponent.objects.update_or_create(
            project=project, name=part["name"], defaults={**defaults, "created_by": user}
        )
    say(f"{len(PARTS)} parts of the offering with their costs to serve and decisions")
