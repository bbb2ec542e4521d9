"""Which customers make the most attractive prospects?

Once value has been related to characteristics (:func:`~.drivers.explain_value`), any customer whose
characteristics are known gets a predicted value, even one the team has never visited. Ranking present
and prospective customers by it tells salespeople where the offering is worth most. Every prediction
carries a prediction interval (for one customer, not for the average customer, so it is wide with a
dozen observations) and, with a delta price, the probability that the customer's delta value exceeds
it. The reasons come from the same equation: the prediction is the average value plus one
contribution per characteristic, ``coefficient x (customer's value - average)``, so the largest
positive contributions say what makes a prospect attractive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from worth.engine.sensitivity.characteristics import Characteristics, check_customers
from worth.engine.sensitivity.drivers import ValueRegression
from worth.engine.sensitivity.errors import SensitivityError


@dataclass(frozen=True)
class Contribution:
    """How much one characteristic moves a customer's predicted value away from the average."""

    characteristic: str
    amount: float


@dataclass(frozen=True)
class Prospect:
    """One ranked customer: predicted value, its interval, and why."""

    customer: str
    status: str
    predicted: float
    low: float
    high: float
    se: float
    probability_above_price: float | None
    contributions: tuple[Contribution, ...]
    observed: float | None = None
    delta_price: float | None = None

    @property
    def reasons(self) -> tuple[str, ...]:
        """Characteristics that raise this customer's value above the average, strongest first."""
        return tuple(c.characteristic for c in self.contributions if c.amount > 0)


@dataclass(frozen=True)
class ProspectRanking:
    """Customers ranked by predicted value, highest first (each with its own delta price, if any)."""

    output: str
    conf_level: float
    average: float
    prospects: tuple[Prospect, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain numbers and strings for JSON output."""
        return {
            "output": self.output,
            "conf_level": self.conf_level,
            "average": self.average,
            "prospects": [
                {
                    "rank": i + 1,
                    "customer": p.customer,
                    "status": p.status,
                    "predicted": p.predicted,
                    "low": p.low,
                    "high": p.high,
                    "observed": p.observed,
                    "delta_price": p.delta_price,
                    "probability_above_price": p.probability_above_price,
                    "contributions": {c.characteristic: c.amount for c in p.contributions},
                }
                for i, p in enumerate(self.prospects)
            ],
        }


def rank_prospects(
    regression: ValueRegression,
    characteristics: Characteristics,
    customers: Sequence[str],
    *,
    status: Sequence[str] | None = None,
    observed: Sequence[float | None] | None = None,
    delta_price: float | Sequence[float] | None = None,
    conf_level: float | None = None,
) -> ProspectRanking:
    """Rank customers by the value their characteristics predict.

    Parameters
    ----------
    regression
        The fitted relation between value and characteristics.
    characteristics
        ``{name: one value per customer}`` for the customers to rank, with every characteristic the
        regression used (and only levels it saw).
    customers
        Names of the customers to rank.
    status
        ``"present"`` or ``"prospective"`` (free text), per customer; shown, not used in the ranking.
    observed
        The value measured for present customers (``None`` where unknown), shown beside the prediction.
    delta_price
        One delta price for all, or one per customer (prices per machine differ by customer); with it,
        each customer gets the probability that its delta value exceeds its delta price.
    conf_level
        Level of the prediction intervals; the regression's level by default.

    Returns
    -------
    ProspectRanking
        Customers by predicted value, highest first, each with a prediction interval and the
        contribution of each characteristic.

    Notes
    -----
    For a row ``x`` (with intercept) the prediction is ``x b``, its standard error for one new
    customer is ``sqrt(x C xᵀ + s²)`` with ``C`` the coefficient covariance and ``s²`` the residual
    variance, and the interval uses Student's t with the residual degrees of freedom: the same as
    statsmodels' ``get_prediction(...).summary_frame()["obs_ci_lower"/"obs_ci_upper"]``.
    """
    names = check_customers(customers)
    level = regression.conf_level if conf_level is None else conf_level
    if not 0 < level < 1:
        raise SensitivityError(f"confidence level must lie strictly between 0 and 1, got {level!r}")
    for what, given in (("status", status), ("observed", observed)):
        if given is not None and len(given) != len(names):
            raise SensitivityError(f"{len(given)} {what} values given for {len(names)} customers")
    prices = _prices(delta_price, names)
    x = regression.encoding.encode(characteristics, names)
    design = np.column_stack([np.ones(len(names)), x])
    b = regression.params
    predicted = design @ b
    se = np.sqrt(
        np.einsum("ij,jk,ik->i", design, regression.covariance, design) + regression.residual_variance
    )
    t = float(special.stdtrit(regression.df_resid, 0.5 + level / 2))
    average = float(np.mean(regression.fitted))
    terms = regression.encoding.terms
    rows = []
    for i, name in enumerate(names):
        amounts: dict[str, float] = {}
        for j, term in enumerate(terms):
            amount = b[j + 1] * (x[i, j] - regression.column_means[j])
            amounts[term.characteristic] = amounts.get(term.characteristic, 0.0) + float(amount)
        contributions = tuple(
            Contribution(c, a) for c, a in sorted(amounts.items(), key=lambda item: item[1], reverse=True)
        )
        chance = None
        if prices is not None:
            # Student's t survival function, from scipy.special (scipy.stats is slow to import)
            chance = float(special.stdtr(regression.df_resid, (predicted[i] - prices[i]) / se[i]))
        seen = None if observed is None or observed[i] is None else float(observed[i])  # type: ignore[arg-type]
        rows.append(
            Prospect(
                customer=name,
                status="" if status is None else str(status[i]),
                predicted=float(predicted[i]),
                low=float(predicted[i] - t * se[i]),
                high=float(predicted[i] + t * se[i]),
                se=float(se[i]),
                probability_above_price=chance,
                contributions=contributions,
                observed=seen,
                delta_price=None if prices is None else prices[i],
            )
        )
    rows.sort(key=lambda p: p.predicted, reverse=True)
    return ProspectRanking(regression.output, level, average, tuple(rows))


def _prices(delta_price: float | Sequence[float] | None, names: tuple[str, ...]) -> list[float] | None:
    """One finite delta price per customer, or ``None``."""
    if delta_price is None:
        return None
    if isinstance(delta_price, int | float):
        prices = [float(delta_price)] * len(names)
    else:
        prices = [float(p) for p in delta_price]
        if len(prices) != len(names):
            raise SensitivityError(f"{len(prices)} delta prices given for {len(names)} customers")
    for name, price in zip(names, prices, strict=True):
        if not np.isfinite(price):
            raise SensitivityError(f"customer {name!r}: delta price must be a finite number, got {price!r}")
    return prices
