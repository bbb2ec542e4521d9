"""Statistics of element values, each checked against an independent calculation."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from scipy import stats as scipy_stats

from worth.engine.model.stats import describe, welch_satterthwaite_df, welch_test

LARGE = [255_000.0, 310_500.0, 198_400.0, 402_000.0, 276_250.0, 350_100.0, 229_800.0]
SMALL = [59_400.0, 81_200.0, 45_300.0, 102_000.0, 66_750.0, 38_900.0]


def test_it_describes_a_sample_like_the_statistics_module():
    s = describe(LARGE)
    assert s.n == 7
    assert s.mean == pytest.approx(statistics.mean(LARGE), rel=1e-12)
    assert s.std == pytest.approx(statistics.stdev(LARGE), rel=1e-12)
    assert s.variance == pytest.approx(statistics.variance(LARGE), rel=1e-12)
    assert (s.minimum, s.maximum) == (198_400.0, 402_000.0)


def test_it_gives_the_student_t_interval_of_the_mean():
    s = describe(LARGE)
    sem = statistics.stdev(LARGE) / math.sqrt(7)
    low, high = scipy_stats.t.interval(0.95, df=6, loc=statistics.mean(LARGE), scale=sem)
    assert (s.ci_low, s.ci_high) == (pytest.approx(low, rel=1e-12), pytest.approx(high, rel=1e-12))
    assert s.sem == pytest.approx(sem)


def test_it_computes_a_small_interval_by_hand():
    # values 10, 12, 14: mean 12, s = 2. With 2 degrees of freedom Student's quantile has the closed
    # form t(p) = (2p - 1) / sqrt(2 p (1 - p)).
    s = describe([10.0, 12.0, 14.0])
    t = 0.95 / math.sqrt(2 * 0.975 * 0.025)
    half = t * 2 / math.sqrt(3)
    assert s.ci_low == pytest.approx(12 - half, rel=1e-12)
    assert s.ci_high == pytest.approx(12 + half, rel=1e-12)


def test_it_honours_another_confidence_level():
    s = describe([10.0, 12.0, 14.0], confidence=0.9)
    t = 0.9 / math.sqrt(2 * 0.95 * 0.05)
    assert s.ci_high - s.mean == pytest.approx(t * 2 / math.sqrt(3), rel=1e-12)


def test_it_leaves_out_customers_whose_value_is_not_computable():
    s = describe([1.0, float("nan"), 3.0])
    assert s.n == 2
    assert s.mean == 2.0
    assert s.std == pytest.approx(math.sqrt(2.0))


def test_it_reports_unknown_spread_for_one_value_and_nothing_for_none():
    one = describe([5.0])
    assert (one.n, one.mean, one.minimum) == (1, 5.0, 5.0)
    assert math.isnan(one.std)
    assert math.isnan(one.ci_low)
    none = describe([])
    assert none.n == 0
    assert math.isnan(none.mean)


def test_it_refuses_a_confidence_outside_zero_and_one():
    with pytest.raises(ValueError, match="confidence"):
        describe([1.0, 2.0], confidence=95)


def test_welch_matches_the_textbook_formula_and_scipy():
    result = welch_test(LARGE, SMALL)
    ma, mb = statistics.mean(LARGE), statistics.mean(SMALL)
    va, vb = statistics.variance(LARGE), statistics.variance(SMALL)
    se = math.sqrt(va / 7 + vb / 6)
    t = (ma - mb) / se
    df = (va / 7 + vb / 6) ** 2 / ((va / 7) ** 2 / 6 + (vb / 6) ** 2 / 5)
    p = 2 * scipy_stats.t.sf(abs(t), df)
    assert result.difference == pytest.approx(ma - mb, rel=1e-12)
    assert result.t == pytest.approx(t, rel=1e-10)
    assert result.df == pytest.approx(df, rel=1e-10)
    assert result.p_value == pytest.approx(p, rel=1e-8)
    direct = scipy_stats.ttest_ind(LARGE, SMALL, equal_var=False)
    assert result.df == pytest.approx(direct.df, rel=1e-10)
    interval = direct.confidence_interval(0.95)
    assert result.ci_low == pytest.approx(interval.low, rel=1e-9)
    assert result.ci_high == pytest.approx(interval.high, rel=1e-9)
    assert result.available


def test_welch_df_by_hand_for_small_numbers():
    # va=4, na=4 -> 1; vb=9, nb=9 -> 1; df = 4 / (1/3 + 1/8) = 8.727272...
    assert welch_satterthwaite_df(4.0, 4, 9.0, 9) == pytest.approx(4 / (1 / 3 + 1 / 8), rel=1e-12)


def test_welch_is_unavailable_with_fewer_than_two_values_or_no_spread():
    short = welch_test([1.0], [2.0, 3.0])
    assert not short.available
    assert short.n_a == 1
    flat = welch_test([2.0, 2.0], [2.0, 2.0, 2.0])
    assert not flat.available
    assert flat.difference == 0.0


def test_welch_ignores_not_computable_values():
    with_nan = welch_test([*LARGE, float("nan")], SMALL)
    assert with_nan.n_a == 7
    assert with_nan.t == pytest.approx(scipy_stats.ttest_ind(LARGE, SMALL, equal_var=False).statistic)


def test_describe_accepts_a_numpy_array():
    s = describe(np.array(SMALL))
    assert s.mean == pytest.approx(sum(SMALL) / len(SMALL))
