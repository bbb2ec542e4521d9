"""A draft equation checked against the demo model: place, expectation, names meant, unit, values."""

from __future__ import annotations

from pathlib import Path

import pytest

from worth.engine.equations.render import plain
from worth.engine.model.equation_draft import MAX_DRAFT, check_draft
from worth.engine.model.io import load_model
from worth.engine.model.schema import ValueModel

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
ALT = "[Friction energy losses per year, alternative]"
OFF = "[Friction energy losses per year, offering]"


@pytest.fixture(scope="module")
def model() -> ValueModel:
    return load_model(EXAMPLE)


def test_a_valid_draft_comes_out_in_money_per_year_with_a_customer_s_values(model: ValueModel) -> None:
    check = check_draft(
        model, f"Energy savings = ({ALT} - {OFF}) x [Electricity price]", customer_id="NB-L02"
    )
    assert check.ok
    assert check.unit == "USD/yr"
    assert check.customer == "Kestrel Bay Paper"
    assert check.words is not None
    assert plain(check.words) == f"Energy savings = ({ALT} - {OFF}) × [Electricity price]"
    # By hand from the example file: (1,240,000 - 950,000) kWh/yr x 0.081 USD/kWh = 23,490 USD/yr.
    assert check.values is not None
    assert plain(check.values).endswith("= $23,490/yr")
    assert [name for name, _ in check.inputs] == ["Electricity price", ALT[1:-1], OFF[1:-1]]


def test_an_unknown_name_is_placed_with_the_name_meant(model: ValueModel) -> None:
    text = f"Energy savings = ({ALT.replace('alternative', 'alternativ')} - {OFF}) x [Electricity price]"
    check = check_draft(model, text)
    assert not check.ok
    (problem,) = check.problems
    assert problem.position == text.index("[")
    assert (problem.line, problem.column) == (1, text.index("[") + 1)
    assert problem.suggestions[0] == ALT[1:-1]


def test_a_missing_term_says_what_was_expected_where(model: ValueModel) -> None:
    text = f"Energy savings = ({ALT} - {OFF}) x "
    (problem,) = check_draft(model, text).problems
    assert problem.position == text.rindex("x")
    assert any("value" in e for e in problem.expected)


def test_a_unit_mistake_names_the_term_that_is_off(model: ValueModel) -> None:
    text = f"Energy savings = {ALT} + [Electricity price]"
    (problem,) = check_draft(model, text).problems
    assert "[Electricity price]" in problem.message
    assert "kWh/yr" in problem.message
    not_money = check_draft(model, f"Energy savings = {ALT}").problems[0]
    assert "USD/yr" in not_money.message
    assert ALT in not_money.message


def test_a_draft_may_read_intermediate_quantities_and_constants(model: ValueModel) -> None:
    text = "Install = [Sensor installation hours] x [Fully loaded labour cost per hour] / [Agreement term]"
    check = check_draft(model, text, customer_id="NB-L01")
    assert check.ok
    # By hand for Norrvik Bruk: 65,500 x 1.5 / 1,650 = 59.545 USD/h; x 450 h / 3 yr = 8,931.82 USD/yr.
    assert check.values is not None
    assert plain(check.values).endswith("= $8,932/yr")


def test_empty_overlong_and_unknown_customer_drafts_never_raise(model: ValueModel) -> None:
    assert not check_draft(model, "   ").ok
    long = check_draft(model, "A = " + "1 + " * MAX_DRAFT + "1")
    assert "at most" in long.problems[0].message
    check = check_draft(
        model, f"Energy savings = ({ALT} - {OFF}) x [Electricity price]", customer_id="nobody"
    )
    assert check.customer == model.customers[0].name  # the first customer with data
