"""The value calculator's questions, defaults and results, and value documented from measured results,
checked against the example's numbers by hand."""

from __future__ import annotations

import math
import statistics
from datetime import date
from pathlib import Path

import pytest

from worth.engine.model.calculator import OFFERING_PRICE, CalculatorError, build_calculator
from worth.engine.model.io import load_model
from worth.engine.model.realization import (
    ConfirmedResult,
    Reading,
    achievement,
    documented_values,
    latest_readings,
    realization_trend,
    with_confirmed_results,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
LARGE = "Large integrated mills"
DT_ALT = "Unplanned downtime hours per year, alternative"
DT_OURS = "Unplanned downtime hours per year, offering"
MARGIN = "Contribution margin per production hour"


@pytest.fixture(scope="module")
def calc():  # type: ignore[no-untyped-def]
    return build_calculator(load_model(EXAMPLE), LARGE)


def test_it_asks_for_every_driver_the_equations_read_and_for_the_prices(calc) -> None:  # type: ignore[no-untyped-def]
    model = load_model(EXAMPLE)
    names = [item.name for item in calc.inputs]
    drivers = [d.name for d in model.drivers]
    assert names[: len(drivers)] == drivers
    assert names[len(drivers) :] == ["Price: offering", "Price: alternative", "Paper machines"]
    assert [c.name for c in calc.constants] == ["Agreement term"]
    assert [q.target for q in calc.quantities] == ["Fully loaded labour cost per hour"]


def test_defaults_are_the_research_medians_of_the_subsegment_flagged_as_such(calc) -> None:  # type: ignore[no-untyped-def]
    model = load_model(EXAMPLE)
    mills = [c for c in model.customers if c.subsegment == LARGE and c.observations]
    margin = calc.input(MARGIN)
    assert margin.default == statistics.median(
        c.observations[MARGIN].value for c in mills if MARGIN in c.observations
    )
    assert (margin.default_kind, margin.default_note) == (
        "research",
        f"median of {len(mills)} research customers of {LARGE}",
    )
    methods = [c.observations[MARGIN].method for c in mills]
    top = max(set(methods), key=methods.count)
    assert margin.where_to_find.startswith(f"{top} ({methods.count(top)} of {len(mills)})")
    price = calc.input(OFFERING_PRICE)
    assert (price.default, price.default_kind) == (96_000, "list-price")


def test_the_result_is_the_equations_worked_out_by_hand(calc) -> None:  # type: ignore[no-untyped-def]
    values = {**calc.defaults(), DT_ALT: 40.0, DT_OURS: 10.0, MARGIN: 9_000.0, "Paper machines": 2.0}
    result = calc.evaluate(values, who="Lindqvist Bruk")
    assert result.elements["Unplanned downtime"] == (40 - 10) * 9_000
    labour = (
        values["Technician salary per year"]
        * (1 + values["Labour overhead rate"])
        / values["Working hours per technician per year"]
    )
    assert result.elements["Sensor installation time"] == pytest.approx(
        -values["Sensor installation hours"] * labour / 3
    )
    assert result.total == pytest.approx(math.fsum(result.elements.values()))
    assert (result.offering_price, result.alternative_price) == (96_000 * 2, 29_000 * 2)
    assert result.choice.sentence.startswith("Lindqvist Bruk should choose")


def test_an_input_left_out_leaves_its_elements_and_the_total_without_value(calc) -> None:  # type: ignore[no-untyped-def]
    values = {k: v for k, v in calc.defaults().items() if k != MARGIN}
    result = calc.evaluate(values)
    assert math.isnan(result.elements["Unplanned downtime"])
    assert not math.isnan(result.elements["Energy"])
    assert math.isnan(result.total)
    assert result.missing == (MARGIN,)
    assert "not computable" in result.choice.sentence


def test_reading_answers_names_the_input_and_the_value_as_given(calc) -> None:  # type: ignore[no-untyped-def]
    assert calc.read({MARGIN: "9,100", DT_ALT: " ", DT_OURS: 12}) == {MARGIN: 9100.0, DT_OURS: 12.0}
    with pytest.raises(
        CalculatorError, match=r"\[Contribution margin per production hour\]: '9,1OO' is not a number"
    ):
        calc.read({MARGIN: "9,1OO"})
    with pytest.raises(CalculatorError, match="is not a finite number"):
        calc.read({MARGIN: "inf"})
    with pytest.raises(CalculatorError, match=r"has no input \[Coffee\]"):
        calc.read({"Coffee": 1})


def test_a_division_by_zero_is_no_value_not_infinity(calc) -> None:  # type: ignore[no-untyped-def]
    result = calc.evaluate({**calc.defaults(), "Working hours per technician per year": 0.0})
    assert math.isnan(result.elements["Maintenance labour"])
    assert math.isnan(result.total)


def test_documented_value_replaces_measured_inputs_in_the_elements_own_equation(calc) -> None:  # type: ignore[no-untyped-def]
    promised = {**calc.defaults(), DT_ALT: 40.0, DT_OURS: 10.0, MARGIN: 9_000.0}
    readings = [
        Reading(DT_OURS, date(2026, 3, 31), 20.0),
        Reading(DT_OURS, date(2026, 6, 30), 16.0),
        Reading("Electricity price", date(2026, 6, 30), 0.1),
    ]
    assert latest_readings(readings) == {DT_OURS: 16.0, "Electricity price": 0.1}
    assert latest_readings(readings, until=date(2026, 4, 1)) == {DT_OURS: 20.0}
    found = documented_values(calc, promised, latest_readings(readings))
    downtime = found["Unplanned downtime"]
    assert (downtime.promised, downtime.documented) == (270_000, 216_000)
    assert downtime.share == pytest.approx(0.8)
    assert achievement(downtime) == "below the promise"
    assert achievement(downtime, minimum=250_000) == "below the minimum"
    energy = found["Energy"]
    friction = (
        promised["Friction energy losses per year, alternative"]
        - promised["Friction energy losses per year, offering"]
    )
    assert energy.documented == pytest.approx(friction * 0.1)
    assert achievement(energy) == "achieved"
    assert math.isnan(found["Bearing consumption"].documented)
    assert achievement(found["Bearing consumption"]) == "not measured"
    trend = realization_trend(calc, promised, readings)
    # 31 March: (40 - 20) x 9,000; 30 June: 216,000 plus the energy documented by then.
    assert trend == [
        (date(2026, 3, 31), 180_000),
        (date(2026, 6, 30), pytest.approx(216_000 + friction * 0.1)),
    ]


def test_confirmed_results_of_a_customer_new_to_the_research_add_it_with_its_own_figures() -> None:
    model = load_model(EXAMPLE)
    given = {
        DT_ALT: (40.0, "customer-estimate"),
        MARGIN: (9000.0, "default"),
        "Unknown": (1.0, "measured"),
        "Paper machines": (2.0, "customer-estimate"),
    }
    confirmed = [
        ConfirmedResult(DT_OURS, 12.0, date(2026, 6, 30), "DCS export", "plant manager"),
        ConfirmedResult("An input the model dropped", 3.0, date(2026, 6, 30), "", "plant manager"),
    ]
    after = with_confirmed_results(
        model,
        customer="Nordic Board AB",
        customer_id="DOC-7",
        subsegment=LARGE,
        estimate=given,
        confirmed=confirmed,
    )
    assert len(after.customers) == len(model.customers) + 1
    added = after.customers[-1]
    assert (added.id, added.name, added.subsegment) == ("DOC-7", "Nordic Board AB", LARGE)
    assert added.characteristics == {"Paper machines": 2.0}
    assert added.observations[DT_OURS].value == 12.0
    assert added.observations[DT_OURS].source == "measured"
    assert added.observations[DT_OURS].method == "DCS export"
    assert added.observations[DT_ALT].value == 40.0
    assert added.observations[DT_ALT].source == "customer-estimate"
    # "default" is no source kind of the research, an unknown input is not the model's: both left out.
    assert set(added.observations) == {DT_OURS, DT_ALT}
    # The other customers' research is untouched.
    assert [c.observations for c in after.customers[:-1]] == [c.observations for c in model.customers]
    # A second customer of the same id gets its own.
    again = with_confirmed_results(
        after,
        customer="Other",
        customer_id="DOC-7",
        subsegment=LARGE,
        estimate={"Paper machines": (1.0, "customer-estimate")},
        confirmed=confirmed[:1],
    )
    assert again.customers[-1].id == "DOC-7-2"
