"""A documenter's figures as its pages show them: each element promised against documented, and why.

The documented value comes from the engine (:mod:`worth.engine.model.realization`): the element's own
equation with the measured inputs in place of the estimate's. Each element also shows whether the
customer has confirmed the figures it rests on (green money) or contested one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from worth.apps.realization.models import DocumentedElement, Documenter, Measurement, Verdict
from worth.apps.realization.services import RealizationError, calculator_of
from worth.engine.model.realization import (
    Achievement,
    DriverFeedback,
    ElementRealization,
    Reading,
    achievement,
    documented_values,
    driver_feedback,
    latest_readings,
    realization_trend,
)

__all__ = [
    "DocumenterFigures",
    "ElementFigures",
    "ProjectRealization",
    "documenter_figures",
    "model_feedback",
    "project_realization",
]


@dataclass(frozen=True)
class ElementFigures:
    plan: DocumentedElement
    realized: ElementRealization
    standing: Achievement
    customer: str
    """"confirmed" (every latest figure it rests on approved), "contested", "pending" or "" (none yet)."""
    figures: tuple[Measurement, ...]


@dataclass(frozen=True)
class DocumenterFigures:
    documenter: Documenter
    elements: tuple[ElementFigures, ...]
    promised: float
    documented: float
    confirmed: float
    trend: tuple[tuple[date, float], ...]
    currency: str
    period: str

    @property
    def share(self) -> float:
        """Documented over promised, over the elements measured so far (NaN before any result)."""
        measured = [e for e in self.elements if e.standing != "not measured"]
        promised = math.fsum(e.realized.promised for e in measured)
        return self.documented / promised if measured and promised else math.nan

    @property
    def confirmed_share(self) -> float:
        return self.confirmed / self.promised if self.promised else math.nan


def documenter_figures(documenter: Documenter) -> DocumenterFigures:
    estimate = documenter.estimate
    calculator = calculator_of(estimate.version, estimate.subsegment)
    measurements = list(documenter.measurements.all())
    readings = [Reading(m.driver, m.taken, m.value) for m in measurements]
    actuals = latest_readings(readings)
    realized = documented_values(calculator, estimate.input_values(), actuals)
    latest: dict[str, Measurement] = {}
    for m in measurements:
        if m.driver not in latest or m.taken >= latest[m.driver].taken:
            latest[m.driver] = m
    rows: list[ElementFigures] = []
    for plan in documenter.plan.all():
        found = realized.get(plan.element)
        if found is None:
            continue
        resting = [latest[name] for name in found.measured if name in latest]
        verdicts = {m.verdict for m in resting}
        customer = (
            ""
            if not resting
            else "contested"
            if Verdict.CONTESTED in verdicts
            else "confirmed"
            if verdicts == {Verdict.CONFIRMED}
            else "pending"
        )
        minimum = float(plan.minimum) if plan.minimum is not None else None
        figures = tuple(m for m in measurements if m.driver in calculator.compiled.drivers[plan.element])
        rows.append(ElementFigures(plan, found, achievement(found, minimum), customer, figures))
    documented = math.fsum(r.realized.documented for r in rows if r.standing != "not measured")
    confirmed = math.fsum(r.realized.documented for r in rows if r.customer == "confirmed")
    return DocumenterFigures(
        documenter,
        tuple(rows),
        math.fsum(r.realized.promised for r in rows),
        documented,
        confirmed,
        tuple(realization_trend(calculator, estimate.input_values(), readings)),
        estimate.currency,
        estimate.period,
    )


@dataclass(frozen=True)
class ProjectRealization:
    """The value a project's documenters document for customers, per period, and how much is confirmed."""

    documenters: int
    documented: float
    confirmed: float
    currency: str
    period: str


def project_realization(documenters: Iterable[Documenter]) -> dict[int, ProjectRealization]:
    """By project id, over the documenters given (what the person may see), in one currency each.

    A project whose documenters are in several currencies shows the first one's only; Worth does
    not convert currencies.
    """
    out: dict[int, ProjectRealization] = {}
    for documenter in documenters:
        try:
            figures = documenter_figures(documenter)
        except RealizationError:
            continue
        known = out.get(documenter.project_id)
        if known is not None and known.currency != figures.currency:
            continue
        base = known or ProjectRealization(0, 0.0, 0.0, figures.currency, figures.period)
        out[documenter.project_id] = ProjectRealization(
            base.documenters + 1,
            base.documented + figures.documented,
            base.confirmed + figures.confirmed,
            base.currency,
            base.period,
        )
    return out


def model_feedback(documenters: Iterable[Documenter]) -> list[DriverFeedback]:
    """Promised against measured, per model input, over the documenters given (the latest result each)."""
    pairs: list[tuple[str, float, float, bool]] = []
    for documenter in documenters:
        promised = documenter.estimate.input_values()
        latest: dict[str, Measurement] = {}
        for m in documenter.measurements.all():
            if m.driver not in latest or m.taken >= latest[m.driver].taken:
                latest[m.driver] = m
        for driver, m in latest.items():
            if driver in promised:
                pairs.append((driver, promised[driver], m.value, m.verdict == Verdict.CONFIRMED))
    return driver_feedback(pairs)
