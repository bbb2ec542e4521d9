"""Dimensional check of an equation: infer its unit from the units of its names, naming the term that is off.

Rules (see docs/equations.md):

- ``+``, ``-``, comparisons, ``min``, ``max`` and the two branches of ``if`` need the same unit on each side,
  not just the same kind: ``h/month + h/yr`` is refused because evaluation never converts.
- ``x`` and ``/`` multiply and divide units; ``round`` and ``abs`` keep them.
- A plain number takes the unit of what it is added to or compared with (``[Hours] - 5``,
  ``max(0, [Savings])``) and is a pure number in products (``2 x [Hours]``). A currency amount such as
  ``$500`` is that currency; added to a per-period amount in the same currency it is read per period.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pint

from .errors import EquationError
from .nodes import Binary, Call, Compare, Expr, Logical, Name, Not, Number, Unary
from .render import render_expression_words
from .units import conversion_factor, dimensionless, format_unit, registry

__all__ = ["Dim", "UnitProblemError", "blame", "infer_unit", "unify"]


@dataclass(frozen=True)
class Dim:
    """The unit found for part of an equation.

    ``unit`` is ``None`` when it cannot be known (a name with an unreadable unit, or a condition);
    ``literal`` marks a plain number (or currency amount) written in the equation, which adapts to the
    unit of what it is added to.
    """

    unit: pint.Unit | None
    literal: bool = False


class UnitProblemError(Exception):
    """Raised inside the inference; turned into an :class:`EquationError` pointing at ``node``."""

    def __init__(self, message: str, node: Expr) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


def describe(node: Expr, dim: Dim | None = None) -> str:
    """A term as a person recognises it, with its unit: ``[Speed] (m/min)``."""
    words = render_expression_words(node)
    if len(words) > 70:
        words = words[:67] + "..."
    if dim is None or dim.unit is None:
        return words
    if dim.literal and isinstance(node, Number) and node.currency is None:
        return f"{words} (a plain number)"
    return f"{words} ({format_unit(dim.unit)})"


def _currency_of(unit: pint.Unit) -> str | None:
    names = [name for name, power in unit._units.items() if len(name) == 3 and name.isupper() and power == 1]
    return names[0] if len(names) == 1 else None


def unify(left: Dim, right: Dim, left_node: Expr, right_node: Expr, verb: str) -> Dim:
    """The common unit of two sides of ``+``, ``-``, a comparison or a choice, or a :class:`UnitProblemError`.

    ``verb`` is a template with ``{left}`` and ``{right}``, e.g. ``"cannot subtract {right} from {left}"``.
    """
    if left.unit is None or right.unit is None:
        return Dim(None)
    if left.literal and not right.literal and _adapts(left, right):
        return right
    if right.literal and not left.literal and _adapts(right, left):
        return left
    factor = conversion_factor(left.unit, right.unit)
    if factor == 1.0:
        return Dim(left.unit, left.literal and right.literal)
    message = verb.format(left=describe(left_node, left), right=describe(right_node, right))
    if factor is not None:
        message += (
            f": both measure the same kind of thing but 1 {format_unit(left.unit)} is {factor:.6g} "
            f"{format_unit(right.unit)}; convert one of them first"
        )
    raise UnitProblemError(message, right_node if not right.literal else left_node)


def _adapts(literal: Dim, other: Dim) -> bool:
    assert literal.unit is not None
    assert other.unit is not None
    if conversion_factor(literal.unit, dimensionless()) == 1.0:
        return True
    currency = _currency_of(literal.unit)
    return (
        currency is not None
        and literal.unit == registry().parse_units(currency)
        and (_currency_of(other.unit) == currency)
    )


NameUnits = Callable[[str], Dim]


def _infer_binary(node: Binary, unit_of: NameUnits) -> Dim:
    left = infer_unit(node.left, unit_of)
    right = infer_unit(node.right, unit_of)
    if node.op == "+":
        return unify(left, right, node.left, node.right, "cannot add {right} to {left}")
    if node.op == "-":
        return unify(left, right, node.left, node.right, "cannot subtract {right} from {left}")
    if left.unit is None or right.unit is None:
        return Dim(None)
    unit = left.unit * right.unit if node.op == "*" else left.unit / right.unit
    return Dim(unit, left.literal and right.literal)


def _infer_call(node: Call, unit_of: NameUnits) -> Dim:
    if node.function == "if":
        infer_unit(node.args[0], unit_of)
        when_true = infer_unit(node.args[1], unit_of)
        when_false = infer_unit(node.args[2], unit_of)
        return unify(
            when_true,
            when_false,
            node.args[1],
            node.args[2],
            "if(...) gives {left} when true but {right} when false; both must have the same unit",
        )
    if node.function in ("min", "max"):
        dims = [infer_unit(arg, unit_of) for arg in node.args]
        common, common_node = dims[0], node.args[0]
        for dim, arg in zip(dims[1:], node.args[1:], strict=True):
            common = unify(
                common,
                dim,
                common_node,
                arg,
                node.function + "(...) compares {left} with {right}; its values must have the same unit",
            )
            if not dim.literal:
                common_node = arg
        return common
    return infer_unit(node.args[0], unit_of)


def infer_unit(node: Expr, unit_of: NameUnits) -> Dim:
    """The unit of ``node``; raises :class:`UnitProblemError` at the first term that does not fit.

    Parameters
    ----------
    node
        A parsed expression.
    unit_of
        The unit of a name (a driver's declared unit, or an earlier equation's inferred one).
    """
    if isinstance(node, Number):
        if node.currency is not None:
            return Dim(registry().parse_units(node.currency), literal=True)
        return Dim(dimensionless(), literal=True)
    if isinstance(node, Name):
        return unit_of(node.name)
    if isinstance(node, Unary):
        return infer_unit(node.operand, unit_of)
    if isinstance(node, Binary):
        return _infer_binary(node, unit_of)
    if isinstance(node, Compare):
        left = infer_unit(node.left, unit_of)
        right = infer_unit(node.right, unit_of)
        unify(left, right, node.left, node.right, "cannot compare {left} with {right}")
        return Dim(None)
    if isinstance(node, Logical):
        infer_unit(node.left, unit_of)
        infer_unit(node.right, unit_of)
        return Dim(None)
    if isinstance(node, Not):
        infer_unit(node.operand, unit_of)
        return Dim(None)
    return _infer_call(node, unit_of)


def _factors(node: Expr, sign: int, found: list[tuple[Expr, int]]) -> None:
    if isinstance(node, Binary) and node.op in "*/":
        _factors(node.left, sign, found)
        _factors(node.right, sign if node.op == "*" else -sign, found)
    else:
        found.append((node, sign))


def _main_term(node: Expr, unit_of: NameUnits) -> Expr:
    """Walk down sums and choices to the part whose unit decides the result."""
    while True:
        if isinstance(node, Unary):
            node = node.operand
        elif isinstance(node, Binary) and node.op in "+-":
            node = node.right if infer_unit(node.left, unit_of).literal else node.left
        elif isinstance(node, Call) and node.function in ("round", "abs"):
            node = node.args[0]
        elif isinstance(node, Call):
            options = node.args[1:] if node.function == "if" else node.args
            node = next((arg for arg in options if not infer_unit(arg, unit_of).literal), options[0])
        else:
            return node


def _measured(unit: pint.Unit) -> set[str]:
    """What a unit measures above the line, with every currency counted as the same kind."""
    above = [name for name, power in unit._units.items() if float(power) > 0]  # type: ignore[arg-type]
    return {"currency" if _currency_of_name(name) else name for name in above}


def _currency_of_name(name: str) -> bool:
    return len(name) == 3 and name.isupper()


def blame(expr: Expr, unit_of: NameUnits, result: pint.Unit, wanted: pint.Unit) -> tuple[str, Expr]:
    """Which terms to check when the result has the wrong unit, and what unit each would need.

    Returns the advice (``[C] (USD; USD/h would fit)``) and the node to point at.
    """
    term = _main_term(expr, unit_of)
    factors: list[tuple[Expr, int]] = []
    _factors(term, 1, factors)
    advice: list[tuple[tuple[int, int, int], str, Expr]] = []
    for node, sign in factors:
        dim = infer_unit(node, unit_of)
        if dim.unit is None or dim.literal:
            continue
        fitting = dim.unit * wanted / result if sign > 0 else dim.unit * result / wanted
        # Likeliest fix first: one that keeps what the term measures (its units above the line,
        # currencies counting as one kind), then the fitting unit with the fewest parts, names first.
        own, kept = _measured(dim.unit), _measured(fitting)
        rank = (1 if own and not own & kept else 0, len(fitting._units), 0 if isinstance(node, Name) else 1)
        advice.append((rank, f"{describe(node, dim)[:-1]}; {format_unit(fitting)} would fit)", node))
    if not advice:
        return describe(term), term
    advice.sort(key=lambda item: item[0])
    words = " or ".join(text for _, text, _ in advice[:3])
    return words, advice[0][2]


def check_result(
    expr: Expr, dim: Dim, wanted: pint.Unit, unit_of: NameUnits, *, text: str, target: str
) -> EquationError | None:
    """An error when an element's unit is not ``wanted`` (e.g. USD/yr), naming the term to check."""
    if dim.unit is None:
        return None
    if dim.literal and _adapts(dim, Dim(wanted)) and _currency_of(dim.unit) is not None:
        return None
    factor = conversion_factor(dim.unit, wanted)
    if factor == 1.0:
        return None
    shown, wanted_shown = format_unit(dim.unit), format_unit(wanted)
    if factor is not None:
        message = (
            f"result is {shown} but an element must be {wanted_shown}: 1 {shown} is {factor:.6g} "
            f"{wanted_shown}, so convert the period or rate inside the equation"
        )
        return EquationError(message, text=text, position=expr.span[0], target=target)
    words, node = blame(expr, unit_of, dim.unit, wanted)
    message = f"result is {shown} but an element must be {wanted_shown}: check {words}"
    return EquationError(message, text=text, position=node.span[0], target=target)


def unit_problem_error(problem: UnitProblemError, *, text: str, target: str) -> EquationError:
    """A :class:`UnitProblemError` as an error pointing at the term."""
    return EquationError(problem.message, text=text, position=problem.node.span[0], target=target)


def dims_from_units(units: Mapping[str, pint.Unit | None]) -> NameUnits:
    """A ``unit_of`` callback over a mapping (unknown or unreadable names give an unknown unit)."""
    return lambda name: Dim(units.get(name))
