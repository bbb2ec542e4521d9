"""Monte Carlo against known answers: a linear model of independent normal drivers is normal."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from worth.engine.sensitivity import (
    Correlations,
    Driver,
    Fixed,
    Normal,
    SensitivityError,
    Triangular,
    ValueProblem,
    simulate,
    simulate_each,
)
from worth.engine.sensitivity.sampling import BLOCK

# Delta value = 3 + 2 a - 1.5 b + 0.5 c with a ~ N(10, 2), b ~ N(4, 1), c ~ N(-6, 3)
MEAN = 3 + 2 * 10 - 1.5 * 4 + 0.5 * -6  # 14
SD = math.sqrt((2 * 2) ** 2 + (1.5 * 1) ** 2 + (0.5 * 3) ** 2)  # sqrt(16 + 2.25 + 2.25)
DELTA_PRICE = 12.0


def linear_outputs(x):
    downtime = 2 * x["a"]
    labour = -1.5 * x["b"] + 0.5 * x["c"]
    return {"Downtime": downtime, "Labour": labour, "delta value": 3 + downtime + labour}


def linear_problem(delta_price: float | None = DELTA_PRICE) -> ValueProblem:
    drivers = (Driver("a", Normal(10, 2)), Driver("b", Normal(4, 1)), Driver("c", Normal(-6, 3)))
    return ValueProblem(drivers, linear_outputs, delta_price=delta_price, label="Large mills")


def test_linear_normal_model_has_the_hand_computed_mean_sd_and_percentiles():
    n = 400_000
    result = simulate(linear_problem(), draws=n, seed=20240601)
    # 5 standard errors: a false alarm about once in 1.7 million runs
    assert abs(result.mean - MEAN) < 5 * SD / math.sqrt(n)
    assert abs(result.sd - SD) < 5 * SD / math.sqrt(2 * (n - 1))
    for p, value in result.percentiles.items():
        expected = MEAN + SD * stats.norm.ppf(p / 100)
        density = stats.norm.pdf(stats.norm.ppf(p / 100)) / SD
        quantile_se = math.sqrt((p / 100) * (1 - p / 100) / n) / density
        assert abs(value - expected) < 5 * quantile_se, p
    win = stats.norm.sf(DELTA_PRICE, loc=MEAN, scale=SD)
    assert result.probability_wins is not None
    assert abs(result.probability_wins - win) < 5 * math.sqrt(win * (1 - win) / n)
    margins = result.margin_percentiles
    assert margins is not None
    assert margins[50.0] == pytest.approx(result.percentiles[50.0] - DELTA_PRICE)


def test_each_output_gets_its_own_mean_and_sd():
    n = 200_000
    result = simulate(linear_problem(), draws=n, seed=5)
    by_name = {o.name: o for o in result.outputs}
    assert set(by_name) == {"Downtime", "Labour", "delta value"}
    assert abs(by_name["Downtime"].mean - 20) < 5 * 4 / math.sqrt(n)
    assert abs(by_name["Downtime"].sd - 4) < 5 * 4 / math.sqrt(2 * n)
    labour_sd = math.sqrt(1.5**2 + 1.5**2)
    assert abs(by_name["Labour"].mean - (-6 - 3)) < 5 * labour_sd / math.sqrt(n)
    # the streamed per-block moments agree with a direct calculation on the kept draws
    kept = simulate(linear_problem(), draws=n, seed=5, keep_values=True)
    assert kept.values is not None
    assert by_name["delta value"].mean == pytest.approx(float(np.mean(kept.values)), rel=1e-12)
    assert by_name["delta value"].sd == pytest.approx(float(np.std(kept.values, ddof=1)), rel=1e-10)


@pytest.mark.parametrize("draws", [3 * BLOCK, 3 * BLOCK + 123, 7])
def test_chunk_size_never_changes_the_result(draws):
    problem = linear_problem()
    whole = simulate(problem, draws=draws, seed=42, chunk=10 * BLOCK)
    for chunk in (1, BLOCK, 2 * BLOCK):
        chunked = simulate(problem, draws=draws, seed=42, chunk=chunk)
        assert chunked.mean == whole.mean
        assert chunked.sd == whole.sd
        assert chunked.percentiles == whole.percentiles
        assert chunked.outputs == whole.outputs
        assert chunked.histogram == whole.histogram
        assert chunked.probability_wins == whole.probability_wins


def test_chunk_size_never_changes_correlated_draws():
    problem = linear_problem()
    correlations = Correlations.from_pairs({("a", "c"): 0.6})
    whole = simulate(problem, draws=2 * BLOCK + 5, seed=9, chunk=4 * BLOCK, correlations=correlations)
    chunked = simulate(problem, draws=2 * BLOCK + 5, seed=9, chunk=BLOCK, correlations=correlations)
    assert chunked.percentiles == whole.percentiles
    assert chunked.outputs == whole.outputs


def test_a_seed_reproduces_a_run_and_another_seed_does_not():
    problem = linear_problem()
    first = simulate(problem, draws=5000, seed=123, keep_values=True)
    again = simulate(problem, draws=5000, seed=123, keep_values=True)
    other = simulate(problem, draws=5000, seed=124, keep_values=True)
    assert first.values is not None
    assert again.values is not None
    assert other.values is not None
    assert np.array_equal(first.values, again.values)
    assert not np.array_equal(first.values, other.values)


def test_seed_zero_is_a_seed_not_a_missing_one():
    problem = linear_problem()
    a = simulate(problem, draws=1000, seed=0, keep_values=True)
    b = simulate(problem, draws=1000, seed=0, keep_values=True)
    assert a.seed == 0
    assert a.values is not None
    assert b.values is not None
    assert np.array_equal(a.values, b.values)


def test_without_a_seed_the_run_records_one_that_reproduces_it():
    problem = linear_problem()
    fresh = simulate(problem, draws=1000, keep_values=True)
    replay = simulate(problem, draws=1000, seed=fresh.seed, keep_values=True)
    assert fresh.values is not None
    assert replay.values is not None
    assert np.array_equal(fresh.values, replay.values)


def test_progress_is_reported_after_every_chunk():
    seen: list[tuple[int, int]] = []
    simulate(
        linear_problem(), draws=3 * BLOCK + 10, seed=1, chunk=BLOCK, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [
        (BLOCK, 3 * BLOCK + 10),
        (2 * BLOCK, 3 * BLOCK + 10),
        (3 * BLOCK, 3 * BLOCK + 10),
        (3 * BLOCK + 10,) * 2,
    ]


def test_histogram_counts_every_draw():
    result = simulate(linear_problem(), draws=50_000, seed=2)
    h = result.histogram
    assert sum(h.counts) + h.below + h.above == 50_000
    assert len(h.edges) == len(h.counts) + 1
    # the edges span the 0.5th to the 99.5th percentile, so about 1% falls outside
    assert abs((h.below + h.above) / 50_000 - 0.01) < 0.003


def test_fixed_and_triangular_drivers_enter_the_simulation():
    drivers = (Driver("hours", Triangular(20, 40, 90)), Driver("rate", Fixed(2500.0)))
    problem = ValueProblem.from_value_function(lambda x: x["hours"] * x["rate"], drivers, delta_price=100_000)
    n = 200_000
    result = simulate(problem, draws=n, seed=8)
    tri = stats.triang(c=20 / 70, loc=20, scale=70)
    assert abs(result.mean - 2500 * tri.mean()) < 5 * 2500 * tri.std() / math.sqrt(n)
    win = tri.sf(40.0)
    assert result.probability_wins is not None
    assert abs(result.probability_wins - win) < 5 * math.sqrt(win * (1 - win) / n)


def test_without_a_delta_price_there_is_no_probability_of_winning():
    result = simulate(linear_problem(delta_price=None), draws=100, seed=1)
    assert result.probability_wins is None
    assert result.probability_wins_se is None
    assert result.margin_percentiles is None


def test_subsegments_run_on_independent_reproducible_streams():
    small = linear_problem()
    first = simulate_each([small, small], draws=20_000, seed=77)
    again = simulate_each([small, small], draws=20_000, seed=77)
    assert [r.mean for r in first] == [r.mean for r in again]
    assert first[0].mean != first[1].mean
    assert [r.stream for r in first] == [0, 1]
    seen: list[int] = []
    simulate_each([small, small], draws=20_000, seed=77, progress=lambda d, t: seen.append(d))
    assert seen[-1] == 40_000


def test_to_dict_is_plain_data():
    data = simulate(linear_problem(), draws=1000, seed=3).to_dict()
    assert data["draws"] == 1000
    assert data["percentiles"]["p50"] == pytest.approx(data["percentiles"]["p50"])
    assert {o["name"] for o in data["outputs"]} == {"Downtime", "Labour", "delta value"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"draws": -5}, "draws must be at least 2, got -5"),
        ({"draws": 0}, "draws must be at least 2, got 0"),
        ({"draws": 2.5}, "draws must be a whole number, got 2.5"),
        ({"draws": 10**9}, "draws must be at most 50,000,000"),
        ({"draws": 100, "chunk": 0}, "chunk must be a positive whole number of draws, got 0"),
        ({"draws": 100, "seed": -1}, "seed must not be negative, got -1"),
        ({"draws": 100, "percentiles": [50, 101]}, "percentile 101.0 must lie between 0 and 100"),
        (
            {"draws": 100, "correlations": Correlations.from_pairs({("a", "Energy"): 0.3})},
            "correlation names unknown driver 'Energy'; known drivers: a, b, c",
        ),
    ],
)
def test_bad_settings_are_refused_with_a_clear_message(kwargs, message):
    with pytest.raises(SensitivityError, match=None) as caught:
        simulate(linear_problem(), **kwargs)
    assert message in str(caught.value)


def test_a_function_without_the_total_is_reported():
    problem = ValueProblem((Driver("a", Normal(1, 1)),), lambda x: {"Downtime": x["a"]})
    with pytest.raises(SensitivityError, match="returned no 'delta value' output; it returned: Downtime"):
        simulate(problem, draws=10, seed=1)


def test_a_function_returning_the_wrong_length_is_reported():
    problem = ValueProblem((Driver("a", Normal(1, 1)),), lambda x: {"delta value": x["a"][:3]})
    with pytest.raises(SensitivityError, match=r"output 'delta value' has shape \(3,\), expected"):
        simulate(problem, draws=10, seed=1)


def test_duplicate_drivers_are_refused():
    with pytest.raises(SensitivityError, match="driver 'a' is listed twice"):
        ValueProblem((Driver("a", Normal(1, 1)), Driver("a", Normal(2, 1))), linear_outputs)


def price_problem() -> ValueProblem:
    # delta value = 2 a with a ~ N(10, 1); delta price = 5 m with m ~ N(3, 0.5) machines
    drivers = (Driver("a", Normal(10, 1)), Driver("machines", Normal(3, 0.5)))

    def outputs(x):
        return {"delta value": 2 * x["a"], "delta price": 5 * x["machines"]}

    return ValueProblem(drivers, outputs, price="delta price")


def test_a_price_that_depends_on_a_driver_is_compared_draw_by_draw():
    n = 300_000
    result = simulate(price_problem(), draws=n, seed=31)
    # margin = 2a - 5m: mean 20 - 15 = 5, sd sqrt(4 * 1 + 25 * 0.25)
    sd = math.sqrt(4 + 6.25)
    assert result.price_varies
    assert result.delta_price is not None
    assert abs(result.delta_price - 15) < 5 * 2.5 / math.sqrt(n)
    win = stats.norm.sf(0, loc=5, scale=sd)
    assert result.probability_wins is not None
    assert abs(result.probability_wins - win) < 5 * math.sqrt(win * (1 - win) / n)
    assert result.margin_percentiles is not None
    expected_median = 5.0
    assert abs(result.margin_percentiles[50.0] - expected_median) < 0.05
    assert result.margin_histogram is not None
    assert (
        sum(result.margin_histogram.counts) + result.margin_histogram.below + result.margin_histogram.above
        == n
    )


def test_a_fixed_price_and_a_price_output_together_are_refused():
    with pytest.raises(SensitivityError, match="either a fixed delta price or a price output, not both"):
        ValueProblem(price_problem().drivers, price_problem().function, delta_price=3.0, price="delta price")
