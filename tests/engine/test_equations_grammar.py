"""Grammar of the word equation language: every operator, precedence, numbers, functions, nesting.

Every expected value is hand arithmetic written in the test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from worth.engine.equations import EquationError, parse_equation
from worth.engine.equations.nodes import Binary, Name, Number, Unary


def value(text: str, **values: float) -> float:
    result = parse_equation(text).evaluate({k.replace("_", " "): v for k, v in values.items()})
    assert isinstance(result, float)
    return result


def test_the_issue_example_parses_with_bare_target_and_phrases_with_commas():
    eq = parse_equation(
        "Unplanned downtime savings = ([Downtime hours per year, alternative] - "
        "[Downtime hours per year, offering]) x [Contribution margin per hour of production]"
    )
    assert eq.target == "Unplanned downtime savings"
    assert eq.variables == {
        "Downtime hours per year, alternative",
        "Downtime hours per year, offering",
        "Contribution margin per hour of production",
    }
    values = {
        "Downtime hours per year, alternative": 120.0,
        "Downtime hours per year, offering": 40.0,
        "Contribution margin per hour of production": 2500.0,
    }
    assert eq.evaluate(values) == (120 - 40) * 2500


def test_the_target_may_be_bracketed_and_names_are_whitespace_normalised():
    eq = parse_equation("[ Energy   savings ] = [kWh  saved] * [ Price ]")
    assert eq.target == "Energy savings"
    assert eq.variables == {"kWh saved", "Price"}


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        ("+", 12 + 3),
        ("-", 12 - 3),
        ("x", 12 * 3),
        ("X", 12 * 3),
        ("×", 12 * 3),
        ("*", 12 * 3),
        ("·", 12 * 3),
        ("/", 12 / 3),
        ("÷", 12 / 3),
        ("−", 12 - 3),
    ],
)
def test_every_operator(operator, expected):
    assert value(f"R = [a] {operator} [b]", a=12, b=3) == expected


def test_x_needs_no_spaces_next_to_brackets():
    assert value("R = [a]x[b]", a=4, b=5) == 20


def test_multiplication_binds_tighter_than_addition_and_operators_group_left():
    assert value("R = [a] + [b] x [c]", a=2, b=3, c=4) == 2 + 3 * 4
    assert value("R = [a] - [b] - [c]", a=10, b=3, c=2) == (10 - 3) - 2
    assert value("R = [a] / [b] / [c]", a=24, b=3, c=2) == (24 / 3) / 2
    assert value("R = [a] / [b] x [c]", a=24, b=3, c=2) == (24 / 3) * 2
    assert value("R = ([a] + [b]) x [c]", a=2, b=3, c=4) == (2 + 3) * 4


def test_unary_minus_and_plus():
    assert value("R = -[a] x [b]", a=2, b=3) == -6
    assert value("R = [a] - -[b]", a=2, b=3) == 5
    assert value("R = -([a] + [b])", a=2, b=3) == -5
    assert value("R = +[a]", a=2) == 2
    assert value("R = --[a]", a=2) == 2


def test_numbers_with_thousands_separators_decimals_and_exponents():
    assert value("R = 1,200.5 + 0") == 1200.5
    assert value("R = 1,234,567") == 1234567
    assert value("R = .5") == 0.5
    assert value("R = 2.5e3") == 2500
    eq = parse_equation("R = 1,200.5")
    assert eq.expr == Number(1200.5)


def test_percentages_are_hundredths():
    assert value("R = 15% x [a]", a=200) == pytest.approx(0.15 * 200)
    assert value("R = [a] x (1 + 12.5 %)", a=80) == pytest.approx(80 * 1.125)


def test_currency_prefixed_amounts():
    eq = parse_equation("R = $2,500 + €10 + £1.5")
    assert eq.evaluate({}) == 2500 + 10 + 1.5
    first = eq.expr.left.left  # type: ignore[union-attr]
    assert first == Number(2500.0, currency="USD", symbol="$")


def test_min_max_abs_with_several_values():
    assert value("R = min([a], [b], [c])", a=5, b=-2, c=3) == -2
    assert value("R = max([a], [b], [c])", a=5, b=-2, c=3) == 5
    assert value("R = abs([a] - [b])", a=2, b=7) == 5
    assert value("R = MAX(0, [a])", a=-4) == 0


def test_round_is_half_away_from_zero_like_a_spreadsheet():
    assert value("R = round([a])", a=2.5) == 3
    assert value("R = round([a])", a=-2.5) == -3
    assert value("R = round([a], 2)", a=1.005) == 1.01
    assert value("R = round([a], -3)", a=123_456) == 123_000
    assert value("R = round([a], 1)", a=0.25) == 0.3


@pytest.mark.parametrize(
    ("condition", "a", "expected"),
    [
        ("[a] > 10", 11, 1),
        ("[a] > 10", 10, 2),
        ("[a] >= 10", 10, 1),
        ("[a] < 10", 9, 1),
        ("[a] <= 10", 11, 2),
        ("[a] == 10", 10, 1),
        ("[a] != 10", 10, 2),
        ("[a] ≥ 10", 10, 1),
        ("[a] ≤ 10", 10, 1),
        ("[a] ≠ 10", 3, 1),
        ("[a] > 1 and [a] < 5", 3, 1),
        ("[a] > 1 and [a] < 5", 7, 2),
        ("[a] < 1 or [a] > 5", 7, 1),
        ("not [a] > 5", 7, 2),
        ("not ([a] > 5 or [a] < 0)", 3, 1),
    ],
)
def test_conditions_in_if(condition, a, expected):
    assert value(f"R = if({condition}, 1, 2)", a=a) == expected


def test_nested_functions_and_parentheses():
    text = "R = round(max(0, min([a], [b]) - ([c] + 1,000)) x 15%, 2)"
    a, b, c = 5000.0, 4200.0, 1234.0
    expected = round(max(0.0, min(a, b) - (c + 1000)) * 0.15, 2)
    assert value(text, a=a, b=b, c=c) == expected


def test_multi_line_equation_is_one_expression():
    assert value("R = [a]\n    + [b]\n    x 2", a=1, b=3) == 7


def test_tree_shape_of_a_simple_equation():
    eq = parse_equation("R = -[a] + 2")
    assert eq.expr == Binary("+", Unary("-", Name("a")), Number(2.0))


def test_vectorised_over_a_thousand_rows_equals_hand_written_numpy():
    rng = np.random.default_rng(20240601)
    a, b, c, d = (rng.normal(100, 30, 1000) for _ in range(4))
    eq = parse_equation("R = if([a] > [b], ([a] - [b]) x [c], min([c], [d]) / 2) + max(0, [d] - 100)")
    result = eq.evaluate({"a": a, "b": b, "c": c, "d": d})
    expected = np.where(a > b, (a - b) * c, np.minimum(c, d) / 2) + np.maximum(0, d - 100)
    np.testing.assert_allclose(result, expected, rtol=0, atol=0)


def test_arrays_broadcast_with_scalars():
    eq = parse_equation("R = [a] x [b]")
    result = eq.evaluate({"a": np.array([1.0, 2.0, 3.0]), "b": 10})
    np.testing.assert_array_equal(result, [10.0, 20.0, 30.0])


def test_division_by_zero_gives_inf_and_nan_without_raising():
    eq = parse_equation("R = [a] / [b]")
    result = eq.evaluate({"a": np.array([1.0, -1.0, 0.0]), "b": np.zeros(3)})
    assert isinstance(result, np.ndarray)
    assert result[0] == math.inf
    assert result[1] == -math.inf
    assert math.isnan(result[2])
    assert eq.evaluate({"a": 1.0, "b": 0.0}) == math.inf


def test_missing_value_names_the_variable():
    eq = parse_equation("R = [Hours] x [Rate]")
    with pytest.raises(EquationError, match=r"missing value for \[Rate\]") as caught:
        eq.evaluate({"Hours": 3})
    assert caught.value.position == eq.text.index("[Rate]")


def test_a_non_number_value_is_refused_with_its_name():
    eq = parse_equation("R = [Hours] x 2")
    with pytest.raises(EquationError, match=r"\[Hours\] must be a number"):
        eq.evaluate({"Hours": "three"})
