"""Equation systems: chained equations, evaluation order, every build error, vectorised evaluation."""

from __future__ import annotations

import numpy as np
import pytest

from worth.engine.equations import (
    EquationError,
    EquationSystem,
    EquationSystemError,
    Quantity,
    parse_equation,
)

DRIVERS = [
    Quantity("Downtime hours per year, alternative", "h/yr"),
    Quantity("Downtime hours per year, offering", "h/yr"),
    Quantity("Contribution margin per hour", "USD/h"),
    Quantity("Salary", "USD/yr"),
    Quantity("Overhead", "%"),
    Quantity("Working hours per year", "h/yr"),
    Quantity("Maintenance hours, alternative", "h/yr"),
    Quantity("Maintenance hours, offering", "h/yr"),
]
EQUATIONS = [
    "Unplanned downtime savings = ([Downtime hours per year, alternative] - "
    "[Downtime hours per year, offering]) x [Contribution margin per hour]",
    "Labour savings = max(0, [Maintenance hours, alternative] - [Maintenance hours, offering]) "
    "x [Fully loaded cost per hour]",
    "[Fully loaded cost per hour] = [Salary] x (1 + [Overhead]) / [Working hours per year]",
]
INPUTS = {
    "Downtime hours per year, alternative": 120.0,
    "Downtime hours per year, offering": 40.0,
    "Contribution margin per hour": 2500.0,
    "Salary": 60_000.0,
    "Overhead": 0.35,
    "Working hours per year": 1800.0,
    "Maintenance hours, alternative": 400.0,
    "Maintenance hours, offering": 150.0,
}


def build(texts, quantities, **options) -> EquationSystem:
    return EquationSystem.build([parse_equation(text) for text in texts], quantities=quantities, **options)


def problems(texts, quantities, **options) -> list[EquationError]:
    with pytest.raises(EquationSystemError) as caught:
        build(texts, quantities, **options)
    for error in caught.value.errors:
        assert isinstance(error, EquationError)
        assert error.target is not None
    return caught.value.errors


def test_chained_equations_evaluate_in_dependency_order():
    system = build(EQUATIONS, DRIVERS)
    assert system.order.index("Fully loaded cost per hour") < system.order.index("Labour savings")
    assert system.elements == ("Unplanned downtime savings", "Labour savings")
    results = system.evaluate(INPUTS)
    loaded = 60_000 * 1.35 / 1800  # 45 USD/h
    assert results["Fully loaded cost per hour"] == pytest.approx(loaded, rel=1e-15)
    assert results["Labour savings"] == pytest.approx((400 - 150) * loaded, rel=1e-15)
    assert results["Unplanned downtime savings"] == (120 - 40) * 2500


def test_units_are_inferred_for_elements_and_intermediates():
    system = build(EQUATIONS, DRIVERS)
    assert system.unit_of("Unplanned downtime savings") == "USD/yr"
    assert system.unit_of("Fully loaded cost per hour") == "USD/h"
    assert system.unit_of("Overhead") == "%"
    assert system.unit_of("Salary") == "USD/yr"


def test_nothing_is_rounded_between_steps():
    system = build(["A = [x] / 3", "B = [A] x 3"], [Quantity("x", "USD/yr")], element_names=["B"])
    assert system.evaluate({"x": 1.0})["B"] == (1.0 / 3) * 3


def test_round_in_an_equation_is_applied():
    system = build(["A = round([x] / 3, 2)", "B = [A] x 3"], [Quantity("x", "USD/yr")], element_names=["B"])
    assert system.evaluate({"x": 1.0})["B"] == pytest.approx(0.99, abs=1e-15)


