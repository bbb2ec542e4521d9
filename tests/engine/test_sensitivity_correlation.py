"""Correlated drivers: the variance of a sum with correlation rho, worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from worth.engine.sensitivity import (
    Correlations,
    Driver,
    Normal,
    SensitivityError,
    Triangular,
    ValueProblem,
    simulate,
)
from worth.engine.sensitivity.sampling import draw_inputs


def sum_problem(sd_a: float, sd_b: float) -> ValueProblem:
    drivers = (Driver("a", Normal(100, sd_a)), Driver("b", Normal(50, sd_b)))
    return ValueProblem.from_value_function(lambda x: x["a"] + x["b"], drivers)


@pytest.mark.parametrize("rho", [-0.7, 0.0, 0.4, 0.9])
def test_variance_of_a_correlated_sum_matches_the_hand_formula(rho):
    sd_a, sd_b, n = 3.0, 4.0, 400_000
    # Var(a + b) = sd_a² + sd_b² + 2 rho sd_a sd_b
    expected_sd = math.sqrt(sd_a**2 + sd_b**2 + 2 * rho * sd_a * sd_b)
    result = simulate(
        sum_problem(sd_a, sd_b), draws=n, seed=11, correlations=Correlations.from_pairs({("a", "b"): rho})
    )
    assert abs(result.sd - expected_sd) < 5 * expected_sd / math.sqrt(2 * (n - 1))
    assert abs(result.mean - 150) < 5 * expected_sd / math.sqrt(n)


def test_normal_drivers_get_exactly_the_requested_correlation():
    problem = sum_problem(3.0, 4.0)
    correlations = Correlations.from_pairs({("a", "b"): 0.6})
    draws = draw_inputs(problem, np.random.default_rng(4), 200_000, correlations)
    r = float(np.corrcoef(draws["a"], draws["b"])[0, 1])
    # standard error of a sample correlation is about (1 - rho²) / sqrt(n)
    assert abs(r - 0.6) < 5 * (1 - 0.36) / math.sqrt(200_000)


def test_non_normal_drivers_get_the_gaussian_copula_rank_correlation():
    drivers = (Driver("a", Triangular(0, 1, 10)), Driver("b", Triangular(5, 9, 10)))
    problem = ValueProblem.from_value_function(lambda x: x["a"] + x["b"], drivers)
    draws = draw_inputs(
        problem, np.random.default_rng(5), 200_000, Correlations.from_pairs({("a", "b"): 0.5})
    )
    spearman = stats.spearmanr(draws["a"], draws["b"]).statistic
    # for a Gaussian copula, Spearman's rho_s = (6 / pi) asin(rho / 2)
    assert spearman == pytest.approx(6 / math.pi * math.asin(0.25), abs=0.01)


def test_perfect_correlation_is_allowed():
    problem = sum_problem(3.0, 4.0)
    draws = draw_inputs(problem, np.random.default_rng(1), 1000, Correlations.from_pairs({("a", "b"): 1.0}))
    np.testing.assert_allclose((draws["a"] - 100) / 3, (draws["b"] - 50) / 4, atol=1e-9)


def test_correlations_estimated_from_observations_use_the_spearman_conversion():
    hours = [120, 95, 140, 80, 160, 110, 130]
    margin = [2400, 2100, 2600, 2300, 2900, 2000, 2500]
    correlations = Correlations.from_observations({"hours": hours, "margin": margin})
    rho_s = stats.spearmanr(hours, margin).statistic
    assert correlations.matrix[0, 1] == pytest.approx(2 * math.sin(math.pi * rho_s / 6))
    assert correlations.names == ("hours", "margin")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Correlations.from_pairs({("a", "b"): 1.2}), "correlation between 'a' and 'b' is 1.2"),
        (lambda: Correlations.from_pairs({("a", "a"): 0.5}), "driver 'a' is correlated with itself"),
        (
            lambda: Correlations.from_pairs({("a", "b"): 0.9, ("b", "c"): 0.9, ("a", "c"): -0.9}),
            "contradict each other",
        ),
        (
            lambda: Correlations.from_pairs({("a", "b"): 0.5, ("b", "a"): 0.3}),
            "between 'b' and 'a' is given twice, differently",
        ),
        (lambda: Correlations.from_observations({"a": [1, 2, 3]}), "needs at least two drivers"),
        (lambda: Correlations.from_observations({"a": [1, 2, 3], "b": [1, 2]}), "'a': 3, 'b': 2"),
        (lambda: Correlations.from_observations({"a": [1, 2], "b": [1, 2]}), "at least 3 customers, got 2"),
        (
            lambda: Correlations.from_observations({"a": [1, 2, 3], "b": [4, 4, 4]}),
            "driver 'b' has the same value",
        ),
    ],
)
def test_bad_correlations_are_refused_with_a_clear_message(build, message):
    with pytest.raises(SensitivityError) as caught:
        build()
    assert message in str(caught.value)


def test_estimates_from_few_customers_and_many_drivers_are_repaired_into_a_valid_matrix():
    rng = np.random.default_rng(12)
    observations = {f"driver {i}": rng.normal(size=5) for i in range(8)}
    correlations = Correlations.from_observations(observations)
    assert np.linalg.eigvalsh(correlations.matrix).min() > -1e-9
    np.testing.assert_allclose(np.diag(correlations.matrix), 1.0)
    # it stays usable for drawing
    scores = correlations.normal_scores(np.random.default_rng(1), 10)
    assert scores.shape == (10, 8)


def test_missing_observations_use_pairwise_complete_customers():
    hours = [120, 95, float("nan"), 80, 160, 110, 130]
    margin = [2400, 2100, 2600, 2300, 2900, 2000, 2500]
    energy = [float("nan"), float("nan"), 5.0, 7.0, float("nan"), float("nan"), float("nan")]
    energy_full = [1.0, float("nan"), 5.0, 7.0, 2.0, float("nan"), float("nan")]
    correlations = Correlations.from_observations({"hours": hours, "margin": margin, "energy": energy_full})
    both = [0, 1, 3, 4, 5, 6]
    rho_s = stats.spearmanr([hours[i] for i in both], [margin[i] for i in both]).statistic
    assert correlations.matrix[0, 1] == pytest.approx(2 * math.sin(math.pi * rho_s / 6))
    # hours and energy share customers 0, 3 and 4 only (3 customers): estimated; none are sparse
    assert correlations.sparse_pairs == ()
    with pytest.raises(SensitivityError, match="at least 3 customers, got 2 for 'energy'"):
        Correlations.from_observations({"hours": hours, "energy": energy})


def test_pairs_sharing_fewer_than_three_customers_stay_uncorrelated_and_are_listed():
    hours = [120, 95, float("nan"), 80, 160, 110, 130]
    energy = [float("nan"), float("nan"), 5.0, 7.0, float("nan"), float("nan"), 9.0]
    correlations = Correlations.from_observations({"hours": hours, "energy": energy})
    assert correlations.sparse_pairs == (("hours", "energy"),)
    assert correlations.matrix[0, 1] == 0.0


def test_every_pair_matches_scipy_spearman_on_the_customers_that_reported_both():
    rng = np.random.default_rng(8)
    data = {name: np.round(rng.normal(size=12), 1) for name in ("a", "b", "c", "d")}
    data["d"][[2, 7]] = np.nan
    data["b"][5] = data["b"][6]  # a tie
    correlations = Correlations.from_observations(data)
    assert not correlations.repaired
    names = list(data)
    for i, x in enumerate(names):
        for j, y in enumerate(names):
            if i >= j:
                continue
            both = np.isfinite(data[x]) & np.isfinite(data[y])
            rho_s = stats.spearmanr(data[x][both], data[y][both]).statistic
            assert correlations.matrix[i, j] == pytest.approx(2 * math.sin(math.pi * rho_s / 6), abs=1e-12)
