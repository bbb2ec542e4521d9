"""Sobol indices against published answers (Ishigami) and a linear model worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from worth.engine.sensitivity import (
    Driver,
    Fixed,
    Normal,
    SensitivityError,
    Uniform,
    ValueProblem,
    sobol_indices,
)

# Ishigami function, a = 7, b = 0.1, x_i ~ U(-pi, pi). Published indices (Ishigami and Homma 1990;
# Saltelli et al. 2008, "Global Sensitivity Analysis: The Primer", p. 179).
PUBLISHED_S1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
PUBLISHED_ST = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}


def ishigami(x):
    return np.sin(x["x1"]) + 7 * np.sin(x["x2"]) ** 2 + 0.1 * x["x3"] ** 4 * np.sin(x["x1"])


def ishigami_problem() -> ValueProblem:
    drivers = [Driver(name, Uniform(-math.pi, math.pi)) for name in ("x1", "x2", "x3")]
    return ValueProblem.from_value_function(ishigami, drivers, label="Ishigami")


def test_ishigami_indices_match_the_published_values():
    result = sobol_indices(ishigami_problem(), samples=2**14, seed=2024)
    for index in result.indices:
        assert index.first == pytest.approx(PUBLISHED_S1[index.driver], abs=0.03), index
        assert index.total == pytest.approx(PUBLISHED_ST[index.driver], abs=0.03), index
    # variance of the Ishigami function: a²/8 + b pi⁴/5 + b² pi⁸/18 + 1/2
    variance = 7**2 / 8 + 0.1 * math.pi**4 / 5 + 0.1**2 * math.pi**8 / 18 + 0.5
    assert result.variance == pytest.approx(variance, rel=0.03)
    assert result.evaluations == 2**14 * (3 + 2)
    assert [i.driver for i in result.ranked()] == ["x1", "x2", "x3"]


def test_confidence_intervals_cover_the_published_values():
    result = sobol_indices(ishigami_problem(), samples=2**12, seed=1)
    for index in result.indices:
        assert abs(index.total - PUBLISHED_ST[index.driver]) < 2 * index.total_conf + 0.01


def test_linear_model_indices_are_each_drivers_share_of_the_variance():
    # y = 2a + b with a ~ N(0, 1), b ~ N(0, 3): Var = 4 + 9; S_a = 4/13, S_b = 9/13
    # and S = ST (no interaction)
    drivers = [Driver("a", Normal(0, 1)), Driver("b", Normal(0, 3)), Driver("rate", Fixed(5.0))]
    problem = ValueProblem.from_value_function(lambda x: 2 * x["a"] + x["b"] * x["rate"] / 5, drivers)
    result = sobol_indices(problem, samples=2**13, seed=3)
    by_driver = {i.driver: i for i in result.indices}
    assert by_driver["a"].first == pytest.approx(4 / 13, abs=0.02)
    assert by_driver["b"].first == pytest.approx(9 / 13, abs=0.02)
    assert by_driver["a"].total == pytest.approx(4 / 13, abs=0.02)
    assert result.held_fixed == ("rate",)
    assert abs(result.interaction_share) < 0.03


def test_a_seed_reproduces_the_indices():
    first = sobol_indices(ishigami_problem(), samples=256, seed=0)
    again = sobol_indices(ishigami_problem(), samples=256, seed=0)
    assert first.indices == again.indices
    assert first.seed == 0


def test_samples_round_up_to_a_power_of_two_and_progress_reaches_the_end():
    seen: list[tuple[int, int]] = []
    result = sobol_indices(
        ishigami_problem(), samples=1000, seed=1, chunk=2000, progress=lambda d, t: seen.append((d, t))
    )
    assert result.samples == 1024
    assert seen[-1] == (1024 * 5, 1024 * 5)
    assert result.to_dict()["indices"][0]["driver"] == "x1"


@pytest.mark.parametrize(
    ("problem", "kwargs", "message"),
    [
        (ishigami_problem(), {"samples": 1}, "Sobol samples must be a whole number of at least 2, got 1"),
        (ishigami_problem(), {"samples": 2**30}, "Sobol samples must be at most"),
        (ishigami_problem(), {"output": "Energy"}, "unknown output 'Energy'; outputs: delta value"),
        (ishigami_problem(), {"conf_level": 1.5}, "confidence level must lie strictly between 0 and 1"),
        (
            ValueProblem.from_value_function(lambda x: x["a"], [Driver("a", Fixed(2.0))]),
            {},
            "no driver has any spread",
        ),
        (
            ValueProblem.from_value_function(lambda x: 0 * x["a"], [Driver("a", Normal(0, 1))]),
            {},
            "does not vary with the drivers",
        ),
    ],
)
def test_bad_settings_are_refused_with_a_clear_message(problem, kwargs, message):
    with pytest.raises(SensitivityError) as caught:
        sobol_indices(problem, samples=kwargs.pop("samples", 64), seed=1, **kwargs)
    assert message in str(caught.value)


def test_indices_of_the_margin_show_what_decides_whether_the_offer_wins():
    # margin = 2a - 5m with a ~ N(10, 1), m ~ N(3, 0.5): Var = 4 + 6.25; S_m = 6.25 / 10.25
    drivers = [Driver("a", Normal(10, 1)), Driver("m", Normal(3, 0.5))]

    def outputs(x):
        return {"delta value": 2 * x["a"], "delta price": 5 * x["m"]}

    problem = ValueProblem(tuple(drivers), outputs, price="delta price")
    result = sobol_indices(problem, samples=2**13, seed=4, output="delta value - delta price")
    by_driver = {i.driver: i for i in result.indices}
    assert by_driver["m"].first == pytest.approx(6.25 / 10.25, abs=0.02)
    assert by_driver["a"].total == pytest.approx(4 / 10.25, abs=0.02)
