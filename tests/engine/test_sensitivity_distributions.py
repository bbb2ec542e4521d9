"""Driver distributions checked against scipy and the statistics module."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import stats

from worth.engine.sensitivity import (
    Empirical,
    Fixed,
    LogNormal,
    Normal,
    SensitivityError,
    Triangular,
    Uniform,
    fit_distribution,
    triangular_from_estimate,
)
from worth.engine.sensitivity.fitting import spread_settings

HOURS = [120.0, 95.0, 140.0, 80.0, 160.0, 110.0, 130.0]


def test_it_fits_a_normal_with_the_sample_mean_and_sd():
    dist = fit_distribution(HOURS, "normal")
    assert isinstance(dist, Normal)
    assert dist.mean == pytest.approx(statistics.mean(HOURS))
    assert dist.sd == pytest.approx(statistics.stdev(HOURS))


def test_it_fits_a_lognormal_that_keeps_the_observed_mean_and_sd():
    dist = fit_distribution(HOURS, "lognormal")
    assert isinstance(dist, LogNormal)
    reference = stats.lognorm(s=dist.sigma_log, scale=math.exp(dist.mu_log))
    assert reference.mean() == pytest.approx(statistics.mean(HOURS))
    assert reference.std() == pytest.approx(statistics.stdev(HOURS))
    assert dist.mean == pytest.approx(reference.mean())
    assert dist.sd == pytest.approx(reference.std())
    assert_allclose(dist.ppf([0.1, 0.5, 0.9]), reference.ppf([0.1, 0.5, 0.9]), rtol=1e-12)


def test_triangular_moments_and_quantiles_match_scipy():
    low, mode, high = 20.0, 40.0, 90.0
    dist = triangular_from_estimate(low, mode, high, name="Downtime hours")
    reference = stats.triang(c=(mode - low) / (high - low), loc=low, scale=high - low)
    assert dist.mean == pytest.approx(reference.mean())
    assert dist.sd == pytest.approx(reference.std())
    q = np.linspace(0.001, 0.999, 41)
    assert_allclose(dist.ppf(q), reference.ppf(q), rtol=1e-12)


def test_triangular_samples_have_the_triangular_mean():
    dist = Triangular(20.0, 40.0, 90.0)
    draws = dist.sample(np.random.default_rng(7), 200_000)
    tolerance = 5 * dist.sd / math.sqrt(draws.size)
    assert abs(draws.mean() - 50.0) < tolerance
    assert draws.min() >= 20.0
    assert draws.max() <= 90.0


def test_uniform_moments_match_scipy():
    dist = Uniform(-math.pi, math.pi)
    reference = stats.uniform(loc=-math.pi, scale=2 * math.pi)
    assert dist.mean == pytest.approx(reference.mean(), abs=1e-15)
    assert dist.sd == pytest.approx(reference.std())
    assert_allclose(dist.ppf([0.25, 0.75]), reference.ppf([0.25, 0.75]))


def test_empirical_draws_only_observed_values_equally_often():
    dist = fit_distribution([1.0, 2.0, 5.0], "empirical")
    assert isinstance(dist, Empirical)
    draws = dist.sample(np.random.default_rng(3), 90_000)
    values, counts = np.unique(draws, return_counts=True)
    assert values.tolist() == [1.0, 2.0, 5.0]
    assert_allclose(counts / draws.size, [1 / 3] * 3, atol=0.01)
    # quantile function of the bootstrap: each value holds a third of the probability
    assert dist.ppf([0.1, 0.34, 0.66, 0.99]).tolist() == [1.0, 2.0, 2.0, 5.0]
    assert dist.mean == pytest.approx(statistics.mean([1.0, 2.0, 5.0]))
    assert dist.sd == pytest.approx(statistics.pstdev([1.0, 2.0, 5.0]))


def test_normal_scores_map_through_each_distribution():
    z = np.array([-1.0, 0.0, 1.5])
    normal = Normal(10.0, 2.0)
    assert_allclose(normal.from_normal_scores(z), [8.0, 10.0, 13.0])
    tri = Triangular(0.0, 1.0, 4.0)
    assert_allclose(tri.from_normal_scores(z), tri.ppf(stats.norm.cdf(z)))
    assert Fixed(3.0).from_normal_scores(z).tolist() == [3.0, 3.0, 3.0]


def test_same_generator_seed_gives_same_draws():
    dist = fit_distribution(HOURS, "lognormal")
    first = dist.sample(np.random.default_rng(11), 1000)
    second = dist.sample(np.random.default_rng(11), 1000)
    assert np.array_equal(first, second)


def test_spread_settings_match_inclusive_percentiles_and_sample_sd():
    deciles = statistics.quantiles(HOURS, n=10, method="inclusive")
    assert spread_settings(HOURS, "p10-p90") == pytest.approx((deciles[0], deciles[-1]))
    mean, sd = statistics.mean(HOURS), statistics.stdev(HOURS)
    assert spread_settings(HOURS, "sd") == pytest.approx((mean - sd, mean + sd))


def test_describe_lists_kind_parameters_and_moments():
    described = Triangular(1.0, 2.0, 6.0).describe()
    assert described["kind"] == "triangular"
    assert described["mean"] == pytest.approx(3.0)
    assert described["low"] == 1.0


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: triangular_from_estimate(90, 40, 20, name="Downtime"),
            "minimum 90.0 is above the maximum 20.0",
        ),
        (
            lambda: triangular_from_estimate(20, 95, 90, name="Downtime"),
            "most likely value 95.0 lies outside",
        ),
        (lambda: Triangular(5, 5, 5), "use a fixed value"),
        (lambda: Normal(10, -1), "normal sd must not be negative, got -1"),
        (lambda: LogNormal.from_mean_sd(10, -2), "lognormal sd must not be negative"),
        (lambda: LogNormal.from_mean_sd(0, 2), "lognormal mean must be above zero"),
        (lambda: Uniform(3, 1), "uniform minimum 3.0 must be below the maximum 1.0"),
        (lambda: Normal(float("nan"), 1), "normal mean must be a finite number"),
        (lambda: fit_distribution([12.0], name="Energy"), "driver 'Energy': 1 observation(s) are too few"),
        (lambda: fit_distribution([], name="Energy"), "0 observation(s) are too few"),
        (lambda: fit_distribution([1.0, float("nan")], name="Energy"), "observation 2 is nan"),
        (lambda: fit_distribution([3.0, 0.0, 2.0], "lognormal", name="Hours"), "observation 2 is 0.0"),
        (lambda: fit_distribution([3.0, 2.0], "gamma", name="Hours"), "unknown distribution 'gamma'"),  # type: ignore[arg-type]
        (lambda: Empirical((1.0,)), "at least 2 observations"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(build, message):
    with pytest.raises(SensitivityError) as caught:
        build()
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)
