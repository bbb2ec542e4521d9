"""Distributions for uncertain drivers (fitting them to observations is in :mod:`.fitting`).

The method asks the team to "perform sensitivity analyses, using the information on the variances
around each element". The variance lives in the drivers: six to eight customers per subsegment each
gave a measurement or an estimate. A Monte Carlo run needs a distribution per driver, so this module
turns those observations into one:

- ``normal``: the observed mean and sample standard deviation (the default; what the method's
  "mean and variance" summary implies);
- ``lognormal``: same mean and standard deviation, but positive and right-skewed, for quantities that
  cannot go below zero (hours of downtime, tons of consumption);
- ``empirical``: a bootstrap that redraws the observed values themselves, making no shape assumption;
- ``triangular``: from a customer's minimum / most likely / maximum estimate when there is no data;
- ``uniform`` and ``fixed`` for ranges without a mode and for settled assumptions.

Every distribution draws from a :class:`numpy.random.Generator` passed in by the caller, never from
global state, and can map standard-normal scores to its own scale (``from_normal_scores``) so the
Gaussian copula in :mod:`.correlation` can correlate any mix of them.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar, Literal

import numpy as np
import numpy.typing as npt
from scipy import special

from worth.engine.sensitivity.errors import SensitivityError

FloatArray = npt.NDArray[np.float64]
FitKind = Literal["normal", "lognormal", "empirical"]
FIT_KINDS: tuple[FitKind, ...] = ("normal", "lognormal", "empirical")

#: Fewest observations from which a spread can be estimated at all.
MIN_OBSERVATIONS = 2


def _finite(value: float, what: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise SensitivityError(f"{what} must be a finite number, got {value!r}")
    return number


class Distribution(ABC):
    """What every driver distribution offers: moments, quantiles and seeded sampling."""

    kind: ClassVar[str]

    @property
    @abstractmethod
    def mean(self) -> float:
        """Expected value of the distribution."""

    @property
    @abstractmethod
    def sd(self) -> float:
        """Standard deviation of the distribution (population, not sample)."""

    @abstractmethod
    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        """Quantile function: the value below which a share ``q`` of draws falls."""

    @abstractmethod
    def parameters(self) -> dict[str, float]:
        """The parameters as plain numbers, for reports and JSON."""

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        """``size`` independent draws using ``rng`` (inverse transform unless overridden)."""
        return self.ppf(rng.random(size))

    def from_normal_scores(self, z: FloatArray) -> FloatArray:
        """Map standard-normal scores to this distribution (used by the Gaussian copula)."""
        return self.ppf(special.ndtr(z))

    def describe(self) -> dict[str, float | str]:
        """Kind, parameters, mean and sd in one flat mapping."""
        return {"kind": self.kind, **self.parameters(), "mean": self.mean, "sd": self.sd}


@dataclass(frozen=True)
class Fixed(Distribution):
    """A settled value with no spread (a named assumption, or a driver the user holds constant)."""

    value: float
    kind: ClassVar[str] = "fixed"

    def __post_init__(self) -> None:
        _finite(self.value, "fixed value")

    @property
    def mean(self) -> float:
        return float(self.value)

    @property
    def sd(self) -> float:
        return 0.0

    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        return np.full(np.shape(q), float(self.value))

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return np.full(size, float(self.value))

    def from_normal_scores(self, z: FloatArray) -> FloatArray:
        return np.full(z.shape, float(self.value))

    def parameters(self) -> dict[str, float]:
        return {"value": float(self.value)}


@dataclass(frozen=True)
class Normal(Distribution):
    """Normal distribution with mean ``mu`` and standard deviation ``sigma``."""

    mu: float
    sigma: float
    kind: ClassVar[str] = "normal"

    def __post_init__(self) -> None:
        _finite(self.mu, "normal mean")
        if _finite(self.sigma, "normal sd") < 0:
            raise SensitivityError(f"normal sd must not be negative, got {self.sigma!r}")

    @property
    def mean(self) -> float:
        return float(self.mu)

    @property
    def sd(self) -> float:
        return float(self.sigma)

    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        return np.asarray(self.mu + self.sigma * special.ndtri(np.asarray(q, dtype=np.float64)))

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return rng.normal(self.mu, self.sigma, size)

    def from_normal_scores(self, z: FloatArray) -> FloatArray:
        return self.mu + self.sigma * z

    def parameters(self) -> dict[str, float]:
        return {"mu": float(self.mu), "sigma": float(self.sigma)}


@dataclass(frozen=True)
class LogNormal(Distribution):
    """Lognormal: ``exp(N(mu_log, sigma_log))``; positive and skewed to the right."""

    mu_log: float
    sigma_log: float
    kind: ClassVar[str] = "lognormal"

    def __post_init__(self) -> None:
        _finite(self.mu_log, "lognormal log-mean")
        if _finite(self.sigma_log, "lognormal log-sd") < 0:
            raise SensitivityError(f"lognormal log-sd must not be negative, got {self.sigma_log!r}")

    @classmethod
    def from_mean_sd(cls, mean: float, sd: float) -> LogNormal:
        """The lognormal with this mean and standard deviation (method of moments).

        Matching the moments, rather than fitting the logs, keeps the mean the customers reported,
        so a linear value model has the same expected value under either fit.
        """
        mean = _finite(mean, "lognormal mean")
        sd = _finite(sd, "lognormal sd")
        if mean <= 0:
            raise SensitivityError(f"lognormal mean must be above zero, got {mean!r}")
        if sd < 0:
            raise SensitivityError(f"lognormal sd must not be negative, got {sd!r}")
        sigma2 = math.log1p((sd / mean) ** 2)
        return cls(mu_log=math.log(mean) - sigma2 / 2, sigma_log=math.sqrt(sigma2))

    @property
    def mean(self) -> float:
        return math.exp(self.mu_log + self.sigma_log**2 / 2)

    @property
    def sd(self) -> float:
        s2 = self.sigma_log**2
        return math.sqrt(math.expm1(s2) * math.exp(2 * self.mu_log + s2))

    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        z = special.ndtri(np.asarray(q, dtype=np.float64))
        return np.asarray(np.exp(self.mu_log + self.sigma_log * z))

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return rng.lognormal(self.mu_log, self.sigma_log, size)

    def from_normal_scores(self, z: FloatArray) -> FloatArray:
        return np.exp(self.mu_log + self.sigma_log * z)

    def parameters(self) -> dict[str, float]:
        return {"mu_log": float(self.mu_log), "sigma_log": float(self.sigma_log)}


@dataclass(frozen=True)
class Triangular(Distribution):
    """Triangular distribution from a minimum, a most likely value and a maximum.

    This is how a customer manager usually answers when there is no measurement ("at least 20 hours,
    probably 40, at worst 90"). Mean ``(a + m + b) / 3``, variance
    ``(a² + m² + b² - am - ab - mb) / 18``.

    References
    ----------
    Evans, Hastings and Peacock, *Statistical Distributions*, 3rd ed., Wiley 2000, ch. 40.
    """

    low: float
    mode: float
    high: float
    kind: ClassVar[str] = "triangular"

    def __post_init__(self) -> None:
        low = _finite(self.low, "triangular minimum")
        mode = _finite(self.mode, "triangular most likely value")
        high = _finite(self.high, "triangular maximum")
        if low > high:
            raise SensitivityError(f"triangular minimum {low!r} is above the maximum {high!r}")
        if not low <= mode <= high:
            raise SensitivityError(
                f"triangular most likely value {mode!r} lies outside minimum {low!r} .. maximum {high!r}"
            )
        if low == high:
            raise SensitivityError(f"triangular minimum and maximum are both {low!r}: use a fixed value")

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3

    @property
    def sd(self) -> float:
        a, m, b = self.low, self.mode, self.high
        return math.sqrt((a * a + m * m + b * b - a * m - a * b - m * b) / 18)

    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        u = np.asarray(q, dtype=np.float64)
        a, m, b = self.low, self.mode, self.high
        split = (m - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (m - a))
        right = b - np.sqrt((1 - u) * (b - a) * (b - m))
        return np.asarray(np.where(u < split, left, right))

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return rng.triangular(self.low, self.mode, self.high, size)

    def parameters(self) -> dict[str, float]:
        return {"low": float(self.low), "mode": float(self.mode), "high": float(self.high)}


@dataclass(frozen=True)
class Uniform(Distribution):
    """Every value between ``low`` and ``high`` equally likely (a range with no most likely value)."""

    low: float
    high: float
    kind: ClassVar[str] = "uniform"

    def __post_init__(self) -> None:
        low = _finite(self.low, "uniform minimum")
        high = _finite(self.high, "uniform maximum")
        if low >= high:
            raise SensitivityError(f"uniform minimum {low!r} must be below the maximum {high!r}")

    @property
    def mean(self) -> float:
        return (self.low + self.high) / 2

    @property
    def sd(self) -> float:
        return (self.high - self.low) / math.sqrt(12)

    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        return np.asarray(self.low + (self.high - self.low) * np.asarray(q, dtype=np.float64))

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return rng.uniform(self.low, self.high, size)

    def parameters(self) -> dict[str, float]:
        return {"low": float(self.low), "high": float(self.high)}


@dataclass(frozen=True)
class Empirical(Distribution):
    """Bootstrap: each draw is one of the observed values, each equally likely.

    It assumes no shape at all, which suits a handful of customers whose values cluster or skew, but
    it never produces a value outside what was observed.
    """

    values: tuple[float, ...]
    _sorted: FloatArray = field(init=False, repr=False, compare=False)
    kind: ClassVar[str] = "empirical"

    def __post_init__(self) -> None:
        data = np.asarray(self.values, dtype=np.float64)
        if data.size < MIN_OBSERVATIONS:
            raise SensitivityError(
                f"an empirical distribution needs at least {MIN_OBSERVATIONS} observations, got {data.size}"
            )
        object.__setattr__(self, "_sorted", np.sort(data))

    @property
    def mean(self) -> float:
        return float(np.mean(self._sorted))

    @property
    def sd(self) -> float:
        return float(np.std(self._sorted))

    def ppf(self, q: npt.ArrayLike) -> FloatArray:
        u = np.asarray(q, dtype=np.float64)
        n = self._sorted.size
        index = np.clip(np.ceil(u * n).astype(np.int64) - 1, 0, n - 1)
        return np.asarray(self._sorted[index])

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return self._sorted[rng.integers(0, self._sorted.size, size)]

    def parameters(self) -> dict[str, float]:
        return {"n": float(self._sorted.size)}
