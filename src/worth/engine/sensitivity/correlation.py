"""Correlations between drivers, through a Gaussian copula.

Drivers are rarely independent: a large mill runs more hours *and* loses more per hour of downtime.
Ignoring that understates (or overstates) the spread of delta value. A Gaussian copula keeps each
driver's own distribution and imposes a correlation between the standard-normal scores behind them:
draw correlated normals ``z = L e`` (``L`` the Cholesky factor of the correlation matrix), then map each
column to its driver with that driver's quantile function. For normal drivers the correlation of the
draws is exactly the one asked for; for other shapes it is the correlation of the normal scores, which
is close to the rank correlation.

References
----------
Nelsen, *An Introduction to Copulas*, 2nd ed., Springer 2006, section 2.9 (Gaussian copula).
Kruskal, "Ordinal measures of association", JASA 53 (1958): Pearson = 2 sin(pi rho_s / 6) for normals.
Spearman, "The proof and measurement of association between two things", Am. J. Psychol. 15 (1904).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from worth.engine.sensitivity.distributions import FloatArray
from worth.engine.sensitivity.errors import SensitivityError

#: Eigenvalues this far below zero are rounding, not an invalid matrix.
_EIGEN_TOLERANCE = 1e-10


def _factor(matrix: FloatArray, names: Sequence[str]) -> FloatArray:
    """A ``k x r`` matrix ``L`` with ``L Lᵀ = matrix``.

    Cholesky (``r = k``) when the matrix is positive definite. Otherwise (perfect correlations, or a
    matrix estimated from fewer customers than drivers, whose rank is at most the number of customers
    less one) the eigenvectors of the non-zero eigenvalues: ``r`` is the rank, so a draw needs only
    ``r`` independent normals and ``k r`` multiplications instead of ``k²``.
    """
    try:
        return np.asarray(np.linalg.cholesky(matrix), dtype=np.float64)
    except np.linalg.LinAlgError:
        values, vectors = np.linalg.eigh(matrix)
        if values.min() < -_EIGEN_TOLERANCE:
            raise SensitivityError(
                "the correlations between "
                + ", ".join(repr(n) for n in names)
                + " contradict each other (the matrix is not positive semi-definite; lowest eigenvalue "
                + f"{values.min():.4g}); loosen the strongest correlations"
            ) from None
        keep = values > _EIGEN_TOLERANCE * max(1.0, float(values.max()))
        return np.asarray(vectors[:, keep] * np.sqrt(values[keep]), dtype=np.float64)


def _average_ranks(values: FloatArray) -> FloatArray:
    """Ranks from 1, ties sharing their average rank (as Spearman's coefficient uses them)."""
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    return np.asarray(((ends - counts + 1 + ends) / 2)[inverse], dtype=np.float64)


def _pearson(x: FloatArray, y: FloatArray) -> float:
    dx, dy = x - x.mean(), y - y.mean()
    denominator = float(np.sqrt((dx @ dx) * (dy @ dy)))
    return float(dx @ dy) / denominator if denominator > 0 else math.nan


def _spearman_pairwise(
    columns: Sequence[FloatArray], names: Sequence[str]
) -> tuple[FloatArray, list[tuple[str, str]]]:
    """Spearman's rank correlation of every pair, over the rows where both are observed.

    Columns observed for every row are ranked once and correlated in one matrix product; only pairs
    involving a column with gaps are re-ranked on their common rows. Pairs with fewer than three
    common rows, or no spread there, are returned as sparse (and left at zero).
    """
    k = len(columns)
    rho = np.eye(k)
    complete = [i for i, c in enumerate(columns) if bool(np.isfinite(c).all())]
    if len(complete) >= 2:
        ranks = np.column_stack([_average_ranks(columns[i]) for i in complete])
        block = np.corrcoef(ranks, rowvar=False)
        rho[np.ix_(complete, complete)] = block
    sparse: list[tuple[str, str]] = []
    full = set(complete)
    for i in range(k):
        for j in range(i + 1, k):
            if i in full and j in full:
                continue
            both = np.isfinite(columns[i]) & np.isfinite(columns[j])
            value = math.nan
            if both.sum() >= 3:
                value = _pearson(_average_ranks(columns[i][both]), _average_ranks(columns[j][both]))
            if math.isnan(value):
                sparse.append((names[i], names[j]))
                value = 0.0
            rho[i, j] = rho[j, i] = value
    return rho, sparse


def _nearest_valid(matrix: FloatArray) -> tuple[bool, FloatArray]:
    """Clip negative eigenvalues and restore the unit diagonal, when the matrix needs it.

    Rank correlations of few customers converted with ``2 sin(pi rho / 6)`` can lose positive
    semi-definiteness by a little; this is the simple eigenvalue-clipping repair (not Higham's
    alternating projections), enough to make the matrix usable and close to the estimate.
    """
    values, vectors = np.linalg.eigh(matrix)
    if values.min() >= -_EIGEN_TOLERANCE:
        return False, matrix
    clipped = (vectors * np.clip(values, 0.0, None)) @ vectors.T
    scale = 1 / np.sqrt(np.diag(clipped))
    fixed = np.clip(clipped * np.outer(scale, scale), -1.0, 1.0)
    np.fill_diagonal(fixed, 1.0)
    return True, np.asarray((fixed + fixed.T) / 2, dtype=np.float64)


@dataclass(frozen=True)
class Correlations:
    """A correlation matrix over some of the drivers (the others stay independent).

    Build it with :meth:`from_pairs` or :meth:`from_observations`.
    """

    names: tuple[str, ...]
    matrix: FloatArray
    repaired: bool = False
    sparse_pairs: tuple[tuple[str, str], ...] = ()
    _factor: FloatArray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        matrix = np.asarray(self.matrix, dtype=np.float64)
        k = len(self.names)
        if len(set(self.names)) != k:
            raise SensitivityError(f"a driver appears twice among the correlated drivers {list(self.names)}")
        if matrix.shape != (k, k):
            raise SensitivityError(
                f"the correlation matrix must be {k} x {k} for {k} drivers, got {matrix.shape}"
            )
        if not np.allclose(matrix, matrix.T):
            raise SensitivityError("the correlation matrix must be symmetric")
        if not np.allclose(np.diag(matrix), 1.0):
            raise SensitivityError("the correlation matrix must have ones on its diagonal")
        outside = np.argwhere(np.abs(matrix) > 1.0)
        if outside.size:
            i, j = (int(v) for v in outside[0])
            raise SensitivityError(
                f"correlation between {self.names[i]!r} and {self.names[j]!r} is {float(matrix[i, j])!r}; "
                "it must lie between -1 and 1"
            )
        object.__setattr__(self, "matrix", matrix)
        object.__setattr__(self, "_factor", _factor(matrix, self.names))

    @classmethod
    def from_pairs(cls, pairs: Mapping[tuple[str, str], float]) -> Correlations:
        """Correlations from ``{(driver a, driver b): rho}``; unnamed pairs are uncorrelated.

        Examples
        --------
        >>> c = Correlations.from_pairs({("hours", "margin"): 0.5})
        >>> c.matrix.tolist()
        [[1.0, 0.5], [0.5, 1.0]]
        """
        names: list[str] = []
        for a, b in pairs:
            for name in (a, b):
                if name not in names:
                    names.append(name)
        matrix = np.eye(len(names))
        for (a, b), rho in pairs.items():
            value = float(rho)
            if a == b:
                raise SensitivityError(f"driver {a!r} is correlated with itself; name two different drivers")
            if not math.isfinite(value) or abs(value) > 1:
                raise SensitivityError(
                    f"correlation between {a!r} and {b!r} is {rho!r}; it must lie between -1 and 1"
                )
            i, j = names.index(a), names.index(b)
            if matrix[i, j] != 0 and matrix[i, j] != value:
                raise SensitivityError(f"the correlation between {a!r} and {b!r} is given twice, differently")
            matrix[i, j] = matrix[j, i] = value
        return cls(tuple(names), matrix)

    @classmethod
    def from_observations(cls, observations: Mapping[str, npt.ArrayLike]) -> Correlations:
        """Estimate correlations from paired observations (the same customers, in the same order).

        Uses Spearman's rank correlation, converted to the normal-score correlation the copula needs
        with ``2 sin(pi rho_s / 6)``. A missing observation is ``nan``: each pair of drivers is
        estimated from the customers who reported both (pairwise complete); a pair sharing fewer than
        three customers is left uncorrelated and listed in ``sparse_pairs``. With six to eight
        customers per subsegment the estimate is rough: show it to the team before relying on it. If
        the matrix is not a valid correlation matrix it is repaired by clipping its negative
        eigenvalues, and ``repaired`` is set.
        """
        names = tuple(observations)
        if len(names) < 2:
            raise SensitivityError("estimating correlations needs at least two drivers")
        columns = [np.asarray(observations[n], dtype=np.float64).ravel() for n in names]
        sizes = {c.size for c in columns}
        if len(sizes) != 1:
            detail = ", ".join(f"{n!r}: {c.size}" for n, c in zip(names, columns, strict=True))
            raise SensitivityError(f"paired observations must have the same length; got {detail}")
        for name, column in zip(names, columns, strict=True):
            finite = column[np.isfinite(column)]
            if finite.size < 3:
                raise SensitivityError(
                    f"estimating correlations needs at least 3 customers, got {finite.size} for {name!r}"
                )
            if np.ptp(finite) == 0:
                raise SensitivityError(
                    f"driver {name!r} has the same value for every customer: no correlation"
                )
        rho_s, sparse = _spearman_pairwise(columns, names)
        matrix = 2 * np.sin(np.pi * rho_s / 6)
        np.fill_diagonal(matrix, 1.0)
        repaired, matrix = _nearest_valid(matrix)
        return cls(names, matrix, repaired, tuple(sparse))

    def normal_scores(self, rng: np.random.Generator, size: int) -> FloatArray:
        """``size`` rows of correlated standard-normal scores, one column per name.

        The result is column-major (each driver's scores contiguous), as they are used one driver at a
        time.
        """
        independent = rng.standard_normal((self._factor.shape[1], size))
        return np.asarray(self._factor @ independent).T

    def check_names(self, known: Sequence[str]) -> None:
        """Raise naming the first correlated driver that the problem does not have."""
        for name in self.names:
            if name not in known:
                raise SensitivityError(
                    f"correlation names unknown driver {name!r}; known drivers: {', '.join(known) or 'none'}"
                )