def test_vectorised_evaluation_over_a_thousand_customers_matches_numpy():
    system = build(EQUATIONS, DRIVERS)
    rng = np.random.default_rng(7)
    inputs = {name: rng.uniform(1, 500, 1000) for name in INPUTS}
    inputs["Overhead"] = rng.uniform(0.1, 0.5, 1000)
    results = system.evaluate(inputs)
    loaded = inputs["Salary"] * (1 + inputs["Overhead"]) / inputs["Working hours per year"]
    labour = (
        np.maximum(0, inputs["Maintenance hours, alternative"] - inputs["Maintenance hours, offering"])
        * loaded
    )
    np.testing.assert_array_equal(results["Labour savings"], labour)
    assert results["Unplanned downtime savings"].shape == (1000,)


def test_scalar_results_are_broadcast_to_the_common_shape():
    system = build(["A = [x] x 2", "B = [y] x 3"], [Quantity("x", "USD/yr"), Quantity("y", "USD/yr")])
    results = system.evaluate({"x": np.arange(4.0), "y": 1.0})
    np.testing.assert_array_equal(results["B"], [3.0, 3.0, 3.0, 3.0])
    results["B"][0] = 0.0  # a writable array, not a read-only view


def test_evaluate_only_some_targets():
    system = build(EQUATIONS, DRIVERS)
    results = system.evaluate(
        {
            "Downtime hours per year, alternative": 2,
            "Downtime hours per year, offering": 1,
            "Contribution margin per hour": 10,
        },
        targets=["Unplanned downtime savings"],
    )
    assert set(results) == {"Unplanned downtime savings"}
    assert results["Unplanned downtime savings"] == 10


def test_missing_inputs_are_all_named():
    system = build(EQUATIONS, DRIVERS)
    inputs = dict(INPUTS)
    del inputs["Salary"]
    del inputs["Overhead"]
    with pytest.raises(EquationError, match=r"missing inputs: \[Overhead\], \[Salary\]"):
        system.evaluate(inputs)


def test_constants_come_with_the_system_and_inputs_may_override_them():
    system = build(
        ["Energy savings = [kW saved] x [Hours per year] x [Energy price]"],
        [Quantity("kW saved", "kW"), Quantity("Hours per year", "h/yr"), Quantity("Energy price", "USD/kWh")],
        constants={"Hours per year": 8760},
    )
    assert system.required_inputs == {"kW saved", "Energy price"}
    assert system.evaluate({"kW saved": 2, "Energy price": 0.1})["Energy savings"] == pytest.approx(
        2 * 8760 * 0.1
    )
    overridden = system.evaluate({"kW saved": 2, "Energy price": 0.1, "Hours per year": 100})
    assert overridden["Energy savings"] == pytest.approx(2 * 100 * 0.1)


def test_inputs_of_follows_intermediates():
    system = build(EQUATIONS, DRIVERS)
    assert system.inputs_of("Labour savings") == {
        "Maintenance hours, alternative",
        "Maintenance hours, offering",
        "Salary",
        "Overhead",
        "Working hours per year",
    }


def test_count_units_cancel():
    system = build(
        [
            "Bearing savings = ([Bearings used, alternative] - [Bearings used, offering])"
            " x [Price per bearing]"
        ],
        [
            Quantity("Bearings used, alternative", "bearings/yr"),
            Quantity("Bearings used, offering", "bearings/yr"),
            Quantity("Price per bearing", "USD/bearing"),
        ],
    )
    assert system.unit_of("Bearing savings") == "USD/yr"


def test_per_unit_models_declare_their_result_unit():
    system = build(
        ["Savings per tonne = [Energy per tonne] x [Price]"],
        [Quantity("Energy per tonne", "kWh/t"), Quantity("Price", "EUR/kWh")],
        currency="EUR",
        result_unit="EUR/t",
    )
    assert system.unit_of("Savings per tonne") == "EUR/t"


# ---------------------------------------------------------------- build errors


