"""Fitting a driver's distribution to the customers' observations, and its observed spread.

Six to eight customers per subsegment is little data, so the fits are deliberately simple and
transparent: the sample mean and standard deviation (normal, or a lognormal with the same two
moments), or the observations themselves (bootstrap). A customer's minimum / most likely / maximum
estimate becomes a triangular distribution.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from worth.engine.sensitivity.distributions import (
    FIT_KINDS,
    MIN_OBSERVATIONS,
    Distribution,
    Empirical,
    FitKind,
    FloatArray,
    LogNormal,
    Normal,
    Triangular,
)
from worth.engine.sensitivity.errors import SensitivityError


def _observations(observations: npt.ArrayLike, name: str) -> FloatArray:
    data = np.asarray(observations, dtype=np.float64).ravel()
    bad = np.flatnonzero(~np.isfinite(data))
    if bad.size:
        raise SensitivityError(
            f"driver {name!r}: observation {int(bad[0]) + 1} is {float(data[bad[0]])!r}; "
            "every observation must be a finite number (leave missing values out)"
        )
    if data.size < MIN_OBSERVATIONS:
        raise SensitivityError(
            f"driver {name!r}: {data.size} observation(s) are too few to fit a distribution; "
            f"at least {MIN_OBSERVATIONS} are needed (or give a triangular min / most likely / max estimate)"
        )
    return data


def fit_distribution(
    observations: npt.ArrayLike, kind: FitKind = "normal", *, name: str = "driver"
) -> Distribution:
    """Fit a distribution of the given kind to a driver's observations.

    Parameters
    ----------
    observations
        The driver's values across customers (at least two, all finite).
    kind
        ``"normal"`` (sample mean and sd, ``ddof=1``), ``"lognormal"`` (lognormal with that same mean
        and sd; needs every observation above zero) or ``"empirical"`` (bootstrap of the values).
    name
        The driver's name, used in error messages.

    Returns
    -------
    Distribution
        The fitted distribution.

    Examples
    --------
    >>> fit_distribution([10.0, 12.0, 14.0]).describe()["sd"]
    2.0
    """
    data = _observations(observations, name)
    mean = float(np.mean(data))
    sd = float(np.std(data, ddof=1))
    if kind == "normal":
        return Normal(mean, sd)
    if kind == "lognormal":
        not_positive = np.flatnonzero(data <= 0)
        if not_positive.size:
            i = int(not_positive[0])
            raise SensitivityError(
                f"driver {name!r}: observation {i + 1} is {float(data[i])!r}; a lognormal fit needs every "
                "observation above zero (use normal or empirical)"
            )
        return LogNormal.from_mean_sd(mean, sd)
    if kind == "empirical":
        return Empirical(tuple(float(v) for v in data))
    raise SensitivityError(
        f"driver {name!r}: unknown distribution {kind!r}; choose one of {', '.join(FIT_KINDS)}"
    )


def triangular_from_estimate(
    minimum: float, most_likely: float, maximum: float, *, name: str = "driver"
) -> Triangular:
    """A triangular distribution from a customer's minimum / most likely / maximum estimate.

    Raises :class:`SensitivityError` naming the driver when the three numbers are out of order.
    """
    try:
        return Triangular(minimum, most_likely, maximum)
    except SensitivityError as error:
        raise SensitivityError(f"driver {name!r}: {error}") from None


def spread_settings(
    observations: Sequence[float] | FloatArray, spread: Literal["p10-p90", "sd"]
) -> tuple[float, float]:
    """Low and high settings of a driver from its observed spread (tornado inputs).

    ``"p10-p90"`` gives the 10th and 90th percentiles (linear interpolation, as a spreadsheet's
    ``PERCENTILE.INC``); ``"sd"`` gives mean minus and plus one sample standard deviation.
    """
    data = np.asarray(observations, dtype=np.float64)
    if spread == "p10-p90":
        low, high = np.percentile(data, [10.0, 90.0])
        return float(low), float(high)
    if spread == "sd":
        mean, sd = float(np.mean(data)), float(np.std(data, ddof=1))
        return mean - sd, mean + sd
    raise SensitivityError(f"unknown spread {spread!r}; choose 'p10-p90' or 'sd'")
