"""Value realized: what the customer's measured results say each element delivered, against the promise.

A value documenter (seed 004's value creation plan) measures, after the sale, the numbers the promise
rested on. Worth does not ask anyone to turn a measure into money by hand: the documented value of an
element is its own word equation evaluated with the estimate's inputs, where each input the customer
has measured since is replaced by the latest measured figure. So the documented value is traceable to
the same equation as the promise, and "% achieved" compares like with like.

An element none of whose inputs has been measured yet has no documented value (NaN): it is "not yet
measured", never shown as achieved at its promise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from worth.engine.model.calculator import Calculator
from worth.engine.model.io import parse_model
from worth.engine.model.schema import SOURCE_KINDS, ValueModel

__all__ = [
    "Achievement",
    "ConfirmedResult",
    "DriverFeedback",
    "ElementRealization",
    "Reading",
    "achievement",
    "documented_values",
    "driver_feedback",
    "latest_readings",
    "realization_trend",
    "with_confirmed_results",
]

Achievement = Literal["not measured", "below the minimum", "below the promise", "achieved"]


@dataclass(frozen=True)
class Reading:
    """One measured result: an input of the model, the day it was measured up to, and its value."""

    driver: str
    taken: date
    value: float


@dataclass(frozen=True)
class ElementRealization:
    """One element: promised, documented (with the measured inputs), and the share achieved."""

    element: str
    promised: float
    documented: float
    measured: tuple[str, ...]

    @property
    def share(self) -> float:
        """documented / promised; NaN when not measured or nothing was promised."""
        if math.isnan(self.documented) or not self.promised:
            return math.nan
        return self.documented / self.promised


def latest_readings(readings: Sequence[Reading], *, until: date | None = None) -> dict[str, float]:
    """The latest value of each input measured up to ``until`` (every reading when ``None``)."""
    latest: dict[str, tuple[date, float]] = {}
    for reading in readings:
        if until is not None and reading.taken > until:
            continue
        known = latest.get(reading.driver)
        if known is None or reading.taken >= known[0]:
            latest[reading.driver] = (reading.taken, reading.value)
    return {driver: value for driver, (_, value) in latest.items()}


def documented_values(
    calculator: Calculator, promised_inputs: Mapping[str, float], actuals: Mapping[str, float]
) -> dict[str, ElementRealization]:
    """Each quantified element promised (estimate inputs) and documented (measured inputs in their place).

    Examples
    --------
    >>> from worth.engine.model.io import load_model
    >>> from worth.engine.model.calculator import build_calculator
    >>> calc = build_calculator(load_model("examples/bearings-pulp-paper.yaml"), "Large integrated mills")
    >>> found = documented_values(calc, calc.defaults(), {"Unplanned downtime hours per year, offering": 16})
    >>> round(found["Unplanned downtime"].promised), round(found["Unplanned downtime"].documented)
    (188600, 147600)
    >>> round(found["Unplanned downtime"].share, 3), found["Energy"].documented
    (0.783, nan)
    """
    promised = calculator.evaluate(promised_inputs)
    documented = calculator.evaluate({**promised_inputs, **actuals})
    out: dict[str, ElementRealization] = {}
    for step in calculator.elements:
        reads = calculator.compiled.drivers[step.name]
        measured = tuple(name for name in reads if name in actuals)
        value = documented.elements[step.name] if measured else math.nan
        out[step.name] = ElementRealization(step.name, promised.elements[step.name], value, measured)
    return out


def achievement(realized: ElementRealization, minimum: float | None = None) -> Achievement:
    """Where an element stands: not measured, below the customer's minimum, below the promise, achieved.

    Unfavourable elements are negative both promised and documented; "achieved" means no worse than
    promised in the customer's favour (documented >= promised, signed).
    """
    if math.isnan(realized.documented):
        return "not measured"
    if minimum is not None and realized.documented < minimum:
        return "below the minimum"
    if realized.documented + 1e-9 * max(1.0, abs(realized.promised)) < realized.promised:
        return "below the promise"
    return "achieved"


def realization_trend(
    calculator: Calculator, promised_inputs: Mapping[str, float], readings: Sequence[Reading]
) -> list[tuple[date, float]]:
    """The documented total at each measurement date (the elements measured by then; promise elsewhere).

    Elements not yet measured count at zero, so the trend shows value documented so far, never value
    merely promised.
    """
    points: list[tuple[date, float]] = []
    for day in sorted({r.taken for r in readings}):
        found = documented_values(calculator, promised_inputs, latest_readings(readings, until=day))
        points.append((day, math.fsum(v.documented for v in found.values() if not math.isnan(v.documented))))
    return points


@dataclass(frozen=True)
class DriverFeedback:
    """What measured results say about one input of the model, across documenters.

    ``ratios`` are actual / promised per documenter (the latest result against the estimate's figure);
    ``bias`` is their mean less one (+12% when results run 12% above what was promised), ``spread``
    their sample standard deviation (NaN for fewer than two).
    """

    driver: str
    ratios: tuple[float, ...]
    confirmed: int

    @property
    def count(self) -> int:
        return len(self.ratios)

    @property
    def bias(self) -> float:
        return math.fsum(self.ratios) / len(self.ratios) - 1.0 if self.ratios else math.nan

    @property
    def spread(self) -> float:
        if len(self.ratios) < 2:
            return math.nan
        mean = math.fsum(self.ratios) / len(self.ratios)
        return math.sqrt(math.fsum((r - mean) ** 2 for r in self.ratios) / (len(self.ratios) - 1))


def driver_feedback(pairs: Sequence[tuple[str, float, float, bool]]) -> list[DriverFeedback]:
    """Per input, from (driver, promised, actual, confirmed by the customer) of each documenter.

    A promised figure of zero gives no ratio (it is left out). Sorted by the size of the bias, the
    inputs the model most over- or under-states first.

    Examples
    --------
    >>> found = driver_feedback([("Hours", 10, 12, True), ("Hours", 20, 22, False), ("Price", 5, 5, True)])
    >>> [(f.driver, f.count, round(f.bias, 3), round(f.spread, 4), f.confirmed) for f in found]
    [('Hours', 2, 0.15, 0.0707, 1), ('Price', 1, 0.0, nan, 1)]
    """
    ratios: dict[str, list[float]] = {}
    confirmed: dict[str, int] = {}
    for driver, promised, actual, customer_confirmed in pairs:
        if not promised or not math.isfinite(promised) or not math.isfinite(actual):
            continue
        ratios.setdefault(driver, []).append(actual / promised)
        confirmed[driver] = confirmed.get(driver, 0) + int(customer_confirmed)
    found = [DriverFeedback(d, tuple(r), confirmed[d]) for d, r in ratios.items()]
    return sorted(found, key=lambda f: (-abs(f.bias), f.driver))


@dataclass(frozen=True)
class ConfirmedResult:
    """A result the customer confirmed: an input, its value, the day it was measured up to, and how."""

    driver: str
    value: float
    taken: date
    method: str
    confirmed_by: str


def with_confirmed_results(
    model: ValueModel,
    *,
    customer: str,
    customer_id: str,
    subsegment: str,
    estimate: Mapping[str, tuple[float, str]],
    confirmed: Sequence[ConfirmedResult],
) -> ValueModel:
    """The model with the customer's confirmed results as measured observations (for a new version).

    A customer the research already holds (by name) keeps its record: each confirmed input becomes a
    measured observation in place of the one it had. A customer new to the research is added to the
    subsegment with the estimate's figures (``estimate``: input -> (value, source)) and the confirmed
    results over them: its characteristics as the estimate had them (the promised value rests on
    them), and as observations only the figures of a research source kind, since the calculator's
    defaults (source ``default``) were never the customer's.

    Raises
    ------
    ModelError
        When the result is not a valid model (an input the model no longer has, for instance).
    """
    data = model.to_data()
    drivers = {d.name for d in model.drivers}
    observed = {
        r.driver: {
            "value": r.value,
            "source": "measured",
            "method": r.method or "Measured after the change",
            "date": r.taken.isoformat(),
            "reliability": f"Confirmed by the customer ({r.confirmed_by})",
        }
        for r in confirmed
        if r.driver in drivers
    }
    customers: list[dict[str, Any]] = data.setdefault("customers", [])
    found = next((c for c in customers if c["name"] == customer), None)
    if found is None:
        given = {
            name: {"value": value, "source": source}
            for name, (value, source) in estimate.items()
            if name in drivers and source in SOURCE_KINDS
        }
        characteristics = {
            c.name: estimate[c.name][0]
            for c in model.characteristics
            if c.name in estimate and c.kind == "numeric"
        }
        ids = {c["id"] for c in customers}
        new_id, n = customer_id, 2
        while new_id in ids:
            new_id, n = f"{customer_id}-{n}", n + 1
        found = {"id": new_id, "name": customer, "subsegment": subsegment, "characteristics": characteristics}
        found["observations"] = given
        customers.append(found)
    found.setdefault("observations", {}).update(observed)
    return parse_model(data)