def test_unknown_names_are_all_reported_with_suggestions_and_positions():
    text = "Savings = [Downtime hour] x [Margn]"
    errors = problems([text], [Quantity("Downtime hours", "h/yr"), Quantity("Margin", "USD/h")])
    assert [e.message for e in errors] == [
        "unknown name [Downtime hour]: did you mean [Downtime hours]?",
        "unknown name [Margn]: did you mean [Margin]?",
    ]
    assert [e.position for e in errors] == [text.index("[Downtime"), text.index("[Margn]")]
    assert errors[1].suggestions[0] == "Margin"
    assert all(e.target == "Savings" for e in errors)


def test_cycles_are_named_in_order():
    errors = problems(["A = [B] x 2", "B = [C] + 1", "C = [A] / 3", "D = [D] + [x]"], [Quantity("x", "1")])
    messages = [e.message for e in errors]
    assert any("A -> B -> C -> A" in m for m in messages)
    assert any("D -> D" in m for m in messages)
    assert errors[0].target == "A"
    assert errors[0].position == 4


def test_subtracting_different_kinds_names_both_terms():
    text = "Savings = ([Downtime hours] - [Speed]) x [Margin]"
    errors = problems(
        [text], [Quantity("Downtime hours", "h/yr"), Quantity("Speed", "m/min"), Quantity("Margin", "USD/h")]
    )
    assert errors[0].message == "cannot subtract [Speed] (m/min) from [Downtime hours] (h/yr)"
    assert errors[0].position == text.index("[Speed]")


def test_adding_different_periods_says_by_how_much():
    errors = problems(
        ["S = ([a] + [b]) x [c]"], [Quantity("a", "h/month"), Quantity("b", "h/yr"), Quantity("c", "USD/h")]
    )
    assert "1 h/mo is 12 h/yr" in errors[0].message


def test_element_with_the_wrong_unit_names_the_term_to_check():
    text = "Savings = [Downtime hours] x [Margin]"
    errors = problems([text], [Quantity("Downtime hours", "h/yr"), Quantity("Margin", "USD")])
    message = errors[0].message
    assert message.startswith("result is USD·h/yr but an element must be USD/yr: check ")
    assert "[Margin] (USD; USD/h would fit)" in message
    assert "[Downtime hours] (h/yr; 1/yr would fit)" in message


def test_element_in_another_period_needs_a_conversion():
    errors = problems(["S = [h] x [m]"], [Quantity("h", "h/month"), Quantity("m", "USD/h")])
    assert errors[0].message.startswith(
        "result is USD/mo but an element must be USD/yr: 1 USD/mo is 12 USD/yr"
    )


def test_other_currency_is_a_different_dimension():
    errors = problems(["S = [n] x [p]"], [Quantity("n", "bearings/yr"), Quantity("p", "EUR/bearing")])
    assert "result is EUR/yr but an element must be USD/yr" in errors[0].message
    assert "[p] (EUR/bearing; USD/bearing would fit)" in errors[0].message


def test_if_branches_and_comparisons_need_matching_units():
    quantities = [Quantity("S", "USD/yr"), Quantity("T", "h")]
    errors = problems(["A = if([T] > 5, [S], [T])"], quantities)
    assert errors[0].message == (
        "if(...) gives [S] (USD/yr) when true but [T] (h) when false; both must have the same unit"
    )
    errors = problems(["A = if([T] > [S], [S], 0)"], quantities)
    assert errors[0].message == "cannot compare [T] (h) with [S] (USD/yr)"
    errors = problems(["A = min([S], [T])"], quantities)
    assert (
        errors[0].message == "min(...) compares [S] (USD/yr) with [T] (h); its values must have the same unit"
    )


def test_plain_numbers_take_the_unit_of_what_they_are_added_to():
    system = build(
        ["A = max(0, [S] - 100) + if([T] > 5, [S], 0)"], [Quantity("S", "USD/yr"), Quantity("T", "h")]
    )
    assert system.unit_of("A") == "USD/yr"


