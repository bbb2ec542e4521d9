"""The value proposition of one subsegment: which elements to state, and what goes wrong when stating them.

The method names three kinds of value proposition. *All benefits* lists everything the offering does
for the customer, parity included: easy to write, and it asserts benefits the customer gets from the
alternative too. *Favourable points of difference* lists everything that is better than the next-best
alternative: it answers "why yours?", but presumes the customer values each difference. A *resonating
focus* states the one or two points of difference (and perhaps one point of parity) whose improvement
will deliver the greatest value to the customer in the near future, each with the customer's data and
agreement behind it. Worth builds the three side by side from an analysed model and steers to the third.

The warnings carry the method's own names, so a team can look them up:

- **benefit assertion**: too many elements, or a point of parity presented as a difference;
- **value presumption**: a point of difference stated without customer data or customer agreement;
- **unfavourable element left unmentioned**: a customer finds it out later, and trust goes with it;
- **contested element stated as agreed**: a point of contention, or an element a customer contested,
  presented as an agreed difference.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from worth.engine.model.analysis import ModelAnalysis
from worth.engine.model.heaviness import data_heaviness
from worth.engine.model.schema import Classification, Element
from worth.engine.model.schema_data import SourceKind
from worth.engine.model.stats import Summary

__all__ = [
    "AGREEMENT_ORDER",
    "MAX_DIFFERENCES",
    "Candidate",
    "Pick",
    "PickRole",
    "PropositionKinds",
    "PropositionWarning",
    "Support",
    "WarningKind",
    "candidates",
    "check_focus",
    "focus_value",
    "proposition_kinds",
    "suggest_focus",
]

Support = Literal[
    "measured", "customer estimates", "outside studies", "supplier assumptions", "not quantified"
]
PickRole = Literal["difference", "parity", "addressed"]
WarningKind = Literal[
    "benefit assertion",
    "value presumption",
    "unfavourable element left unmentioned",
    "contested element stated as agreed",
    "no focus",
    "unknown element",
]

#: A resonating focus states one or two points of difference and perhaps one point of parity.
MAX_DIFFERENCES = 2
MAX_PARITY = 1
#: Agreed first, contested last: the order of the agreement ranking.
AGREEMENT_ORDER = {"agreed-by-customer": 0, "hypothesized": 1, "contested": 2}

_WORDS: dict[SourceKind, Support] = {
    "measured": "measured",
    "customer-estimate": "customer estimates",
    "outside-study": "outside studies",
    "supplier-assumption": "supplier assumptions",
}


@dataclass(frozen=True)
class Candidate:
    """One element as a candidate for the subsegment's proposition.

    ``shares`` are the shares of the inputs behind its values (over this subsegment's customers) by
    source kind; ``None`` when the element has no equation. The ``rank_*`` fields are 1 for the best on
    each criterion (ties share a rank).
    """

    element: Element
    classification: Classification
    stats: Summary | None
    shares: dict[SourceKind, float] | None
    rank_value: int
    rank_spread: int
    rank_support: int
    rank_agreement: int

    @property
    def name(self) -> str:
        return self.element.name

    @property
    def mean(self) -> float:
        return self.stats.mean if self.stats is not None else math.nan

    @property
    def relative_spread(self) -> float:
        """Standard deviation over the absolute mean: how much the value differs between customers."""
        if self.stats is None or not self.stats.mean or math.isnan(self.stats.mean):
            return math.nan
        return self.stats.std / abs(self.stats.mean)

    @property
    def favourable(self) -> bool:
        return self.element.direction == "favourable"

    @property
    def is_difference(self) -> bool:
        return self.classification.as_ == "point-of-difference"

    @property
    def is_parity(self) -> bool:
        return self.classification.as_ == "point-of-parity"

    @property
    def is_contention(self) -> bool:
        return self.classification.as_ == "point-of-contention"

    @property
    def agreed(self) -> bool:
        return self.classification.status == "agreed-by-customer"

    @property
    def measured(self) -> float | None:
        """The share of its inputs measured at the customers."""
        return None if self.shares is None else self.shares["measured"]

    @property
    def customer_data(self) -> float | None:
        """The share of its inputs that came from customers at all: measured, or estimated by them."""
        if self.shares is None:
            return None
        return self.shares["measured"] + self.shares["customer-estimate"]

    @property
    def sources(self) -> str:
        """The kinds of source its inputs come from, in words: "outside studies and supplier assumptions"."""
        if self.shares is None:
            return "no data"
        kinds = [_WORDS[kind] for kind in _WORDS if self.shares.get(kind, 0.0) > 0]
        return " and ".join([", ".join(kinds[:-1]), kinds[-1]] if len(kinds) > 1 else kinds)

    @property
    def support(self) -> Support:
        """What most of the element's inputs rest on, in the words a customer manager would use."""
        if self.shares is None:
            return "not quantified"
        # The first of the largest, in the order of trust (measured before estimates before studies).
        return _WORDS[max(_WORDS, key=lambda kind: (self.shares or {}).get(kind, 0.0))]


def _ranks(keys: Sequence[float]) -> list[int]:
    """Competition ranks (1, 2, 2, 4) of ascending keys; NaN keys rank last together."""
    order = sorted(k for k in keys if not math.isnan(k))
    last = len(order) + 1
    return [last if math.isnan(k) else 1 + sum(1 for o in order if o < k) for k in keys]


def candidates(analysis: ModelAnalysis, subsegment: str) -> list[Candidate]:
    """Every element of the model as a candidate for ``subsegment``'s proposition, in model order.

    Parameters
    ----------
    analysis
        The analysed model (a version, in the app).
    subsegment
        The subsegment's name.

    Returns
    -------
    list[Candidate]
    """
    model = analysis.model
    model.subsegment(subsegment)  # a KeyError naming the model's subsegments for an unknown one
    rows = analysis.evaluation.rows(subsegment)
    heaviness = data_heaviness(analysis.evaluation, rows).by_element
    base: list[Candidate] = []
    for element in model.elements:
        studied = analysis.elements.get(element.name)
        counted = heaviness.get(element.name)
        base.append(
            Candidate(
                element,
                element.classification[subsegment],
                studied.by_subsegment[subsegment] if studied is not None else None,
                counted.shares if counted is not None and counted.total else None,
                0,
                0,
                0,
                0,
            )
        )
    value = _ranks([-c.mean for c in base])
    spread = _ranks([c.relative_spread for c in base])
    # Measured data count twice: a customer's measurement persuades more than its estimate.
    support = _ranks(
        [math.nan if c.shares is None else -(2 * (c.measured or 0) + (c.customer_data or 0)) for c in base]
    )
    agreement = _ranks([float(AGREEMENT_ORDER[c.classification.status]) for c in base])
    return [
        replace(
            c,
            rank_value=value[i],
            rank_spread=spread[i],
            rank_support=support[i],
            rank_agreement=agreement[i],
        )
        for i, c in enumerate(base)
    ]


@dataclass(frozen=True)
class Pick:
    """An element the team states, and how: as a difference, as parity, or an unfavourable one addressed."""

    element: str
    role: PickRole


@dataclass(frozen=True)
class PropositionWarning:
    """A named way the proposition could fail to persuade, with the element it concerns."""

    kind: WarningKind
    element: str | None
    message: str


@dataclass(frozen=True)
class PropositionKinds:
    """The three kinds of value proposition for one subsegment, as the customer would read them."""

    all_benefits: list[Candidate]
    favourable_differences: list[Candidate]
    resonating_focus: list[Pick]


def _by_value(items: Sequence[Candidate]) -> list[Candidate]:
    return sorted(items, key=lambda c: (c.rank_value, c.name))


def suggest_focus(items: Sequence[Candidate]) -> list[Pick]:
    """Worth's suggestion for a resonating focus: the one or two points of difference to lead with.

    Favourable points of difference with a positive value come first when customers agreed to them and
    their data come from customers; among those the two of highest value are suggested. When none has
    both, the best-supported of highest value are suggested anyway (the warnings then say what is
    missing). A point of parity is suggested when the customer agreed to it: it answers "is it as good
    as what we have?" without claiming more. Every unfavourable point of difference is added as
    addressed: a proposition that hides one loses the customer's trust when they find it.
    """
    differences = [c for c in items if c.favourable and c.is_difference and c.mean > 0]
    strong = [c for c in differences if c.agreed and (c.customer_data or 0) > 0]
    chosen = (
        _by_value(strong)[:MAX_DIFFERENCES]
        or sorted(differences, key=lambda c: (c.rank_support, c.rank_value, c.name))[:MAX_DIFFERENCES]
    )
    picks = [Pick(c.name, "difference") for c in _by_value(chosen)]
    parity = [c for c in items if c.is_parity and c.agreed]
    if parity:
        picks.append(Pick(parity[0].name, "parity"))
    picks += [Pick(c.name, "addressed") for c in items if not c.favourable and not c.is_parity]
    return picks


def proposition_kinds(items: Sequence[Candidate], focus: Sequence[Pick] | None = None) -> PropositionKinds:
    """All benefits, favourable points of difference, and the focus (the team's, else the suggestion)."""
    benefits = [c for c in items if c.favourable]
    favourable = _by_value([c for c in items if c.favourable and c.is_difference])
    return PropositionKinds(benefits, favourable, list(focus) if focus is not None else suggest_focus(items))


def check_focus(
    items: Sequence[Candidate], picks: Sequence[Pick], *, alternative: str
) -> list[PropositionWarning]:
    """Everything that would keep ``picks`` from resonating, named as the method names it.

    Parameters
    ----------
    items
        The subsegment's candidates (:func:`candidates`).
    picks
        What the team states.
    alternative
        The next-best alternative's name, for the messages.

    Returns
    -------
    list[PropositionWarning]
        In the order of the picks, then the unfavourable elements left unmentioned; empty when the
        focus resonates as far as the data can tell.
    """
    found: list[PropositionWarning] = []
    known = {c.name: c for c in items}
    differences = [p for p in picks if p.role == "difference"]
    parity = [p for p in picks if p.role == "parity"]
    if not differences:
        found.append(
            PropositionWarning(
                "no focus",
                None,
                "No point of difference is stated: a resonating focus leads with the one or two "
                f"differences from {alternative} that are worth most to the customer.",
            )
        )
    if len(differences) > MAX_DIFFERENCES or len(parity) > MAX_PARITY:
        found.append(
            PropositionWarning(
                "benefit assertion",
                None,
                f"{len(differences)} points of difference and {len(parity)} of parity are stated: a "
                f"resonating focus states at most {MAX_DIFFERENCES} differences and perhaps one point of "
                "parity; the more it lists, the more it reads as a list of benefits the customer must "
                "sort out.",
            )
        )
    for pick in picks:
        item = known.get(pick.element)
        if item is None:
            found.append(
                PropositionWarning(
                    "unknown element",
                    pick.element,
                    f"{pick.element} is not an element of this version of the model: remove it or "
                    "choose the element it became.",
                )
            )
        elif pick.role == "difference":
            found += _difference_warnings(item, alternative)
    mentioned = {p.element for p in picks}
    for item in items:
        if not item.favourable and not item.is_parity and item.name not in mentioned:
            found.append(
                PropositionWarning(
                    "unfavourable element left unmentioned",
                    item.name,
                    f"{item.name} counts against the offering: say how it is addressed, or the customer "
                    "will find it out and trust the rest less.",
                )
            )
    return found


def _difference_warnings(item: Candidate, alternative: str) -> list[PropositionWarning]:
    """What is wrong with stating ``item`` as a point of difference (nothing when it is well founded)."""
    if item.is_parity:
        return [
            PropositionWarning(
                "benefit assertion",
                item.name,
                f"{item.name} is a point of parity with {alternative}: stated as a difference it "
                "asserts a benefit the customer already gets from the alternative.",
            )
        ]
    if item.is_contention or item.classification.status == "contested":
        reason = (
            "it is a point of contention (the customer sees it otherwise)"
            if item.is_contention
            else "a customer contested it"
        )
        return [
            PropositionWarning(
                "contested element stated as agreed",
                item.name,
                f"{item.name} is stated as an agreed difference, but {reason}: resolve it with the "
                "customer's data first, or leave it out.",
            )
        ]
    found: list[PropositionWarning] = []
    if item.customer_data is None:
        found.append(
            PropositionWarning(
                "value presumption",
                item.name,
                f"{item.name} has no word equation, so no money value: stating it presumes a value "
                "the research has not shown.",
            )
        )
    elif item.customer_data == 0:
        found.append(
            PropositionWarning(
                "value presumption",
                item.name,
                f"{item.name} rests on no customer data (only {item.sources}): gather the customers' "
                "own figures before stating it.",
            )
        )
    if item.classification.status == "hypothesized":
        found.append(
            PropositionWarning(
                "value presumption",
                item.name,
                f"No customer has agreed to {item.name} yet (it is hypothesized): confirm it with the "
                "customers of the research.",
            )
        )
    return found


def focus_value(items: Sequence[Candidate], picks: Sequence[Pick]) -> float:
    """The mean value per customer of the stated points of difference and addressed elements together.

    Parity adds nothing over the alternative, so it adds nothing here; NaN when a stated difference has
    no value.
    """
    known = {c.name: c for c in items}
    total = 0.0
    for pick in picks:
        item = known.get(pick.element)
        if item is None or pick.role == "parity" or item.is_parity:
            continue
        total += item.mean
    return total
