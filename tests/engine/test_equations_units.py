"""Reading and writing units, and the dimension rules the equation check relies on."""

from __future__ import annotations

import pytest

from worth.engine.equations import EquationError, format_unit, parse_unit
from worth.engine.equations.units import conversion_factor, is_dimensionless


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("h/yr", "h/yr"),
        ("hours per year", "h/yr"),
        ("USD/h", "USD/h"),
        ("$/h", "USD/h"),
        ("€/kWh", "EUR/kWh"),
        ("kWh/yr", "kWh/yr"),
        ("t/yr", "t/yr"),
        ("tonnes/yr", "t/yr"),
        ("bearings/yr", "bearings/yr"),
        ("USD/bearing", "USD/bearing"),
        ("batches per month", "batches/mo"),
        ("USD/batch", "USD/batch"),
        ("deliveries/yr", "deliveries/yr"),
        ("USD/(h·yr)", "USD/(h·yr)"),
        ("m²", "m²"),
        ("m^3/h", "m³/h"),
        ("1", "1"),
        ("%", "1"),
        ("", "1"),
        ("1/yr", "1/yr"),
        ("m/min", "m/min"),
        ("ZAR/h", "ZAR/h"),
    ],
)
def test_units_read_and_write_back(text, shown):
    assert format_unit(parse_unit(text)) == shown


def test_currencies_are_separate_dimensions():
    assert conversion_factor(parse_unit("USD"), parse_unit("EUR")) is None


def test_clock_time_and_calendar_periods_are_separate_dimensions():
    assert conversion_factor(parse_unit("h/yr"), parse_unit("1")) is None
    assert not is_dimensionless(parse_unit("h/yr"))
    assert is_dimensionless(parse_unit("h/h"))


def test_periods_and_times_convert_by_their_factors():
    assert conversion_factor(parse_unit("USD/month"), parse_unit("USD/yr")) == pytest.approx(12.0)
    assert conversion_factor(parse_unit("USD/quarter"), parse_unit("USD/yr")) == pytest.approx(4.0)
    assert conversion_factor(parse_unit("min"), parse_unit("h")) == pytest.approx(1 / 60)
    assert conversion_factor(parse_unit("kWh"), parse_unit("MWh")) == pytest.approx(1e-3)
    assert conversion_factor(parse_unit("t"), parse_unit("kg")) == pytest.approx(1000.0)


def test_count_units_cancel_singular_with_plural():
    product = parse_unit("bearings/yr") * parse_unit("USD/bearing")
    assert format_unit(product) == "USD/yr"


def test_a_case_slip_in_a_known_unit_is_refused_with_the_right_spelling():
    with pytest.raises(EquationError, match="did you mean 'kWh'") as caught:
        parse_unit("kwh/yr")
    assert caught.value.suggestions == ("kWh",)
    assert caught.value.position == 0


@pytest.mark.parametrize("text", ["(", "h//", "*", "1e999999", "x" * 200])
def test_unreadable_units_raise_equation_error(text):
    with pytest.raises(EquationError):
        parse_unit(text)