def test_money_amounts_in_the_same_currency_add_per_period():
    system = build(["A = max($0, [S]) + $500"], [Quantity("S", "USD/yr")])
    assert system.unit_of("A") == "USD/yr"
    errors = problems(["A = [S] + €500"], [Quantity("S", "USD/yr")])
    assert errors[0].message.startswith("cannot add €500 (EUR) to [S] (USD/yr)")


def test_duplicates_and_clashes_are_reported():
    errors = problems(["A = [x]", "A = [x] x 2", "x = 3"], [Quantity("x", "USD/yr"), Quantity("x", "h")])
    messages = [e.message for e in errors]
    assert "the quantity [x] is declared twice" in messages
    assert "there are two equations for [A]" in messages
    assert "[x] is both a driver and an equation: rename one of them" in messages


def test_bad_units_constants_and_elements_are_reported_together():
    errors = problems(
        ["A = [x] x [k]"], [Quantity("x", "kwh/yr")], constants={"k": float("nan")}, element_names=["A", "B"]
    )
    messages = [e.message for e in errors]
    assert any("did you mean 'kWh'" in m for m in messages)
    assert "the constant [k] must be a finite number, not nan" in messages
    assert "the element [B] has no equation" in messages


def test_unknown_target_in_questions():
    system = build(EQUATIONS, DRIVERS)
    with pytest.raises(EquationError, match="no equation for"):
        system.render_words("Labor savings")
    with pytest.raises(EquationError) as caught:
        system.unit_of("Labor savings")
    assert caught.value.suggestions[0] == "Labour savings"


def test_system_error_lists_every_problem_in_its_text():
    with pytest.raises(EquationSystemError) as caught:
        build(["A = [b] + [c]"], [])
    text = str(caught.value)
    assert text.startswith("2 problems in the equations:")
    assert "unknown name [b]" in text
    assert "unknown name [c]" in text


def test_a_condition_on_a_missing_value_gives_a_missing_result_not_a_branch():
    nan = float("nan")
    system = build(
        ["S = if([failures] > 2 or [age] < 1, [cost], 0) + min([cost], [cap])"],
        [
            Quantity("failures", "failures/yr"),
            Quantity("age", "yr"),
            Quantity("cost", "USD/yr"),
            Quantity("cap", "USD/yr"),
        ],
    )
    results = system.evaluate(
        {
            "failures": np.array([3.0, nan, 1.0, 1.0]),
            "age": np.array([5.0, 5.0, 0.5, nan]),
            "cost": 10.0,
            "cap": np.array([4.0, 4.0, 4.0, 4.0]),
        }
    )["S"]
    # row 0: 3 > 2 -> 10 + min(10, 4) = 14; row 2: 0.5 < 1 -> 14; rows 1 and 3 rest on a missing value
    assert results[0] == 14.0
    assert results[2] == 14.0
    assert np.isnan(results[1])
    assert np.isnan(results[3])
    cap_missing = system.evaluate({"failures": 0.0, "age": 5.0, "cost": 10.0, "cap": nan})["S"]
    assert np.isnan(cap_missing)


def test_systems_and_equations_survive_pickling():
    import pickle

    system = build(EQUATIONS, DRIVERS)
    system.evaluate(INPUTS)  # compiles the closures first
    again = pickle.loads(pickle.dumps(system))  # noqa: S301 - our own object, made just above
    assert again.order == system.order
    assert again.evaluate(INPUTS)["Labour savings"] == system.evaluate(INPUTS)["Labour savings"]


def test_quantity_names_must_be_written_as_equations_read_them():
    errors = problems(
        ["S = [Hours per year] x [Rate]"], [Quantity("Hours  per year ", "h/yr"), Quantity("Rate", "USD/h")]
    )
    assert errors[0].message.startswith(
        "the quantity name 'Hours  per year ' must be written as equations read it"
    )
    assert errors[0].suggestions == ("Hours per year",)
