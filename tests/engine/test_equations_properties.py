"""Properties that must hold for any input (hypothesis).

- Arbitrary text only ever raises ``EquationError`` (never a parser, numpy or Python error).
- Generated equations round-trip: ``parse(render_words(parse(t)))`` has the same tree and value.
- Evaluation agrees with an independent interpreter written here with plain Python floats.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from worth.engine.equations import (
    EquationError,
    EquationSystem,
    EquationSystemError,
    Quantity,
    parse_equation,
)
from worth.engine.equations.nodes import Binary, Call, Compare, Expr, Logical, Name, Not, Number, Unary, walk

NAMES = ["Downtime hours, alternative", "Margin per hour", "a", "Rate (USD/h) x 2", "énergie", "<b>"]
GRAMMAR_CHARS = "[]()+-−x×*/÷=,.%$€<>!abcMINmax 0123456789\n_if"

fast = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(st.text(max_size=80))
def test_arbitrary_text_only_raises_equation_error(text: str):
    caught: EquationError | None = None
    try:
        parse_equation(text)
    except EquationError as error:
        caught = error
    if caught is not None:
        assert caught.position is None or 0 <= caught.position <= len(text)
        assert str(caught)


@fast
@given(st.text(alphabet=GRAMMAR_CHARS, max_size=60))
def test_grammar_like_text_only_raises_equation_error(text: str):
    for candidate in (text, "R = " + text, "R = [a] " + text):
        try:
            equation = parse_equation(candidate)
        except EquationError:
            continue
        equation.render_words()
        with np.errstate(all="ignore"):
            equation.evaluate(dict.fromkeys(equation.variables, 1.5))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=GRAMMAR_CHARS, max_size=30), max_size=4), st.text(max_size=12))
def test_arbitrary_systems_only_raise_their_own_errors(texts: list[str], unit: str):
    equations = []
    for index, text in enumerate(texts):
        try:
            equations.append(parse_equation(f"E{index} = {text}"))
        except EquationError:
            continue
    problems: list[EquationError] = []
    try:
        EquationSystem.build(equations, quantities=[Quantity("a", unit), Quantity("b", "h/yr")])
    except EquationSystemError as error:
        problems = error.errors
    assert all(isinstance(problem, EquationError) for problem in problems)


# ------------------------------------------------------------------ generated trees

numbers = st.one_of(
    st.integers(0, 10**9).map(float),
    st.floats(0, 1e9, allow_nan=False, allow_infinity=False, allow_subnormal=False),
)
literals = st.one_of(
    numbers.map(Number),
    numbers.map(lambda v: Number(v, percent=True)),
    st.tuples(numbers, st.sampled_from([("$", "USD"), ("€", "EUR"), ("£", "GBP")])).map(
        lambda item: Number(item[0], currency=item[1][1], symbol=item[1][0])
    ),
)
leaves = st.one_of(literals, st.sampled_from(NAMES).map(Name))


def _digits(d: int) -> Expr:
    return Number(float(d)) if d >= 0 else Unary("-", Number(float(-d)))


def _extend(inner: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    compare = st.builds(Compare, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), inner, inner)
    condition = st.one_of(
        compare,
        st.builds(Logical, st.sampled_from(["and", "or"]), compare, compare),
        st.builds(Not, compare),
    )
    return st.one_of(
        st.builds(Binary, st.sampled_from(["+", "-", "*", "/"]), inner, inner),
        st.builds(Unary, st.sampled_from(["-", "+"]), inner),
        st.builds(
            lambda f, args: Call(f, tuple(args)),
            st.sampled_from(["min", "max"]),
            st.lists(inner, min_size=2, max_size=3),
        ),
        st.builds(lambda x: Call("abs", (x,)), inner),
        st.builds(lambda x, d: Call("round", (x, _digits(d))), inner, st.integers(-3, 4)),
        st.builds(lambda c, a, b: Call("if", (c, a, b)), condition, inner, inner),
    )


expressions = st.recursive(leaves, _extend, max_leaves=10)


def _values(expr: Expr, seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    return {node.name: float(rng.uniform(-100, 100)) for node in walk(expr) if isinstance(node, Name)}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    expressions, st.sampled_from(["Savings", "[Savings, offering]", "Value (USD/yr)"]), st.integers(0, 2**32)
)
def test_rendered_words_parse_back_to_the_same_tree_and_value(expr: Expr, target: str, seed: int):
    original = parse_equation(f"{target} = {_render(expr)}")
    again = parse_equation(original.render_words())
    assert again.target == original.target
    assert again.expr == original.expr == expr
    values = _values(expr, seed)
    np.testing.assert_array_equal(np.asarray(again.evaluate(values)), np.asarray(original.evaluate(values)))


def _render(expr: Expr) -> str:
    from worth.engine.equations.render import render_expression_words

    return render_expression_words(expr)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions, st.integers(0, 2**32))
def test_evaluation_agrees_with_an_independent_interpreter(expr: Expr, seed: int):
    assume(not any(isinstance(node, Call) and node.function == "round" for node in walk(expr)))
    values = _values(expr, seed)
    try:
        expected = _reference(expr, values)
    except (ZeroDivisionError, OverflowError):
        assume(False)
    assume(math.isfinite(expected))
    result = parse_equation(f"R = {_render(expr)}").evaluate(values)
    assert math.isclose(result, expected, rel_tol=1e-12, abs_tol=1e-9)


def _reference(node: Expr, values: dict[str, float]) -> Any:
    """Plain-Python meaning of each construct, written from the language description."""
    if isinstance(node, Number):
        return node.written / 100 if node.percent else node.written
    if isinstance(node, Name):
        return values[node.name]
    if isinstance(node, Unary):
        return -_reference(node.operand, values) if node.op == "-" else _reference(node.operand, values)
    if isinstance(node, Binary):
        left, right = _reference(node.left, values), _reference(node.right, values)
        return {
            "+": lambda: left + right,
            "-": lambda: left - right,
            "*": lambda: left * right,
            "/": lambda: left / right,
        }[node.op]()
    if isinstance(node, Compare):
        left, right = _reference(node.left, values), _reference(node.right, values)
        return {
            "<": left < right,
            "<=": left <= right,
            ">": left > right,
            ">=": left >= right,
            "==": left == right,
            "!=": left != right,
        }[node.op]
    if isinstance(node, Logical):
        left, right = _reference(node.left, values), _reference(node.right, values)
        return (left and right) if node.op == "and" else (left or right)
    if isinstance(node, Not):
        return not _reference(node.operand, values)
    assert isinstance(node, Call)
    args = [_reference(arg, values) for arg in node.args]
    if node.function == "if":
        return args[1] if args[0] else args[2]
    if node.function == "abs":
        return abs(args[0])
    return min(args) if node.function == "min" else max(args)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["[a]", "[b c]", "1,200.5", "15%", "$2,500", "3"]), min_size=1, max_size=6),
    st.lists(st.sampled_from([" + ", "-", " x ", "*", " ÷ ", "/", "×"]), min_size=5, max_size=5),
    st.booleans(),
)
def test_written_variants_round_trip(operands: list[str], operators: list[str], wrap: bool):
    text = operands[0]
    for operator, operand in zip(operators, operands[1:], strict=False):
        text = f"({text}){operator}{operand}" if wrap else f"{text}{operator}{operand}"
    first = parse_equation(f"R = {text}")
    again = parse_equation(first.render_words())
    assert again.expr == first.expr
    values = {"a": 3.0, "b c": -7.0}
    np.testing.assert_array_equal(np.asarray(again.evaluate(values)), np.asarray(first.evaluate(values)))


# ------------------------------------------------------------------ fuzzed text that the parser accepts
# Equations written the way people write them, from tokens with awkward names (brackets' neighbours,
# parentheses, '=' and quotes inside names), huge and tiny numbers, every operator spelling. Each one
# the parser accepts must render to words that parse back to the same target and tree. The number of
# examples comes from the Hypothesis profile (tests/conftest.py): a few thousand in the suite, many
# more with HYPOTHESIS_PROFILE=fuzz.

_NAME_CHARS = "ab Z0_-,.()%$€<>=!&'\"/*+x×:;#é\t"
_digits_text = st.one_of(
    st.integers(0, 10**6).map(str),
    st.tuples(st.integers(1, 999), st.integers(100, 999)).map(lambda p: f"{p[0]},{p[1]}"),
    st.tuples(st.integers(0, 99_999), st.integers(0, 9_999)).map(lambda p: f"{p[0]}.{p[1]}"),
    st.tuples(st.integers(1, 9), st.sampled_from(["", "+", "-"]), st.integers(0, 400)).map(
        lambda p: f"{p[0]}e{p[1]}{p[2]}"
    ),
    st.integers(0, 99).map(lambda d: f".{d}"),
)
_operands = st.one_of(
    st.text(_NAME_CHARS, min_size=1, max_size=8).map(lambda n: f"[{n}]"),
    _digits_text,
    _digits_text.map(lambda d: d + "%"),
    st.tuples(st.sampled_from("$€£"), st.sampled_from(["", " "]), _digits_text).map("".join),
)
_operators = st.sampled_from([" + ", "-", " x ", "*", "/", " ÷ ", "×", " · ", " − ", "–"])
_comparisons = st.sampled_from([" < ", "<=", " >= ", "==", "!=", "<>", " ≤ "])


def _written(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    condition = st.tuples(inner, _comparisons, inner).map("".join)
    conditions = st.one_of(
        condition,
        st.tuples(condition, st.sampled_from([" and ", " or ", " AND "]), condition).map("".join),
        condition.map(lambda c: f"not {c}"),
    )
    return st.one_of(
        st.tuples(inner, _operators, inner).map("".join),
        inner.map(lambda e: f"({e})"),
        inner.map(lambda e: f"-{e}"),
        st.tuples(st.sampled_from(["min", "MAX", "max"]), st.lists(inner, min_size=2, max_size=3)).map(
            lambda f: f"{f[0]}({', '.join(f[1])})"
        ),
        inner.map(lambda e: f"abs({e})"),
        st.tuples(inner, st.integers(-20, 20)).map(lambda r: f"round({r[0]}, {r[1]})"),
        st.tuples(conditions, inner, inner).map(lambda c: f"if({c[0]}, {c[1]}, {c[2]})"),
    )


_expressions = st.recursive(_operands, _written, max_leaves=8)
_tokens = st.one_of(
    _operands,
    _operators,
    _comparisons,
    st.sampled_from(["(", ")", ", ", "min(", "abs(", "round(", "if(", "and", "or", "not"]),
)
_right_sides = st.one_of(_expressions, st.lists(_tokens, min_size=1, max_size=9).map(" ".join))
_targets = st.one_of(
    st.text(_NAME_CHARS, min_size=1, max_size=8).map(lambda n: n.strip() or "T"),
    st.text(_NAME_CHARS, min_size=1, max_size=8).map(lambda n: f"[{n}]"),
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_targets, _right_sides)
def test_every_accepted_equation_renders_to_words_that_parse_back(target: str, right: str):
    text = f"{target} = {right}"
    try:
        original = parse_equation(text)
    except EquationError:
        event("refused")
        return
    event("accepted")
    words = original.render_words()
    again = parse_equation(words)
    assert (again.target, again.expr) == (original.target, original.expr), (text, words)


def test_numbers_too_large_for_a_float_are_refused_where_written():
    with pytest.raises(EquationError, match=r"the number 9e999999 is too large") as caught:
        parse_equation("X = [a] + 9e999999")
    assert caught.value.position == 10


@pytest.mark.parametrize("digits", [16, -16, 308, 309, -400])
def test_round_digits_beyond_15_are_refused_where_written(digits: int):
    with pytest.raises(EquationError, match=r"digits must be between -15 and 15") as caught:
        parse_equation(f"X = round([a], {digits})")
    assert caught.value.position == 15


@pytest.mark.parametrize(
    ("value", "digits", "expected"), [(2.0, 15, 2.0), (1e300, 15, 1e300), (-1e300, 2, -1e300)]
)
def test_round_never_overflows(value: float, digits: int, expected: float):
    result = parse_equation(f"X = round([a], {digits})").evaluate({"a": value})
    assert float(result) == expected


def test_names_with_parentheses_keep_their_brackets():
    equation = parse_equation("[Savings (per mill)] = [a)] x 2")
    assert equation.render_words() == "[Savings (per mill)] = [a)] × 2"
    assert parse_equation(equation.render_words()).target == "Savings (per mill)"
