"""Delta value against delta price: does the value a customer gets justify the price difference?

The method's fundamental inequality: the customer buys the offering when

    (Value_f - Price_f) > (Value_a - Price_a),  i.e.  delta value > delta price = Price_f - Price_a,

where delta value is the sum of the element values (each already measured against the next-best
alternative). The margin ``delta value - delta price`` is the customer's incentive to switch; the largest
price premium over the alternative that the value supports is the delta value itself, so the price
ceiling is ``Price_a + delta value``. Price is never part of value: it only enters here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from worth.engine.model.evaluation import Evaluation
from worth.engine.model.schema import Customer, Price, ValueModel

__all__ = [
    "PriceComparison",
    "SubsegmentPrices",
    "alternative_price",
    "compare_prices",
    "offering_price",
    "price_of",
    "summarise_prices",
]


def price_of(price: Price, customer: Customer) -> float:
    """``amount`` times the customer's ``per`` characteristic (NaN when the customer lacks it)."""
    if price.per is None:
        return price.amount
    value = customer.characteristics.get(price.per)
    if not isinstance(value, float | int):
        return math.nan
    return price.amount * float(value)


def offering_price(model: ValueModel, customer: Customer) -> float:
    """The offering's price per period for this customer (a quoted price overrides the list price)."""
    if customer.prices is not None and customer.prices.offering is not None:
        return customer.prices.offering
    return price_of(model.offering.price, customer)


def alternative_price(model: ValueModel, customer: Customer, subsegment: str | None) -> float:
    """The next-best alternative's price for this customer in its subsegment (NaN without one)."""
    if customer.prices is not None and customer.prices.alternative is not None:
        return customer.prices.alternative
    if subsegment is None:
        return math.nan
    return price_of(model.subsegment(subsegment).alternative.price, customer)


@dataclass(frozen=True)
class PriceComparison:
    """One customer's delta value against delta price.

    Attributes
    ----------
    delta_value
        Total value of the offering over the alternative per period; NaN when not computable.
    delta_price
        ``offering_price - alternative_price``: the price premium asked.
    margin
        ``delta_value - delta_price``: positive when the value exceeds the premium.
    exceeds
        Whether the value exceeds the premium; ``None`` when the value is not computable.
    price_ceiling
        ``alternative_price + delta_value``: the highest offering price the value supports.
    captured
        ``delta_price / delta_value``: the share of the value the premium asks the customer to pay.
    """

    customer: Customer
    subsegment: str | None
    delta_value: float
    offering_price: float
    alternative_price: float

    @property
    def delta_price(self) -> float:
        return self.offering_price - self.alternative_price

    @property
    def margin(self) -> float:
        return self.delta_value - self.delta_price

    @property
    def exceeds(self) -> bool | None:
        if math.isnan(self.margin):
            return None
        return self.margin > 0

    @property
    def max_premium(self) -> float:
        """The largest price premium over the alternative that the value supports (= delta value)."""
        return self.delta_value

    @property
    def price_ceiling(self) -> float:
        return self.alternative_price + self.delta_value

    @property
    def captured(self) -> float:
        if not self.delta_value or math.isnan(self.delta_value):
            return math.nan
        return self.delta_price / self.delta_value


def compare_prices(evaluation: Evaluation) -> list[PriceComparison]:
    """Delta value against delta price for every customer of the evaluation, in its order."""
    model = evaluation.model
    totals = evaluation.totals
    return [
        PriceComparison(
            customer,
            subsegment,
            float(totals[row]),
            offering_price(model, customer),
            alternative_price(model, customer, subsegment),
        )
        for row, (customer, subsegment) in enumerate(
            zip(evaluation.customers, evaluation.subsegments, strict=True)
        )
    ]


@dataclass(frozen=True)
class SubsegmentPrices:
    """Delta value against delta price over one subsegment's customers with a computable value.

    ``n`` counts those customers, ``not_computable`` the others; ``exceeding`` how many get more value
    than the premium they are asked to pay.
    """

    subsegment: str
    n: int
    not_computable: int
    mean_delta_value: float
    mean_delta_price: float
    mean_margin: float
    exceeding: int
    mean_offering_price: float = math.nan
    mean_alternative_price: float = math.nan

    @property
    def share_exceeding(self) -> float:
        return self.exceeding / self.n if self.n else math.nan


def summarise_prices(comparisons: list[PriceComparison], subsegment: str) -> SubsegmentPrices:
    """Means of delta value, delta price and margin over the subsegment's computable customers."""
    rows = [c for c in comparisons if c.subsegment == subsegment]
    known = [c for c in rows if c.exceeds is not None]
    if not known:
        nan = math.nan
        return SubsegmentPrices(subsegment, 0, len(rows), nan, nan, nan, 0)
    return SubsegmentPrices(
        subsegment,
        len(known),
        len(rows) - len(known),
        float(np.mean([c.delta_value for c in known])),
        float(np.mean([c.delta_price for c in known])),
        float(np.mean([c.margin for c in known])),
        sum(1 for c in known if c.exceeds),
        float(np.mean([c.offering_price for c in known])),
        float(np.mean([c.alternative_price for c in known])),
    )
