"""Each equation twice: in words only and with the values, as text and as escaped HTML."""

from __future__ import annotations

import pytest

from worth.engine.equations import EquationSystem, Quantity, format_amount, format_number, parse_equation
from worth.engine.equations.render import Piece, plain


def system_for(text: str, quantities: list[Quantity], **options) -> EquationSystem:
    return EquationSystem.build([parse_equation(text)], quantities=quantities, **options)


DOWNTIME = (
    "Unplanned downtime savings = ([Downtime hours per year, alternative] - "
    "[Downtime hours per year, offering]) x [Contribution margin per hour]"
)
DOWNTIME_DRIVERS = [
    Quantity("Downtime hours per year, alternative", "h/yr"),
    Quantity("Downtime hours per year, offering", "h/yr"),
    Quantity("Contribution margin per hour", "USD/h"),
]
DOWNTIME_INPUTS = {
    "Downtime hours per year, alternative": 120,
    "Downtime hours per year, offering": 40,
    "Contribution margin per hour": 2500,
}


def test_words_only_form_of_the_issue_example():
    assert parse_equation(DOWNTIME).render_words() == (
        "Unplanned downtime savings = ([Downtime hours per year, alternative] - "
        "[Downtime hours per year, offering]) × [Contribution margin per hour]"
    )


def test_values_form_of_the_issue_example():
    system = system_for(DOWNTIME, DOWNTIME_DRIVERS)
    assert system.render_values("Unplanned downtime savings", DOWNTIME_INPUTS) == (
        "(120 h/yr - 40 h/yr) × $2,500/h = $200,000/yr"
    )


def test_words_keep_only_needed_parentheses_and_canonical_operators():
    cases = {
        "R = (([a]) + ([b] * [c]))": "R = [a] + [b] × [c]",
        "R = [a] - ([b] - [c])": "R = [a] - ([b] - [c])",
        "R = ([a] - [b]) - [c]": "R = [a] - [b] - [c]",
        "R = [a] / ([b] x [c])": "R = [a] ÷ ([b] × [c])",
        "R = -([a] + 1,200.5)": "R = -([a] + 1,200.5)",
        "R = if([a] >= 10 and not [b] != 2, 15%, $2,500)": "R = if([a] ≥ 10 and not [b] ≠ 2, 15%, $2,500)",
        "R = if(([a] < 1 or [a] > 2) and [b] == 0, 1, 0)": "R = if(([a] < 1 or [a] > 2) and [b] == 0, 1, 0)",
        "R=ROUND( [a] ,-2)": "R = round([a], -2)",
    }
    for text, words in cases.items():
        assert parse_equation(text).render_words() == words


def test_values_for_percent_money_and_intermediates():
    system = EquationSystem.build(
        [
            parse_equation("[Fully loaded cost per hour] = [Salary] x (1 + [Overhead]) / [Working hours]"),
            parse_equation("Labour savings = [Hours saved] x [Fully loaded cost per hour]"),
        ],
        quantities=[
            Quantity("Salary", "USD/yr"),
            Quantity("Overhead", "%"),
            Quantity("Working hours", "h/yr"),
            Quantity("Hours saved", "h/yr"),
        ],
    )
    inputs = {"Salary": 61_000, "Overhead": 0.35, "Working hours": 1_800, "Hours saved": 250}
    # 61,000 x 1.35 / 1,800 = 45.75 USD/h; x 250 h/yr = 11,437.5 USD/yr
    assert system.render_values("Fully loaded cost per hour", inputs) == (
        "$61,000/yr × (1 + 35%) ÷ 1,800 h/yr = $45.75/h"
    )
    assert system.render_values("Labour savings", inputs) == "250 h/yr × $45.75/h = $11,438/yr"


def test_negative_values_are_parenthesised():
    system = system_for(
        "S = ([a] - [b]) x [c]",
        [Quantity("a", "h/yr"), Quantity("b", "h/yr"), Quantity("c", "EUR/h")],
        currency="EUR",
    )
    assert (
        system.render_values("S", {"a": 10, "b": -5, "c": 12.5})
        == "(10 h/yr - (-5 h/yr)) × €12.50/h = €187.50/yr"
    )


def test_other_currencies_show_their_code_after_the_number():
    system = system_for(
        "S = [n] x [p]", [Quantity("n", "bearings/yr"), Quantity("p", "CHF/bearing")], currency="CHF"
    )
    assert (
        system.render_values("S", {"n": 12, "p": 1_450})
        == "12 bearings/yr × 1,450 CHF/bearing = 17,400 CHF/yr"
    )


def test_pieces_carry_the_names_as_written_and_join_to_the_text():
    """The engine writes no markup: names stay text in pieces; the report's template escapes them."""
    name = "Hours <script>alert(1)</script> & more"
    system = system_for(f"Savings = [{name}] x [Rate]", [Quantity(name, "h/yr"), Quantity("Rate", "USD/h")])
    words = system.word_pieces("Savings")
    values = system.value_pieces("Savings", {name: 3, "Rate": 4})
    assert Piece("name", f"[{name}]") in words
    assert plain(words) == system.render_words("Savings") == f"Savings = [{name}] × [Rate]"
    rate = next(p for p in values if p.title == "Rate")
    assert (rate.kind, rate.text, rate.separator, rate.unit) == ("amount", "$4", "", "/h")
    result = values[-1]
    assert (result.kind, result.text, result.unit, result.title) == ("result", "$12", "/yr", "Savings")
    assert plain(values) == system.render_values("Savings", {name: 3, "Rate": 4}) == "3 h/yr × $4/h = $12/yr"


def test_comparison_signs_are_operator_pieces():
    pieces = parse_equation("R = if([a] < 1, 1, 2)").word_pieces()
    assert Piece("op", "<") in pieces
    assert Piece("fn", "if") in pieces


def test_render_values_needs_single_numbers():
    system = system_for(DOWNTIME, DOWNTIME_DRIVERS)
    inputs = dict(DOWNTIME_INPUTS)
    inputs["Contribution margin per hour"] = [1, 2]  # type: ignore[assignment]
    with pytest.raises(ValueError, match="must be a single number"):
        system.render_values("Unplanned downtime savings", inputs)


@pytest.mark.parametrize(
    ("value", "money", "text"),
    [
        (200_000.0, True, "200,000"),
        (1_234.56, True, "1,235"),
        (12.5, True, "12.50"),
        (0.085, True, "0.085"),
        (150.75, True, "150.75"),
        (45.0, True, "45"),
        (3.14159, False, "3.142"),
        (0.15, False, "0.15"),
        (-2_500.0, False, "-2,500"),
        (0.0, False, "0"),
        (-0.00001, False, "-0.00001"),
        (float("inf"), False, "∞"),
        (float("nan"), False, "n/a"),
    ],
)
def test_numbers_are_rounded_for_reading(value, money, text):
    assert format_number(value, money=money) == text


def test_amounts_with_units():
    assert format_amount(-2_500.0, "USD/h") == ("-$2,500", "", "/h")
    assert format_amount(0.125, "%") == ("12.5%", "", "")
    assert format_amount(7.0, "1") == ("7", "", "")
    assert format_amount(12.0, "t/yr") == ("12", " ", "t/yr")
    assert format_amount(9.5, "GBP") == ("£9.50", "", "")
