"""Every kind of syntax error: its message, its position, and no parser token names."""

from __future__ import annotations

import pickle

import pytest

from worth.engine.equations import EquationError, parse_equation

TOKEN_NAMES = ("BRACKET_NAME", "BARE_NAME", "NUMBER", "LPAR", "RPAR", "WORD", "Token(", "$END", "COMP")


def error_of(text: str) -> EquationError:
    with pytest.raises(EquationError) as caught:
        parse_equation(text)
    error = caught.value
    for name in TOKEN_NAMES:
        assert name not in str(error)
        assert all(name not in word for word in error.expected)
    return error


def test_it_is_a_value_error():
    assert issubclass(EquationError, ValueError)


def test_empty_text():
    error = error_of("   ")
    assert "empty" in error.message
    assert error.position == 0


def test_missing_equal_sign_after_a_bare_name():
    error = error_of("Savings")
    assert "missing '='" in error.message
    assert error.position == len("Savings")


def test_missing_equal_sign_before_an_expression():
    error = error_of("[Savings] [Hours] x 2")
    assert "missing '='" in error.message
    assert error.position == len("[Savings] ")
    assert error.expected == ("'='",)


def test_nothing_after_the_equal_sign():
    error = error_of("Savings = ")
    assert "nothing after '='" in error.message
    assert error.position == len("Savings ")


def test_no_name_before_the_equal_sign():
    error = error_of("= [Hours] x 2")
    assert "name on the left" in error.message
    assert error.position == 0


def test_trailing_operator_points_at_the_operator():
    text = "Savings = [Hours] x [Rate] +"
    error = error_of(text)
    assert error.message == f"'+' at position {len(text) - 1} has nothing after it: expected a value"
    assert error.position == len(text) - 1
    assert error.line == 1
    assert error.column == len(text)


def test_two_operators_in_a_row():
    error = error_of("R = [a] * / [b]")
    assert "expected a value before '/'" in error.message
    assert error.position == 10


def test_unclosed_bracket_names_its_position():
    text = "Savings = [Hours x [Rate]"
    error = error_of(text)
    assert "the bracket '[' at position 10 is never closed" in error.message
    assert error.position == 10
    assert error.expected == ("']'",)


def test_unclosed_bracket_at_the_end():
    error = error_of("Savings = [Hours] x [Rate")
    assert error.position == len("Savings = [Hours] x ")
    assert "never closed" in error.message


def test_stray_closing_bracket():
    error = error_of("Savings = Hours] x 2")
    assert error.message.startswith("']' at position 15 has no matching '['")
    assert error.position == 15


def test_unclosed_and_unmatched_parentheses():
    error = error_of("R = ([a] + ([b] x 2)")
    assert error.message == "the '(' at position 4 is never closed"
    error = error_of("R = [a] + [b])")
    assert error.message == "')' at position 13 has no matching '('"


def test_missing_operator_between_values():
    error = error_of("R = [a] [b]")
    assert error.message.startswith("missing operator before '[b]' at position 8")
    assert error.position == 8
    assert "an operator (+, -, x, /)" in error.expected


def test_name_without_brackets_is_explained():
    error = error_of("Savings = Downtime hours x [Rate]")
    assert "names must be written in square brackets" in error.message
    assert error.position == len("Savings = ")


def test_unknown_function_suggests_the_nearest():
    error = error_of("R = mni([a], [b])")
    assert error.message.startswith("unknown function 'mni'")
    assert error.suggestions[0] == "min"
    assert error.position == 4


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("R = min([a])", "min(a, b, ...) takes at least 2 values, but 1 was given"),
        ("R = max()", "max(a, b, ...) takes at least 2 values, but 0 were given"),
        (
            "R = if([a] > 1, 2)",
            "if(condition, value if true, value if false) takes 3 parts, but 2 were given",
        ),
        ("R = round([a], 1, 2)", "round(x) or round(x, digits) takes 1 or 2 values, but 3 were given"),
        ("R = abs([a], [b])", "abs(x) takes 1 value, but 2 were given"),
    ],
)
def test_wrong_number_of_arguments(text, words):
    error = error_of(text)
    assert error.message.startswith(words)
    assert error.position == 4


