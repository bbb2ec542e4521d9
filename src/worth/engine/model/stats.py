"""The statistics the method asks for: mean and spread of each element per subsegment, and the difference.

The research sample is small (six to eight customers per subsegment), so intervals use Student's t, the
standard deviation is the sample one (``ddof=1``), and the two subsegments are compared with Welch's
t-test, which does not assume equal variances - value often varies far more among large customers than
among small ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats as scipy_stats

__all__ = ["Summary", "WelchResult", "describe", "welch_satterthwaite_df", "welch_test"]

NAN = float("nan")


@dataclass(frozen=True)
class Summary:
    """n, mean, sample standard deviation and variance, range, and a t-interval of the mean.

    With one value the spread and the interval are NaN (unknown, not zero); with none, everything but
    ``n`` is NaN.
    """

    n: int
    mean: float
    std: float
    variance: float
    minimum: float
    maximum: float
    ci_low: float
    ci_high: float
    confidence: float = 0.95

    @property
    def sem(self) -> float:
        """Standard error of the mean, ``std / sqrt(n)``."""
        return self.std / math.sqrt(self.n) if self.n > 1 else NAN


@dataclass(frozen=True)
class WelchResult:
    """Welch's two-sample t-test of the means of ``a`` and ``b`` (``difference = mean_a - mean_b``)."""

    n_a: int
    n_b: int
    mean_a: float
    mean_b: float
    difference: float
    t: float
    df: float
    p_value: float
    ci_low: float
    ci_high: float
    confidence: float = 0.95

    @property
    def available(self) -> bool:
        """False when either group has fewer than two values or both have no spread."""
        return math.isfinite(self.t)


def _clean(values: ArrayLike) -> NDArray[np.float64]:
    array = np.asarray(values, dtype=np.float64).ravel()
    return array[~np.isnan(array)]


def _check_confidence(confidence: float) -> None:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1 (exclusive), got {confidence!r}")


def describe(values: ArrayLike, *, confidence: float = 0.95) -> Summary:
    """Summarise one element's values in one subsegment.

    Parameters
    ----------
    values
        Money values per customer. NaN marks a customer for whom the element was not computable; such
        customers are left out (``n`` counts the others).
    confidence
        Coverage of the interval of the mean, 0.95 by default.

    Returns
    -------
    Summary
        ``mean ± t(1 - (1 - confidence) / 2, n - 1) × s / √n`` as ``ci_low``, ``ci_high``.

    Examples
    --------
    >>> s = describe([10.0, 12.0, 14.0])
    >>> s.mean, s.std, round(s.ci_high, 3)
    (12.0, 2.0, 16.968)
    """
    _check_confidence(confidence)
    data = _clean(values)
    n = int(data.size)
    if n == 0:
        return Summary(0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, confidence)
    mean = float(data.mean())
    low, high = float(data.min()), float(data.max())
    if n == 1:
        return Summary(1, mean, NAN, NAN, low, high, NAN, NAN, confidence)
    variance = float(data.var(ddof=1))
    std = math.sqrt(variance)
    half = float(scipy_stats.t.ppf(0.5 + confidence / 2.0, n - 1)) * std / math.sqrt(n)
    return Summary(n, mean, std, variance, low, high, mean - half, mean + half, confidence)


def welch_satterthwaite_df(var_a: float, n_a: int, var_b: float, n_b: int) -> float:
    """Welch-Satterthwaite degrees of freedom for two sample variances.

    ``(va/na + vb/nb)^2 / ((va/na)^2/(na-1) + (vb/nb)^2/(nb-1))``; NaN when undefined.

    References
    ----------
    Welch, B. L. (1947). The generalization of "Student's" problem when several different population
    variances are involved. Biometrika 34, 28-35.
    """
    if n_a < 2 or n_b < 2:
        return NAN
    qa, qb = var_a / n_a, var_b / n_b
    denominator = qa * qa / (n_a - 1) + qb * qb / (n_b - 1)
    if denominator == 0.0:
        return NAN
    return (qa + qb) ** 2 / denominator


def welch_test(a: ArrayLike, b: ArrayLike, *, confidence: float = 0.95) -> WelchResult:
    """Compare the means of two subsegments without assuming equal variances.

    Parameters
    ----------
    a, b
        Values per customer in each subsegment; NaN (not computable) is left out.
    confidence
        Coverage of the interval of the difference of means.

    Returns
    -------
    WelchResult
        t and two-sided p from ``scipy.stats.ttest_ind(a, b, equal_var=False)``; the Welch-Satterthwaite
        degrees of freedom; ``difference ± t(df) × se`` as the interval. NaN fields when a group has
        fewer than two values or neither group varies.

    References
    ----------
    Welch, B. L. (1947), Biometrika 34, 28-35.
    """
    _check_confidence(confidence)
    xa, xb = _clean(a), _clean(b)
    n_a, n_b = int(xa.size), int(xb.size)
    mean_a = float(xa.mean()) if n_a else NAN
    mean_b = float(xb.mean()) if n_b else NAN
    difference = mean_a - mean_b
    if n_a < 2 or n_b < 2:
        return WelchResult(n_a, n_b, mean_a, mean_b, difference, NAN, NAN, NAN, NAN, NAN, confidence)
    var_a, var_b = float(xa.var(ddof=1)), float(xb.var(ddof=1))
    se = math.sqrt(var_a / n_a + var_b / n_b)
    df = welch_satterthwaite_df(var_a, n_a, var_b, n_b)
    if se == 0.0 or not math.isfinite(df):
        return WelchResult(n_a, n_b, mean_a, mean_b, difference, NAN, NAN, NAN, NAN, NAN, confidence)
    result = scipy_stats.ttest_ind(xa, xb, equal_var=False)
    half = float(scipy_stats.t.ppf(0.5 + confidence / 2.0, df)) * se
    return WelchResult(
        n_a,
        n_b,
        mean_a,
        mean_b,
        difference,
        float(result.statistic),
        df,
        float(result.pvalue),
        difference - half,
        difference + half,
        confidence,
    )
