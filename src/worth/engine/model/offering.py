"""Naked solutions and options: which elements every customer of a subsegment values, and which only some.

A naked solution is the bare minimum of products and services that all customers of a segment value;
well-chosen options are the enhancements and services that some, but not all, of them value, each
sold at a price of its own. One "vanilla" offering for several segments gives some customers too
much and others too little, lets profitable customers subsidize the others, and invites haggling on
price instead of adding or removing options (Anderson, Kumar and Narus, *Value Merchants*, ch. 5).

From the research values of a model, per subsegment and per favourable element with values, this
counts the customers for whom the element is worth more than it costs to serve them, and places it:

- **naked solution** when at least ``naked_share`` of the customers value it above its cost;
- **option** when at least ``option_share`` do (but fewer than ``naked_share``), priced from its
  value: ``capture`` of the median value to those customers, never below its cost;
- **prune or keep on the shelf** when fewer do;
- a **point of parity** (an element classified so, without values) belongs to the naked solution at
  parity with the alternative, to be provided at a lower cost than the competitor's.

Costs to serve are per customer and period, in the model's currency; an element without a cost is
placed on its value alone (and says so).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from worth.engine.model.analysis import ModelAnalysis

__all__ = [
    "ElementPlace",
    "OfferingAnalysis",
    "OfferingError",
    "Place",
    "SubsegmentOffering",
    "offering_analysis",
    "suggested_decision",
]


class OfferingError(ValueError):
    """A cost or a share the offering analysis cannot use; the message names it."""


Place = Literal["naked solution", "option", "prune or keep on the shelf", "point of parity"]

NAKED_SHARE = 0.8
OPTION_SHARE = 0.2
CAPTURE = 0.5


@dataclass(frozen=True)
class ElementPlace:
    """One element in one subsegment: how many customers value it above its cost, and its place."""

    element: str
    subsegment: str
    place: Place
    customers: int
    valued: int
    above_cost: int
    mean_value: float | None
    median_value: float | None
    cost: float | None
    option_price: float | None = None
    buyers_at_price: int | None = None

    @property
    def share_above_cost(self) -> float | None:
        """Share of the subsegment's valued customers for whom the element is worth more than its cost."""
        return self.above_cost / self.customers if self.customers else None


@dataclass(frozen=True)
class SubsegmentOffering:
    """The naked solution and the options of one subsegment."""

    subsegment: str
    places: tuple[ElementPlace, ...]

    @property
    def naked(self) -> tuple[str, ...]:
        return tuple(p.element for p in self.places if p.place in ("naked solution", "point of parity"))

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(p.element for p in self.places if p.place == "option")


@dataclass(frozen=True)
class OfferingAnalysis:
    """Every subsegment's naked solution and options, and where one vanilla offering would not fit."""

    currency: str
    period: str
    naked_share: float
    option_share: float
    capture: float
    subsegments: tuple[SubsegmentOffering, ...]
    warnings: tuple[str, ...] = field(default=())

    def place_of(self, element: str, subsegment: str) -> ElementPlace | None:
        for s in self.subsegments:
            if s.subsegment == subsegment:
                return next((p for p in s.places if p.element == element), None)
        return None


def _share(value: float, name: str) -> float:
    if not (isinstance(value, int | float) and math.isfinite(value) and 0 < value <= 1):
        raise OfferingError(f"{name}: {value!r} must be a share more than 0 and at most 1")
    return float(value)


def _place(
    element: str,
    subsegment: str,
    values: np.ndarray,
    cost: float | None,
    naked: float,
    option: float,
    capture: float,
) -> ElementPlace:
    finite = values[np.isfinite(values)]
    n = int(finite.size)
    threshold = cost or 0.0
    above = finite[finite > threshold]
    share = above.size / n if n else 0.0
    place: Place = "prune or keep on the shelf"
    price: float | None = None
    buyers: int | None = None
    if n and share >= naked:
        place = "naked solution"
    elif n and share >= option:
        place = "option"
        price = max(threshold, capture * float(np.median(above)))
        buyers = int((finite >= price).sum())
    return ElementPlace(
        element,
        subsegment,
        place,
        customers=n,
        valued=int((finite > 0).sum()),
        above_cost=int(above.size),
        mean_value=float(finite.mean()) if n else None,
        median_value=float(np.median(finite)) if n else None,
        cost=cost,
        option_price=price,
        buyers_at_price=buyers,
    )


