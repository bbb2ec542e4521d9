"""A value calculator: what a salesperson asks one customer for, and what the model says it is worth.

Before the sale the salesperson has no research data for the customer in front of them; they have the
model of the customer's subsegment. The calculator turns that model into a short list of questions (the
drivers the subsegment's equations read, with units, what each means and where the customer can find
the number), prefills each with what the research found for the subsegment (flagged, so nobody mistakes
a default for the customer's own figure), and evaluates the customer's answers with the same compiled
equations the analysis uses, so a calculator never disagrees with the model it came from.

The prices are inputs too: the list prices of the offering and of the subsegment's alternative are the
defaults, and a price quoted per unit of a characteristic (per paper machine) asks for that number.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from worth.engine.equations import Equation
from worth.engine.model.choice import Choice, customer_choice
from worth.engine.model.compiled import CompiledModel, compile_model
from worth.engine.model.evaluation import MAX_RESULT, research_sample
from worth.engine.model.schema import (
    PERIOD_WORDS,
    Constant,
    Customer,
    Driver,
    Element,
    Price,
    Subsegment,
    ValueModel,
)
from worth.engine.model.validate import customer_subsegment, subsegment_rules

__all__ = [
    "ALTERNATIVE_PRICE",
    "OFFERING_PRICE",
    "Calculator",
    "CalculatorError",
    "CalculatorInput",
    "CalculatorResult",
    "CalculatorStep",
    "InputKind",
    "build_calculator",
]

InputKind = Literal["driver", "characteristic", "price"]
DefaultKind = Literal["research", "model-default", "list-price", "none"]

#: The names of the two price inputs (bracketed names in the model cannot clash: they hold no colon).
OFFERING_PRICE = "Price: offering"
ALTERNATIVE_PRICE = "Price: alternative"


class CalculatorError(ValueError):
    """An input the calculator cannot use, naming the input and the value as given."""


@dataclass(frozen=True)
class CalculatorInput:
    """One number the salesperson asks the customer for.

    ``default`` is what the calculator starts from; ``default_kind`` says where it comes from (the
    subsegment's research, the model's stated default, the list price, or nothing: the customer must
    say), and ``default_note`` says it in words. ``where_to_find`` is where the research customers took
    their number from (the methods recorded with their observations), or the driver's description.
    """

    name: str
    kind: InputKind
    unit: str
    description: str
    default: float | None
    default_kind: DefaultKind
    default_note: str
    where_to_find: str


@dataclass(frozen=True)
class CalculatorStep:
    """One equation of the calculator: a named intermediate quantity or a quantified element."""

    name: str
    target: str
    equation: Equation
    unit: str
    sign: float
    element: Element | None = None
    classification: str = ""
    status: str = ""

    @property
    def words(self) -> str:
        return self.equation.render_words()


@dataclass(frozen=True)
class CalculatorResult:
    """What the model says the customer's answers are worth (per period, in the model's currency).

    ``elements`` holds each quantified element's signed value (unfavourable ones negative), NaN where
    the answers leave it not computable (``missing`` lists the inputs still needed).
    """

    values: Mapping[str, float]
    quantities: Mapping[str, float]
    elements: Mapping[str, float]
    total: float
    offering_price: float
    alternative_price: float
    choice: Choice
    missing: tuple[str, ...]

    @property
    def delta_price(self) -> float:
        return self.offering_price - self.alternative_price


@dataclass(frozen=True)
class Calculator:
    """The calculator of one subsegment of a model version."""

    model: ValueModel
    compiled: CompiledModel
    subsegment: Subsegment
    inputs: tuple[CalculatorInput, ...]
    constants: tuple[Constant, ...]
    quantities: tuple[CalculatorStep, ...]
    elements: tuple[CalculatorStep, ...]
    parity: tuple[Element, ...]
    research_count: int

    @property
    def offering_price(self) -> Price:
        return self.model.offering.price

    @property
    def alternative_price(self) -> Price:
        return self.subsegment.alternative.price

    @property
    def period_word(self) -> str:
        return PERIOD_WORDS[self.model.period]

    def input(self, name: str) -> CalculatorInput:
        for item in self.inputs:
            if item.name == name:
                return item
        raise KeyError(f"the calculator has no input {name!r}")

    def defaults(self) -> dict[str, float]:
        """The inputs that have a default, at their default."""
        return {item.name: item.default for item in self.inputs if item.default is not None}

    def read(self, given: Mapping[str, object]) -> dict[str, float]:
        """The answers as numbers: every known input that was given a finite number.

        Raises
        ------
        CalculatorError
            Naming the input and the value as given, for an unknown input or a value that is not a
            finite number; nothing is evaluated then.
        """
        known = {item.name for item in self.inputs}
        values: dict[str, float] = {}
        for name, raw in given.items():
            if name not in known:
                raise CalculatorError(f"the calculator has no input [{name}]")
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            try:
                number = float(raw.replace(",", "").strip()) if isinstance(raw, str) else float(raw)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise CalculatorError(f"[{name}]: {str(raw)[:80]!r} is not a number") from None
            if not math.isfinite(number):
                raise CalculatorError(f"[{name}]: {str(raw)[:80]!r} is not a finite number")
            values[name] = number
        return values

    def evaluate(self, values: Mapping[str, float], *, who: str = "The customer") -> CalculatorResult:
        """Evaluate the answers with the model's own compiled equations.

        Inputs left out are not computable: the elements that rest on them are NaN, and so is the
        total, as in the analysis (a calculator never fills a gap silently; the defaults are offered,
        not assumed).
        """
        driver_names = [item.name for item in self.inputs if item.kind == "driver"]
        env = {name: values.get(name, math.nan) for name in driver_names}
        raw = self.compiled.evaluate(env)
        # As in the analysis: a value beyond MAX_RESULT or not finite (a division by zero) is no value.
        elements = {
            step.name: value if abs(value := float(raw[step.name])) <= MAX_RESULT else math.nan
            for step in self.elements
        }
        quantities: dict[str, float] = {}
        if self.quantities:
            with np.errstate(all="ignore"):
                found = self.compiled.system.evaluate(env, targets=[step.target for step in self.quantities])
            quantities = {step.target: float(found[step.target]) for step in self.quantities}
        total = math.fsum(elements.values()) if all(math.isfinite(v) for v in elements.values()) else math.nan
        offering = _price(self.offering_price, values, OFFERING_PRICE)
        alternative = _price(self.alternative_price, values, ALTERNATIVE_PRICE)
        choice = customer_choice(
            who=who,
            offering=self.model.offering.name,
            alternative=self.subsegment.alternative.name,
            delta_value=total,
            offering_price=offering,
            alternative_price=alternative,
            currency=self.model.currency,
            period=self.period_word,
        )
        missing = tuple(item.name for item in self.inputs if item.name not in values)
        return CalculatorResult(
            dict(values), quantities, elements, total, offering, alternative, choice, missing
        )


def _price(price: Price, values: Mapping[str, float], amount_input: str) -> float:
    amount = values.get(amount_input, math.nan)
    if price.per is None:
        return amount
    return amount * values.get(price.per, math.nan)


def build_calculator(model: ValueModel, subsegment: str) -> Calculator:
    """The calculator of ``subsegment``: its questions, their defaults and the equations.

    Raises
    ------
    KeyError
        When the model has no such subsegment (the message names the ones it has).
    """
    sub = model.subsegment(subsegment)
    compiled = compile_model(model)
    system = compiled.system
    sample, _ = research_sample(model)
    rules = subsegment_rules(model)
    research = [c for c in sample if customer_subsegment(model, c, rules) == sub.name]

    needed: set[str] = set()
    stack = list(compiled.targets.values())
    while stack:
        target = stack.pop()
        if target not in needed:
            needed.add(target)
            stack.extend(name for name in system.equations[target].variables if name in system.equations)
    element_targets = set(compiled.targets.values())
    quantity_steps = tuple(
        CalculatorStep(target, target, system.equations[target], system.unit_of(target), 1.0)
        for target in system.order
        if target in needed and target not in element_targets
    )
    by_name = {element.name: element for element in model.elements}
    element_steps = tuple(
        CalculatorStep(
            name,
            target,
            system.equations[target],
            system.unit_of(target),
            compiled.signs[name],
            by_name[name],
            by_name[name].classification[sub.name].as_ if sub.name in by_name[name].classification else "",
            by_name[name].classification[sub.name].status if sub.name in by_name[name].classification else "",
        )
        for name, target in compiled.targets.items()
    )
    parity = tuple(e for e in model.elements if e.equation is None)

    read = {
        name
        for equation in (s.equation for s in (*quantity_steps, *element_steps))
        for name in equation.variables
    }
    constants = tuple(c for c in model.constants if c.name in read)
    inputs: list[CalculatorInput] = [
        _driver_input(model.driver(driver), sub, research)
        for driver in (d.name for d in model.drivers)
        if driver in read
    ]
    for price, name, label in (
        (model.offering.price, OFFERING_PRICE, model.offering.name),
        (sub.alternative.price, ALTERNATIVE_PRICE, sub.alternative.name),
    ):
        basis = price.basis or (f"per {price.per}" if price.per else f"per {PERIOD_WORDS[model.period]}")
        inputs.append(
            CalculatorInput(
                name,
                "price",
                f"{model.currency}/{model.period}"
                if price.per is None
                else f"{model.currency}/{model.period} per {price.per}",
                f"The price of {label} to this customer, {basis}.",
                float(price.amount),
                "list-price",
                "list price; enter the price quoted to this customer",
                "the offer and the customer's current contract",
            )
        )
    per = {p.per for p in (model.offering.price, sub.alternative.price) if p.per is not None}
    for characteristic in model.characteristics:
        if characteristic.name in per:
            observed = [
                float(v)
                for c in research
                if isinstance(v := c.characteristics.get(characteristic.name), int | float)
            ]
            default = statistics.median(observed) if observed else None
            inputs.append(
                CalculatorInput(
                    characteristic.name,
                    "characteristic",
                    characteristic.unit,
                    characteristic.description or f"The customer's {characteristic.name.lower()}.",
                    default,
                    "research" if observed else "none",
                    f"median of {len(observed)} research customers of {sub.name}" if observed else "",
                    "the customer's own records",
                )
            )
    return Calculator(
        model, compiled, sub, tuple(inputs), constants, quantity_steps, element_steps, parity, len(research)
    )


def _driver_input(driver: Driver, sub: Subsegment, research: list[Customer]) -> CalculatorInput:
    observed = [c.observations[driver.name] for c in research if driver.name in c.observations]
    methods = Counter(o.method.strip() for o in observed if o.method.strip())
    if methods:
        where = "; ".join(
            f"{method} ({count} of {len(observed)})" if len(observed) > 1 else method
            for method, count in methods.most_common(3)
        )
    else:
        where = driver.description
    if observed:
        default: float | None = statistics.median(o.value for o in observed)
        kind: DefaultKind = "research"
        note = f"median of {len(observed)} research customers of {sub.name}"
    elif driver.default is not None:
        default = float(driver.default.value)
        kind = "model-default"
        note = f"the model's default ({driver.default.source}): {driver.default.assumption}"
    else:
        default, kind, note = None, "none", ""
    return CalculatorInput(driver.name, "driver", driver.unit, driver.description, default, kind, note, where)
