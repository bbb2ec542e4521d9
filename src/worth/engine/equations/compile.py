"""Compile an equation's tree once into nested numpy closures.

Each node becomes a small function of the environment (a mapping from names to floats or arrays); the
closures call numpy directly, so one call evaluates an equation for one customer or a million Monte
Carlo draws at the speed of the same expression written by hand in numpy. Conditions are vectorised
(``if`` is ``np.where``), ``min``/``max`` are elementwise, and division by zero gives ``inf``/``nan`` as
numpy does (evaluation runs under ``np.errstate(all="ignore")``), so one bad row never stops an array.
A missing value (NaN) is never silently turned into a choice: where an ``if`` condition rests on a NaN,
the result is NaN; ``min``, ``max`` and arithmetic propagate NaN as numpy does.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import EquationError
from .nodes import Binary, Call, Compare, Expr, Logical, Name, Not, Number, Unary, children, walk
from .parser import ROUND_DIGITS, integer_literal

__all__ = ["Compiled", "as_float_array", "compile_expression", "round_half_away"]

Env = Mapping[str, Any]
Compiled = Callable[[Env], Any]
Condition = Callable[[Env], tuple[Any, Any]]

_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


def round_half_away(x: Any, digits: int = 0) -> Any:
    """Round halves away from zero, as spreadsheet ``ROUND`` does (numpy's ``np.round`` rounds to even).

    A value within a few units in the last place of a half (``1.005`` stored as ``1.00499999...``) is
    treated as the half it was written as, so ``round(1.005, 2)`` is ``1.01`` as in a spreadsheet.

    Examples
    --------
    ``digits`` must be between -15 and 15 (the parser refuses others in equations). A value too large
    to have any digit at that place (``1e300`` to 2 decimals) is returned as it is, never turned into
    ``inf``.

    >>> float(round_half_away(2.5)), float(round_half_away(-2.5)), float(round_half_away(1.005, 2))
    (3.0, -3.0, 1.01)
    >>> float(round_half_away(1e300, 15)), float(round_half_away(123456.0, -15))
    (1e+300, 0.0)
    """
    if not -ROUND_DIGITS <= digits <= ROUND_DIGITS:
        raise EquationError(f"round(x, {digits}): digits must be between -{ROUND_DIGITS} and {ROUND_DIGITS}")
    scale = 10.0**digits
    size = np.abs(x)
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = size * scale
        whole = np.floor(scaled)
        # A half written in decimal (1.005) may be stored a few units in the last place below it; the
        # tolerance is those few units, never more than a quarter (so whole numbers stay whole).
        half = np.abs(scaled - whole - 0.5) <= np.minimum(4.0 * np.spacing(scaled), 0.25)
        rounded = np.where(half, whole + 1.0, np.floor(scaled + 0.5)) / scale
        # Beyond 2**52 a float has no fraction left at this scale: the value is already round.
        magnitude = np.where(scaled < 2.0**52, rounded, size)
    return np.copysign(magnitude, x)


def as_float_array(name: str, value: object) -> npt.NDArray[np.float64]:
    """An input as a float64 array (0-d for a single number), or an error naming the input."""
    if isinstance(value, str | bytes) or value is None:
        raise EquationError(f"the value of [{name}] must be a number or an array of numbers, not {value!r}")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise EquationError(
            f"the value of [{name}] must be a number or an array of numbers, not {value!r:.80}"
        ) from error
    return array


def _reduce(function: Callable[[Any, Any], Any], parts: list[Compiled]) -> Compiled:
    if len(parts) == 2:
        first, second = parts
        return lambda env: function(first(env), second(env))
    return lambda env: functools.reduce(function, (part(env) for part in parts))


def _has_nan(value: Any) -> bool:
    # One summing pass finds a NaN anywhere (an inf - inf sum is a harmless false alarm).
    return bool(np.isnan(np.sum(value)))


def _either(first: Any, second: Any) -> Any:
    if first is None:
        return second
    if second is None:
        return first
    return np.logical_or(first, second)


class _Compiler:
    """Compiles one tree; knows which parts hold no names so they are computed once, at compile time."""

    def __init__(self, root: Expr) -> None:
        self.constant: set[int] = set()
        has_name: dict[int, bool] = {}
        for node in reversed(walk(root)):  # children before parents
            named = isinstance(node, Name) or any(has_name[id(child)] for child in children(node))
            has_name[id(node)] = named
            if not named:
                self.constant.add(id(node))

    def expr(self, node: Expr) -> Compiled:
        compiled = self.node(node)
        if id(node) in self.constant and not isinstance(node, Number):
            with np.errstate(all="ignore"):
                value = compiled({})
            return lambda env: value
        return compiled

    def node(self, node: Expr) -> Compiled:
        if isinstance(node, Number):
            constant = np.float64(node.value)
            return lambda env: constant
        if isinstance(node, Name):
            key = node.name
            return lambda env: env[key]
        if isinstance(node, Unary):
            operand = self.expr(node.operand)
            if node.op == "+":
                return operand
            return lambda env: -operand(env)
        if isinstance(node, Binary):
            return self.pair(_BINARY[node.op], node.left, node.right)
        if isinstance(node, Call):
            return self.call(node)
        # A bare condition (only reachable through if) evaluates to its truth values.
        condition = self.condition(node)
        return lambda env: condition(env)[0]

    def pair(self, function: Callable[[Any, Any], Any], left_node: Expr, right_node: Expr) -> Compiled:
        # Reading names straight from the environment saves one closure call per leaf.
        if isinstance(left_node, Name) and isinstance(right_node, Name):
            left_key, right_key = left_node.name, right_node.name
            return lambda env: function(env[left_key], env[right_key])
        left, right = self.expr(left_node), self.expr(right_node)
        return lambda env: function(left(env), right(env))

    def call(self, node: Call) -> Compiled:
        if node.function == "if":
            return self.choice(node)
        parts = [self.expr(arg) for arg in node.args]
        if node.function == "min":
            return _reduce(np.minimum, parts)
        if node.function == "max":
            return _reduce(np.maximum, parts)
        if node.function == "abs":
            (value,) = parts
            return lambda env: np.abs(value(env))
        # round: the digits are a whole-number literal, checked when parsing
        value = parts[0]
        digits = integer_literal(node.args[1]) if len(node.args) == 2 else 0
        places = 0 if digits is None else digits
        return lambda env: round_half_away(value(env), places)

    def choice(self, node: Call) -> Compiled:
        """``np.where``; where the condition rests on a missing (NaN) input the result is NaN."""
        condition = self.condition(node.args[0])
        when_true, when_false = self.expr(node.args[1]), self.expr(node.args[2])

        def choose(env: Env) -> Any:
            truth, unknown = condition(env)
            result: Any = np.where(truth, when_true(env), when_false(env))
            if unknown is not None:
                result = np.where(unknown, np.nan, result)
            return result

        return choose

    def condition(self, node: Expr) -> Condition:
        """A condition as (truth, unknown): ``unknown`` marks rows where an input was NaN, or is ``None``."""
        if isinstance(node, Compare):
            left, right = self.expr(node.left), self.expr(node.right)
            function = _COMPARE[node.op]

            def compare(env: Env) -> tuple[Any, Any]:
                left_value, right_value = left(env), right(env)
                unknown = None
                if _has_nan(left_value) or _has_nan(right_value):
                    unknown = np.logical_or(np.isnan(left_value), np.isnan(right_value))
                return function(left_value, right_value), unknown

            return compare
        if isinstance(node, Logical):
            first, second = self.condition(node.left), self.condition(node.right)
            combine = np.logical_and if node.op == "and" else np.logical_or

            def logical(env: Env) -> tuple[Any, Any]:
                (first_truth, first_unknown), (second_truth, second_unknown) = first(env), second(env)
                return combine(first_truth, second_truth), _either(first_unknown, second_unknown)

            return logical
        assert isinstance(node, Not)
        inner = self.condition(node.operand)

        def negation(env: Env) -> tuple[Any, Any]:
            truth, unknown = inner(env)
            return np.logical_not(truth), unknown

        return negation


def compile_expression(node: Expr) -> Compiled:
    """Compile ``node`` into a function of the environment; parts without names are computed once.

    Parameters
    ----------
    node
        A parsed expression (see :mod:`worth.engine.equations.nodes`).

    Returns
    -------
    Callable
        ``f(env)`` returning a numpy scalar or array, broadcasting the arrays found in ``env``.
    """
    return _Compiler(node).expr(node)
