"""Which customer characteristics drive the variation in value?

The method asks the team to consider "what characteristics might drive the variation in value". Value
per customer comes out of the value model; characteristics (capacity, machines, region, grade) are
known for every customer, including prospects nobody has interviewed. An ordinary least-squares
regression of value on the characteristics says, for each, how much value moves with it (the
coefficient, in money per unit of the characteristic), how sure that is (a confidence interval and a
p-value), and how much of the spread all of them together explain (R squared). The fitted equation is
also what ranks prospects in :mod:`.prospects`.

With the six to eight customers per subsegment the method recommends, use few characteristics: every
coefficient costs a degree of freedom, and the intervals say honestly how little a dozen customers can
prove.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from worth.engine.sensitivity.characteristics import (
    Characteristics,
    Encoding,
    check_customers,
    encode_characteristics,
)
from worth.engine.sensitivity.distributions import FloatArray
from worth.engine.sensitivity.errors import SensitivityError

INTERCEPT = "intercept"


@dataclass(frozen=True)
class Coefficient:
    """One fitted coefficient with its standard error, confidence interval and p-value."""

    term: str
    characteristic: str
    estimate: float
    std_error: float
    ci_low: float
    ci_high: float
    p_value: float


@dataclass(frozen=True)
class ValueRegression:
    """Value regressed on customer characteristics (OLS), with what prediction needs."""

    output: str
    customers: tuple[str, ...]
    values: FloatArray
    fitted: FloatArray
    encoding: Encoding
    coefficients: tuple[Coefficient, ...]
    r_squared: float
    adj_r_squared: float
    f_pvalue: float
    df_resid: int
    residual_variance: float
    covariance: FloatArray
    column_means: FloatArray
    conf_level: float

    @property
    def n(self) -> int:
        """Number of customers the regression was fitted on."""
        return len(self.customers)

    @property
    def params(self) -> FloatArray:
        """Coefficient estimates, intercept first."""
        return np.array([c.estimate for c in self.coefficients])

    def coefficient(self, term: str) -> Coefficient:
        """The coefficient of ``term`` (a numeric characteristic, ``Name[level]`` or ``intercept``)."""
        for c in self.coefficients:
            if c.term == term:
                return c
        raise SensitivityError(
            f"unknown term {term!r}; terms: {', '.join(c.term for c in self.coefficients)}"
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain numbers and strings for JSON output."""
        return {
            "output": self.output,
            "n": self.n,
            "r_squared": self.r_squared,
            "adj_r_squared": self.adj_r_squared,
            "f_pvalue": self.f_pvalue,
            "conf_level": self.conf_level,
            "coefficients": [
                {
                    "term": c.term,
                    "characteristic": c.characteristic,
                    "estimate": c.estimate,
                    "std_error": c.std_error,
                    "ci_low": c.ci_low,
                    "ci_high": c.ci_high,
                    "p_value": c.p_value,
                }
                for c in self.coefficients
            ],
        }


def _check_rank(design: FloatArray, encoding: Encoding) -> None:
    """Name the characteristics that add nothing new (a combination of the others)."""
    if np.linalg.matrix_rank(design) == design.shape[1]:
        return
    redundant: list[str] = []
    for j in range(1, design.shape[1]):
        if np.linalg.matrix_rank(design[:, : j + 1]) <= np.linalg.matrix_rank(design[:, :j]):
            redundant.append(encoding.terms[j - 1].characteristic)
    raise SensitivityError(
        "characteristic(s) "
        + ", ".join(repr(r) for r in dict.fromkeys(redundant))
        + " repeat what the others already say (they are a combination of them); leave them out"
    )


def explain_value(
    values: npt.ArrayLike,
    characteristics: Characteristics,
    customers: Sequence[str],
    *,
    output: str = "delta value",
    conf_level: float = 0.95,
) -> ValueRegression:
    """Regress value per customer on customer characteristics (ordinary least squares).

    Parameters
    ----------
    values
        Value per customer (delta value, or one element), one per customer.
    characteristics
        ``{name: one value per customer}``; numbers are used as they are, text becomes dummies
        against the alphabetically first level.
    customers
        Customer names, in the order of ``values``.
    output
        What ``values`` measure, for labels.
    conf_level
        Level of the coefficient confidence intervals.

    Returns
    -------
    ValueRegression
        Coefficients with standard errors, intervals and p-values; R squared, adjusted R squared, the
        F-test p-value; and what :func:`~.prospects.rank_prospects` needs to predict.

    References
    ----------
    statsmodels ``OLS``; Wooldridge, *Introductory Econometrics*, ch. 3-4.
    """
    import statsmodels.api as sm  # slow to import (pandas); loaded only when a regression runs

    names = check_customers(customers)
    y = np.asarray(values, dtype=np.float64).ravel()
    if y.size != len(names):
        raise SensitivityError(f"{y.size} values given for {len(names)} customers")
    bad = np.flatnonzero(~np.isfinite(y))
    if bad.size:
        raise SensitivityError(
            f"customer {names[int(bad[0])]!r}: value is {float(y[bad[0]])!r}, not a finite number"
        )
    if not 0 < conf_level < 1:
        raise SensitivityError(f"confidence level must lie strictly between 0 and 1, got {conf_level!r}")
    encoding, x = encode_characteristics(characteristics, names)
    design = sm.add_constant(x, has_constant="add")
    parameters = design.shape[1]
    if y.size < parameters + 1:
        raise SensitivityError(
            f"{y.size} customers are too few for {parameters} coefficients (intercept and "
            f"{parameters - 1} characteristic terms): at least {parameters + 1} are needed; "
            "use fewer characteristics"
        )
    _check_rank(design, encoding)
    fit = sm.OLS(y, design).fit()
    interval = np.asarray(fit.conf_int(alpha=1 - conf_level))
    labels = [(INTERCEPT, INTERCEPT)] + [(t.name, t.characteristic) for t in encoding.terms]
    coefficients = tuple(
        Coefficient(
            term,
            characteristic,
            float(fit.params[j]),
            float(fit.bse[j]),
            float(interval[j, 0]),
            float(interval[j, 1]),
            float(fit.pvalues[j]),
        )
        for j, (term, characteristic) in enumerate(labels)
    )
    return ValueRegression(
        output=output,
        customers=names,
        values=y,
        fitted=np.asarray(fit.fittedvalues, dtype=np.float64),
        encoding=encoding,
        coefficients=coefficients,
        r_squared=float(fit.rsquared),
        adj_r_squared=float(fit.rsquared_adj),
        f_pvalue=float(fit.f_pvalue),
        df_resid=int(fit.df_resid),
        residual_variance=float(fit.scale),
        covariance=np.asarray(fit.cov_params(), dtype=np.float64),
        column_means=x.mean(axis=0),
        conf_level=conf_level,
    )
