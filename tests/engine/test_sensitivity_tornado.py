"""Tornado on a model small enough to work out by hand."""

from __future__ import annotations

import statistics

import pytest
from scipy import stats

from worth.engine.sensitivity import (
    Driver,
    Fixed,
    Normal,
    SensitivityError,
    ValueProblem,
    fit_distribution,
    tornado,
)
from worth.engine.sensitivity.problem import MARGIN

# Downtime saving = hours x margin per hour; labour saving = 40 x technician rate; delta price 150,000
HOURS = [60.0, 80.0, 100.0, 120.0, 140.0]
MARGIN_PER_HOUR = [1800.0, 2000.0, 2200.0, 2400.0, 2600.0]
RATE = [50.0, 60.0, 70.0]


def outputs(x):
    downtime = x["hours"] * x["margin"]
    labour = 40 * x["rate"]
    return {"Downtime": downtime, "Labour": labour, "delta value": downtime + labour}


def problem(delta_price: float | None = 150_000.0) -> ValueProblem:
    drivers = (
        Driver("hours", fit_distribution(HOURS), HOURS, unit="h/yr"),
        Driver("margin", fit_distribution(MARGIN_PER_HOUR), MARGIN_PER_HOUR, unit="$/h"),
        Driver("rate", fit_distribution(RATE), RATE, unit="$/h"),
    )
    return ValueProblem(drivers, outputs, delta_price=delta_price, label="Large mills")


def test_bars_are_the_model_at_the_p10_and_p90_of_each_driver_by_hand():
    result = tornado(problem(), spread="p10-p90")
    # inclusive percentiles: P10 of 60..140 step 20 is 60 + 0.4 * 20 = 68, P90 is 132
    h10, h90 = 68.0, 132.0
    m10, m90 = 1880.0, 2520.0
    r10, r90 = 52.0, 68.0
    base = 100.0 * 2200.0 + 40 * 60.0  # 222,400
    total = result.total_tornado
    assert total.baseline_value == pytest.approx(base)
    assert [b.driver for b in total.bars] == ["hours", "margin", "rate"]
    hours = total.bar("hours")
    assert (hours.low_setting, hours.high_setting) == pytest.approx((h10, h90))
    assert hours.value_at_low == pytest.approx(h10 * 2200 + 2400)
    assert hours.value_at_high == pytest.approx(h90 * 2200 + 2400)
    assert hours.swing == pytest.approx((h90 - h10) * 2200)
    assert total.bar("margin").swing == pytest.approx(100 * (m90 - m10))
    assert total.bar("rate").swing == pytest.approx(40 * (r90 - r10))
    # element outputs: rate moves only labour
    labour = result.tornados["Labour"]
    assert labour.bars[0].driver == "rate"
    assert labour.bar("hours").swing == 0.0


def test_sd_spread_uses_mean_plus_minus_one_sample_sd():
    result = tornado(problem(), spread="sd")
    sd = statistics.stdev(HOURS)
    bar = result.total_tornado.bar("hours")
    assert (bar.low_setting, bar.high_setting) == pytest.approx((100 - sd, 100 + sd))
    assert bar.swing == pytest.approx(2 * sd * 2200)


def test_margin_tornado_shows_which_drivers_can_make_the_offer_lose():
    result = tornado(problem(delta_price=200_000.0))
    margin = result.margin
    assert margin is not None
    assert margin.output == MARGIN
    assert margin.baseline_value == pytest.approx(222_400 - 200_000)
    hours = margin.bar("hours")
    assert hours.value_at_low == pytest.approx(68 * 2200 + 2400 - 200_000)  # below zero: loses
    assert set(margin.sign_changes()) == {"hours", "margin"}
    assert result.total_tornado.sign_changes() == ()


def test_without_a_delta_price_there_is_no_margin_tornado():
    assert tornado(problem(delta_price=None)).margin is None


def test_drivers_without_observations_use_their_distribution_or_stay_fixed():
    drivers = (Driver("a", Normal(10, 2)), Driver("b", Fixed(3.0)))
    p = ValueProblem.from_value_function(lambda x: x["a"] * x["b"], drivers)
    result = tornado(p)
    a = result.total_tornado.bar("a")
    assert a.low_setting == pytest.approx(stats.norm.ppf(0.1, 10, 2))
    assert a.high_setting == pytest.approx(stats.norm.ppf(0.9, 10, 2))
    b = result.total_tornado.bar("b")
    assert b.swing == 0.0
    sources = {s.driver: s.source for s in result.settings}
    assert sources == {"a": "distribution", "b": "fixed"}


def test_baseline_can_differ_from_the_mean():
    drivers = (Driver("a", Normal(10, 2), baseline=12.0),)
    p = ValueProblem.from_value_function(lambda x: 5 * x["a"], drivers)
    assert tornado(p, spread="sd").total_tornado.baseline_value == pytest.approx(60.0)


def test_unknown_spread_and_unknown_driver_are_refused():
    with pytest.raises(SensitivityError, match="unknown spread 'p5-p95'; choose one of p10-p90, sd"):
        tornado(problem(), spread="p5-p95")  # type: ignore[arg-type]
    with pytest.raises(SensitivityError, match="unknown driver 'speed'"):
        tornado(problem()).total_tornado.bar("speed")
    with pytest.raises(SensitivityError, match="unknown driver 'speed'; known drivers: hours, margin, rate"):
        problem().evaluate({"speed": [1.0]})


def test_a_price_per_machine_moves_the_margin_but_not_the_value():
    drivers = (
        Driver("a", Normal(10, 1), [9.0, 10.0, 11.0]),
        Driver("machines", Normal(3, 1), [2.0, 3.0, 4.0]),
    )

    def outputs(x):
        return {"delta value": 2 * x["a"], "delta price": 5 * x["machines"]}

    result = tornado(ValueProblem(drivers, outputs, price="delta price"), spread="p10-p90")
    margin = result.margin
    assert margin is not None
    # P10 / P90 of 2, 3, 4 are 2.2 and 3.8; margin at baseline 20 - 15 = 5
    assert margin.baseline_value == pytest.approx(5.0)
    machines = margin.bar("machines")
    assert machines.value_at_low == pytest.approx(20 - 5 * 2.2)
    assert machines.value_at_high == pytest.approx(20 - 5 * 3.8)
    assert result.total_tornado.bar("machines").swing == 0.0