def offering_analysis(
    analysis: ModelAnalysis,
    costs: Mapping[str, float] | None = None,
    *,
    naked_share: float = NAKED_SHARE,
    option_share: float = OPTION_SHARE,
    capture: float = CAPTURE,
) -> OfferingAnalysis:
    """The naked solution and options of each subsegment of an analysed model.

    ``costs`` maps element names to the cost of serving one customer for one period.

    Raises
    ------
    OfferingError
        When a share is not in (0, 1], the option share exceeds the naked share, a cost is negative or
        not a number, or a cost names no element of the model.
    """
    naked = _share(naked_share, "naked share")
    option = _share(option_share, "option share")
    take = _share(capture, "capture")
    if option > naked:
        raise OfferingError(f"option share {option} is more than the naked share {naked}")
    model = analysis.model
    names = {e.name for e in model.elements}
    given = dict(costs or {})
    for name, cost in given.items():
        if name not in names:
            raise OfferingError(f"cost to serve of {name!r}: the model has no such element")
        if not (isinstance(cost, int | float) and math.isfinite(cost) and cost >= 0):
            raise OfferingError(f"cost to serve of {name!r}: {cost!r} is not an amount of 0 or more")
    evaluation = analysis.evaluation
    out: list[SubsegmentOffering] = []
    for sub in model.subsegments:
        rows = evaluation.rows(sub.name)
        places: list[ElementPlace] = []
        for element in model.elements:
            classified = element.classification.get(sub.name)
            values = evaluation.elements.get(element.name)
            if values is None or element.direction != "favourable":
                if classified is not None and classified.as_ == "point-of-parity":
                    places.append(
                        ElementPlace(
                            element.name,
                            sub.name,
                            "point of parity",
                            0,
                            0,
                            0,
                            None,
                            None,
                            given.get(element.name),
                        )
                    )
                continue
            places.append(
                _place(
                    element.name, sub.name, values.values[rows], given.get(element.name), naked, option, take
                )
            )
        out.append(SubsegmentOffering(sub.name, tuple(places)))
    return OfferingAnalysis(
        model.currency, model.period, naked, option, take, tuple(out), _vanilla_warnings(out, given)
    )


def _vanilla_warnings(subsegments: list[SubsegmentOffering], costs: Mapping[str, float]) -> tuple[str, ...]:
    """Where a place differs between subsegments: one offering for both would not fit both."""
    found: list[str] = []
    if len(subsegments) > 1:
        by_element: dict[str, dict[str, ElementPlace]] = {}
        for s in subsegments:
            for p in s.places:
                by_element.setdefault(p.element, {})[s.subsegment] = p
        for element, places in by_element.items():
            kinds = {p.place for p in places.values()}
            if len(kinds) > 1 and "naked solution" in kinds:
                where = "; ".join(
                    f"{p.place} for {sub}"
                    + (
                        ""
                        if p.share_above_cost is None
                        else f" ({p.share_above_cost:.0%} value it above its cost)"
                    )
                    for sub, p in places.items()
                )
                found.append(
                    f"{element}: {where}. One vanilla offering for these subsegments would make some "
                    "customers pay for what they do not value, and the others get it for nothing."
                )
    missing = sorted(
        {p.element for s in subsegments for p in s.places if p.cost is None and p.place != "point of parity"}
    )
    if missing:
        found.append(
            "No cost to serve given for "
            + ", ".join(missing)
            + ": placed on their value alone (a cost of 0)."
        )
    return tuple(found)


OfferedAs = Literal["not-offered", "standard", "optional"]


def suggested_decision(place: ElementPlace | None, offered_as: OfferedAs) -> tuple[str, str]:
    """The method's decision for a part of the offering, from its place and how it is offered today.

    Returns the decision's key (``prune``, ``retain``, ``recast``, ``shelf``, ``augment``,
    ``introduce``, ``keep-option``, or ``""`` without a place) and the reason, in words.
    """
    if place is None:
        return "", "no value from the model: decide on its usage and cost to serve"
    share = "" if place.share_above_cost is None else f"{place.share_above_cost:.0%} of the customers"
    if place.place == "point of parity":
        return "retain", "a point of parity: keep it standard, equal to the alternative's, at a lower cost"
    if place.place == "naked solution":
        if offered_as == "standard":
            return "retain", f"{share} value it above its cost: it belongs in the standard offering"
        return "augment", f"{share} value it above its cost: make it part of the standard offering"
    if place.place == "option":
        if offered_as == "standard":
            return "recast", f"only {share} value it above its cost: recast it as a surcharge option"
        if offered_as == "optional":
            return "keep-option", f"{share} value it above its cost: a well-chosen option"
        return "introduce", f"{share} value it above its cost: introduce it as a value-adding option"
    if offered_as == "not-offered":
        return "shelf", f"only {share} value it above its cost: keep it on the shelf"
    return "prune", f"only {share} value it above its cost: prune it, or retain it at parity at a lower cost"