def test_comma_between_digits_is_a_thousands_separator_and_the_error_says_so():
    error = error_of("R = min(5,100)")
    assert "groups thousands" in error.message


def test_misgrouped_thousands():
    error = error_of("R = 12,34")
    assert "thousands are grouped in threes" in error.message
    assert error.position == 6


def test_round_needs_whole_digits():
    error = error_of("R = round([a], 1.5)")
    assert "whole number of digits" in error.message
    assert error.position == 15


def test_single_equal_sign_in_a_condition():
    error = error_of("R = if([a] = 3, 1, 2)")
    assert "write '=='" in error.message
    assert error.position == 11


def test_condition_must_be_a_comparison():
    error = error_of("R = if([a], 1, 2)")
    assert "must be a comparison" in error.message
    assert error.position == 7


def test_comparison_is_not_a_number():
    error = error_of("R = [a] > 2")
    assert "comparison (yes/no)" in error.message
    error = error_of("R = ([a] > 2) x 3")
    assert error.position == 5


def test_and_needs_comparisons():
    error = error_of("R = if([a] and [b] > 1, 1, 2)")
    assert "'and' combines comparisons" in error.message
    assert error.position == 7


def test_power_operator_is_not_part_of_the_language():
    error = error_of("R = [a] ^ 2")
    assert "'^' is not an operator" in error.message
    assert error.position == 8


def test_unknown_character():
    error = error_of("R = [a] # 2")
    assert error.message.startswith("unexpected character '#' at position 8")


def test_empty_brackets():
    error = error_of("R = [ ] x 2")
    assert "empty brackets" in error.message
    assert error.position == 4


def test_line_and_column_on_a_later_line():
    text = "Savings = [Hours]\n  x [Rate] +"
    error = error_of(text)
    assert (error.line, error.column) == (2, 12)


def test_str_shows_the_text_with_a_caret_under_the_position():
    error = error_of("Savings = [Hours] xx [Rate]")
    lines = str(error).split("\n")
    assert lines[1] == "    Savings = [Hours] xx [Rate]"
    assert lines[2] == "    " + " " * error.position + "^"


def test_non_text_input():
    with pytest.raises(EquationError, match="must be text"):
        parse_equation(42)  # type: ignore[arg-type]


def test_too_long_and_too_deep():
    with pytest.raises(EquationError, match="characters long"):
        parse_equation("R = " + "1 + " * 5000 + "1")
    with pytest.raises(EquationError, match="nested more than"):
        parse_equation("R = " + "(1 + " * 300 + "1" + ")" * 300)


def test_errors_survive_pickling_with_all_details():
    error = error_of("R = mni([a], 2)")
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object, made just above
    assert (again.message, again.position, again.suggestions, again.text) == (
        error.message,
        error.position,
        error.suggestions,
        error.text,
    )


def test_half_bracketed_left_hand_name():
    error = error_of("Savings [USD] = [a]")
    assert error.message.startswith("the name on the left is one phrase")
    assert error.position == 8


def test_double_equal_sign_as_the_main_sign():
    error = error_of("Savings == [a]")
    assert error.message.startswith("'==' compares two values")
    assert error.position == 8


def test_percent_sign_after_a_name():
    error = error_of("Savings = [a] % 3")
    assert error.message.startswith("'%' at position 14 can only follow a number")


def test_multiplication_sign_glued_to_a_number():
    error = error_of("Savings = 2x3")
    assert error.message.startswith("write spaces around the multiplication sign: 'x 3'")
    assert error.position == 11


def test_parsing_in_several_threads_keeps_each_text_with_its_error():
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"Savings {index} = [Hours] x [Rate {index}] +" for index in range(200)]

    def message_of(text: str) -> tuple[str, str, int | None]:
        try:
            parse_equation(text)
        except EquationError as error:
            return text, error.text, error.position
        return text, "", None

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(message_of, texts))
    for text, seen, position in results:
        assert seen == text
        assert position == len(text) - 1
