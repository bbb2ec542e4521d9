"""A word equation being written, checked against a model as the person types it.

The equation page of the web app (and, later, the element editor) sends what is in the box; this says
what is wrong at which character, what could come there, which known names were probably meant, what
unit the value comes out in (and which term is off when it is not money per period), and the equation
in words and with the values of one customer. It checks the draft on its own against the model's
drivers, constants and intermediate quantities, so a half-written element never blocks the others.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from worth.engine.equations import (
    EquationError,
    EquationSystem,
    EquationSystemError,
    Quantity,
    parse_equation,
)
from worth.engine.equations.render import Piece
from worth.engine.model.evaluation import gather_inputs
from worth.engine.model.schema import Customer, ValueModel

__all__ = ["MAX_DRAFT", "DraftCheck", "DraftProblem", "check_draft", "example_customers"]

#: Longer than any word equation a person writes; the model file's text limit.
MAX_DRAFT = 5000


@dataclass(frozen=True)
class DraftProblem:
    """One problem: the message, where (0-based character and line/column), what could come there."""

    message: str
    position: int | None = None
    line: int | None = None
    column: int | None = None
    expected: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class DraftCheck:
    """What the page shows for a draft: problems, or its unit, words and a customer's values.

    ``values`` is ``None`` when the chosen customer has no value for some input (``missing`` names
    them) or there is no customer with data.
    """

    text: str
    problems: tuple[DraftProblem, ...] = ()
    target: str | None = None
    unit: str | None = None
    inputs: tuple[tuple[str, str], ...] = ()
    words: tuple[Piece, ...] | None = None
    values: tuple[Piece, ...] | None = None
    customer: str | None = None
    missing: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def example_customers(model: ValueModel) -> list[Customer]:
    """The customers whose values an equation can be shown with: those with research data."""
    return [c for c in model.customers if c.observations]


def _problem(error: EquationError, text: str) -> DraftProblem:
    at_draft = error.text == text and error.position is not None
    return DraftProblem(
        message=error.message,
        position=error.position if at_draft else None,
        line=error.line if at_draft else None,
        column=error.column if at_draft else None,
        expected=error.expected,
        suggestions=error.suggestions,
    )


def _system(model: ValueModel, draft_target: str, draft: object) -> EquationSystem:
    quantities = [parse_equation(q.equation) for q in model.quantities]
    declared = {eq.target: q.unit for eq, q in zip(quantities, model.quantities, strict=True)}
    units = [Quantity(d.name, d.unit) for d in model.drivers] + [
        Quantity(c.name, c.unit) for c in model.constants
    ]
    return EquationSystem.build(
        [*quantities, draft],  # type: ignore[list-item]
        quantities=units,
        constants={c.name: c.value for c in model.constants},
        currency=model.currency,
        period=model.period,
        element_names=[draft_target],
        declared_units=declared,
    )


def check_draft(model: ValueModel, text: str, *, customer_id: str | None = None) -> DraftCheck:
    """Check ``text`` as a value element's equation of ``model``; show it with ``customer_id``'s values.

    Without ``customer_id`` (or with one that has no research data) the first customer with data is
    used. Never raises for anything a person can type.
    """
    if not text.strip():
        return DraftCheck(text, (DraftProblem("Write the value's name, then =, then how it is calculated."),))
    if len(text) > MAX_DRAFT:
        message = f"An equation has at most {MAX_DRAFT:,} characters; this one has {len(text):,}."
        return DraftCheck(text, (DraftProblem(message, position=MAX_DRAFT),))
    try:
        equation = parse_equation(text)
    except EquationError as error:
        return DraftCheck(text, (_problem(error, text),))
    target = equation.target
    try:
        system = _system(model, target, equation)
    except EquationSystemError as failure:
        mine = [e for e in failure.errors if e.target in (None, target)] or list(failure.errors)
        return DraftCheck(text, tuple(_problem(e, text) for e in mine), target=target)
    constants = set(system.constants)
    needed = sorted(system.inputs_of(target))
    inputs = tuple((name, system.unit_of(name)) for name in needed)
    check = DraftCheck(
        text, target=target, unit=system.unit_of(target), inputs=inputs, words=system.word_pieces(target)
    )
    sample = example_customers(model)
    customer = next((c for c in sample if c.id == customer_id), sample[0] if sample else None)
    if customer is None:
        return check
    table = gather_inputs(model, [customer])
    given = {n: float(table.values[n][0]) for n in needed if n not in constants and n in table.values}
    missing = tuple(n for n in needed if n not in constants and not np.isfinite(given.get(n, np.nan)))
    values = None if missing else system.value_pieces(target, given)
    return DraftCheck(
        text,
        target=target,
        unit=check.unit,
        inputs=inputs,
        words=check.words,
        values=values,
        customer=customer.name,
        missing=missing,
    )
