"""Preparing the research (seed 002, tasks 1-9) as a checklist whose state is read from the records.

Nothing here is ticked by hand: the value model's parts (its working draft) say whether the offering,
segment, elements, subsegments, alternatives and hypotheses are there; the project's customers say
whether 6 to 8 are chosen per subsegment, with gives and gets, managers to meet and a supportive
salesperson. Each item names what is missing and links to the page where it is done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from worth.apps.programs.models import Project
from worth.apps.research.model_parts import latest_model, parts_of
from worth.apps.research.models import TAKING_PART, Incentive, Participation, Support
from worth.apps.valuemodels.models import ValueModelRecord

#: Seed 002: "six to eight customers per subsegment" (at least five of six take part to the end).
CUSTOMERS_PER_SUBSEGMENT = (6, 8)


@dataclass(frozen=True)
class Item:
    number: int
    title: str
    done: bool
    detail: str
    url: str
    link: str


def _names(items: Iterable[str], limit: int = 4) -> str:
    listed = list(items)
    shown = ", ".join(listed[:limit])
    return shown + (f" and {len(listed) - limit} more" if len(listed) > limit else "")


def _model_items(project: Project, model: ValueModelRecord | None) -> list[Item]:
    if model is None:
        url, link = reverse("valuemodels:new", args=[project.pk]), "Start a value model"
        titles = (
            "Offering and segment decided",
            "Value elements defined",
            "Subsegments defined by customer characteristics",
            "The next-best alternative of each subsegment",
            "Points of parity and difference hypothesized, a word equation for each difference",
        )
        return [
            Item(n, title, False, "The project has no value model yet.", url, link)
            for n, title in enumerate(titles, 1)
        ]
    kinds = ("offering", "segment", "element", "subsegment", "characteristic")
    parts = {kind: [data for _, data in parts_of(model, kind)] for kind in kinds}
    build, link = reverse("valuemodels:build", args=[model.pk]), "Open the builder"
    offering = (parts.get("offering") or [{}])[0]
    segment = (parts.get("segment") or [{}])[0]
    decided = bool(offering.get("name")) and bool(segment.get("name"))
    items = [
        Item(
            1,
            "Offering and segment decided",
            decided,
            f"{offering.get('name', '?')} for {segment.get('name', '?')}"
            if decided
            else "Name the offering and the segment.",
            build,
            link,
        )
    ]
    elements = parts.get("element", [])
    items.append(
        Item(
            2,
            "Value elements defined",
            bool(elements),
            f"{len(elements)} value elements" if elements else "No value element yet.",
            build,
            link,
        )
    )
    subsegments = parts.get("subsegment", [])
    characteristics = parts.get("characteristic", [])
    vague = [s["name"] for s in subsegments if not str(s.get("characteristics", "")).strip()]
    if not subsegments:
        detail = "No subsegment yet: one or two, each defined by customer characteristics."
    elif not characteristics:
        detail = "Add the customer characteristics that tell the subsegments apart."
    elif vague:
        detail = f"Say which characteristics define {_names(vague)}."
    else:
        detail = f"{_names(s['name'] for s in subsegments)}, by {_names(c['name'] for c in characteristics)}"
    items.append(
        Item(
            3,
            "Subsegments defined by customer characteristics",
            bool(subsegments) and bool(characteristics) and not vague,
            detail,
            build,
            link,
        )
    )
    without = [s["name"] for s in subsegments if not (s.get("alternative") or {}).get("name")]
    alternatives = "; ".join(
        f"{s['name']}: {(s.get('alternative') or {}).get('name', '?')}" for s in subsegments
    )
    items.append(
        Item(
            4,
            "The next-best alternative of each subsegment",
            bool(subsegments) and not without,
            alternatives
            if subsegments and not without
            else ("No subsegment yet." if not subsegments else f"None for {_names(without)}."),
            build,
            link,
        )
    )
    names = [s["name"] for s in subsegments]
    unclassified = [
        f"{e['name']} in {n}" for e in elements for n in names if n not in (e.get("classification") or {})
    ]
    differences = [
        e
        for e in elements
        if any(c.get("as") == "point-of-difference" for c in (e.get("classification") or {}).values())
    ]
    no_equation = [e["name"] for e in differences if not str(e.get("equation") or "").strip()]
    if unclassified:
        detail = f"Not yet classified: {_names(unclassified)}."
    elif no_equation:
        detail = f"Points of difference without a word equation: {_names(no_equation)}."
    elif not elements or not subsegments:
        detail = "Elements and subsegments come first."
    else:
        detail = f"{len(differences)} points of difference, each with its word equation"
    grid = reverse("valuemodels:classification", args=[model.pk])
    items.append(
        Item(
            5,
            "Points of parity and difference hypothesized, a word equation for each difference",
            bool(elements) and bool(subsegments) and not unclassified and not no_equation,
            detail,
            grid,
            "Open the classification grid",
        )
    )
    return items


def _customer_items(project: Project, subsegments: list[str], taking_part: list[Participation]) -> list[Item]:
    url, link = reverse("research:project-customers", args=[project.pk]), "Open the project's customers"
    low, high = CUSTOMERS_PER_SUBSEGMENT
    per = Counter(p.subsegment for p in taking_part)
    wanted = subsegments or sorted({p.subsegment for p in taking_part if p.subsegment})
    counts = "; ".join(f"{name}: {per.get(name, 0)}" for name in wanted) or "No customer chosen yet."
    unassigned = per.get("", 0)
    if unassigned:
        counts += f"; {unassigned} without a subsegment"
    enough = bool(wanted) and all(per.get(name, 0) >= low for name in wanted)
    over = [name for name in wanted if per.get(name, 0) > high]
    if over:
        counts += f" (more than {high} in {_names(over)}: more work than the method asks)"
    items = [Item(6, f"{low} to {high} customers chosen per subsegment", enough, counts, url, link)]
    unprepared = [p.customer.name for p in taking_part if not (p.gives.strip() and p.gets.strip())]
    levels = {p.incentive for p in taking_part if p.incentive != Incentive.NONE}
    if not taking_part:
        detail = "No customer chosen yet."
    elif unprepared:
        detail = f"Gives and gets missing for {_names(unprepared)}."
    elif len(levels) < 2:
        detail = "Prepare several levels of incentive (one is offered so far)."
    else:
        detail = f"{len(levels)} levels of incentive offered"
    items.append(
        Item(
            7,
            "Gives and gets prepared, with several levels of incentive",
            bool(taking_part) and not unprepared and len(levels) >= 2,
            detail,
            url,
            link,
        )
    )
    unnamed = [p.customer.name for p in taking_part if not p.contacts.all()]
    items.append(
        Item(
            8,
            "The customer managers to meet named",
            bool(taking_part) and not unnamed,
            f"Nobody named at {_names(unnamed)}."
            if unnamed
            else ("No customer chosen yet." if not taking_part else "Named at every customer"),
            url,
            link,
        )
    )
    unsupported = [
        p.customer.name
        for p in taking_part
        if p.customer.salesperson_id is None or p.salesperson_support != Support.SUPPORTIVE
    ]
    items.append(
        Item(
            9,
            "The responsible salesperson of each customer contacted and supportive",
            bool(taking_part) and not unsupported,
            f"Not yet at {_names(unsupported)}."
            if unsupported
            else (
                "No customer chosen yet." if not taking_part else "Every salesperson supports the research"
            ),
            url,
            link,
        )
    )
    return items


def research_checklist(project: Project) -> list[Item]:
    """Tasks 1-9 for ``project``, from its most recently changed value model and all its customers."""
    model = latest_model(project)
    subsegments = [key for key, _ in parts_of(model, "subsegment")]
    taking_part = list(
        Participation.objects.filter(project=project, status__in=TAKING_PART)
        .select_related("customer")
        .prefetch_related("contacts")
    )
    return [*_model_items(project, model), *_customer_items(project, subsegments, taking_part)]
