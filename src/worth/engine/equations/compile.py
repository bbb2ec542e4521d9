"""Compile an equation's tree once into nested numpy closures.

Each node becomes a small function of the environment (a mapping from names to floats or arrays); the
closures call numpy directly, so one call evaluates an equation for one customer or a million Monte
Carlo draws at the speed of the same expression written by hand in numpy. Conditions are vectorised
(``if`` is ``np.where``), ``min``/``max`` are elementwise, and division by zero gives ``inf``/``nan`` as
numpy does (evaluation runs under ``np.errstate(all="ignore")``), so one bad row never stops an array.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import EquationError
from .nodes import Binary, Call, Compare, Expr, Logical, Name, Not, Number, Unary, walk
from .parser import integer_literal

__all__ = ["Compiled", "as_float_array", "compile_expression", "round_half_away"]

Env = Mapping[str, Any]
Compiled = Callable[[Env], Any]

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
_NUDGE = 1.0 + 4.0 * float(np.finfo(np.float64).eps)


def round_half_away(x: Any, digits: int = 0) -> Any:
    """Round halves away from zero, as spreadsheet ``ROUND`` does (numpy's ``np.round`` rounds to even).

    A value within a few units in the last place of a half (``1.005`` stored as ``1.00499999...``) is
    treated as the half it was written as, so ``round(1.005, 2)`` is ``1.01`` as in a spreadsheet.

    Examples
    --------
    >>> float(round_half_away(2.5)), float(round_half_away(-2.5)), float(round_half_away(1.005, 2))
    (3.0, -3.0, 1.01)
    """
    scale = 10.0**digits
    magnitude = np.floor(np.abs(x) * scale * _NUDGE + 0.5) / scale
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


def _compile_call(node: Call) -> Compiled:
    parts = [compile_expression(arg) for arg in node.args]
    if node.function == "if":
        condition, when_true, when_false = parts
        return lambda env: np.where(condition(env), when_true(env), when_false(env))
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


def _compile_node(node: Expr) -> Compiled:
    if isinstance(node, Number):
        constant = np.float64(node.value)
        return lambda env: constant
    if isinstance(node, Name):
        key = node.name
        return lambda env: env[key]
    if isinstance(node, Unary):
        operand = compile_expression(node.operand)
        if node.op == "+":
            return operand
        return lambda env: -operand(env)
    if isinstance(node, Binary):
        return _compile_pair(_BINARY[node.op], node.left, node.right)
    if isinstance(node, Compare):
        return _compile_pair(_COMPARE[node.op], node.left, node.right)
    if isinstance(node, Logical):
        function = np.logical_and if node.op == "and" else np.logical_or
        return _compile_pair(function, node.left, node.right)
    if isinstance(node, Not):
        operand = compile_expression(node.operand)
        return lambda env: np.logical_not(operand(env))
    return _compile_call(node)


def _compile_pair(function: Callable[[Any, Any], Any], left_node: Expr, right_node: Expr) -> Compiled:
    # Reading names straight from the environment saves one closure call per leaf.
    if isinstance(left_node, Name) and isinstance(right_node, Name):
        left_key, right_key = left_node.name, right_node.name
        return lambda env: function(env[left_key], env[right_key])
    left, right = compile_expression(left_node), compile_expression(right_node)
    return lambda env: function(left(env), right(env))


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
    compiled = _compile_node(node)
    if not isinstance(node, Number) and not any(isinstance(part, Name) for part in walk(node)):
        with np.errstate(all="ignore"):
            constant = compiled({})
        return lambda env: constant
    return compiled
