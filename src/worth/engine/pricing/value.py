"""Economic value estimation: what the offering is worth to a customer, in money, against the NBA.

The next-best alternative's price is the *reference value*: what the customer pays today for the
alternative it would otherwise use. The offering's *differentiation value* is what its points of
difference are worth on top of that (positive) minus what its unfavourable elements cost the
customer (negative). Their sum is the *economic value to the customer* (EVE): the highest price at
which the customer is no worse off than with the alternative. Price is never part of value: these
functions take value figures in and compare prices with them afterwards.

References
----------
Anderson, J. C., Narus, J. A. and Narayandas, D. (2009). *Business Market Management*, 3rd ed.,
ch. 2 and 5 (value, the fundamental value equation, value-based pricing).
Anderson, J. C., Kumar, N. and Narus, J. A. (2007). *Value Merchants*, ch. 7 ("Profit from value provided").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from worth.engine.pricing.errors import PricingError
from worth.engine.pricing.money import Money, require_non_negative, round_share, to_cents, to_decimal


@dataclass(frozen=True)
class ElementValue:
    """One value element's worth in money against the NBA: positive if favourable, negative if not.

    A point of parity is worth 0; a value placeholder (worth something but not quantified) is never
    added here: list it beside the result instead.
    """

    name: str
    amount: Money


@dataclass(frozen=True)
class EconomicValue:
    """Reference value plus positive minus negative differentiation value, exact to the input's digits.

    All three inputs are magnitudes in the same unit (per unit bought, per year, per machine ...).
    """

    reference_value: Decimal
    positive_differentiation: Decimal
    negative_differentiation: Decimal

    @property
    def differentiation_value(self) -> Decimal:
        """Net worth of the differences from the NBA: favourable minus unfavourable elements."""
        return self.positive_differentiation - self.negative_differentiation

    @property
    def economic_value(self) -> Decimal:
        """The EVE: the price at which the customer is exactly as well off as with the NBA."""
        return self.reference_value + self.differentiation_value

    @property
    def economic_value_cents(self) -> Decimal:
        """The EVE rounded to the cent, as a person reads it."""
        return to_cents(self.economic_value)

    @property
    def differentiation_value_cents(self) -> Decimal:
        """The net differentiation value rounded to the cent."""
        return to_cents(self.differentiation_value)


def economic_value(
    nba_price: Money, positive_differentiation: Money, negative_differentiation: Money = 0
) -> EconomicValue:
    """Economic value to the customer from the NBA price and the differentiation values.

    Parameters
    ----------
    nba_price
        Price of the next-best alternative (the reference value); 0 when the alternative is doing nothing.
    positive_differentiation
        What the favourable points of difference are worth to the customer (a magnitude, >= 0).
    negative_differentiation
        What the unfavourable elements cost the customer (a magnitude, >= 0; pass 120, not -120).

    Returns
    -------
    EconomicValue
        The three parts and the EVE.

    Examples
    --------
    >>> v = economic_value(1000, 450, 50)
    >>> v.differentiation_value, v.economic_value
    (Decimal('400'), Decimal('1400'))
    """
    return EconomicValue(
        reference_value=require_non_negative(nba_price, field="nba_price"),
        positive_differentiation=require_non_negative(
            positive_differentiation, field="positive_differentiation"
        ),
        negative_differentiation=require_non_negative(
            negative_differentiation, field="negative_differentiation"
        ),
    )


def economic_value_from_elements(nba_price: Money, elements: Iterable[ElementValue]) -> EconomicValue:
    """Economic value from signed element values: favourable ones add up, unfavourable ones subtract.

    Parameters
    ----------
    nba_price
        Price of the next-best alternative.
    elements
        Each element's money value against the NBA, positive if favourable, negative if unfavourable.

    Returns
    -------
    EconomicValue

    Examples
    --------
    >>> els = [ElementValue("downtime", 900), ElementValue("install time", -150), ElementValue("delivery", 0)]
    >>> economic_value_from_elements(2000, els).economic_value
    Decimal('2750')
    """
    positive = Decimal(0)
    negative = Decimal(0)
    for element in elements:
        amount = to_decimal(element.amount, field=f"element {element.name!r}")
        if amount >= 0:
            positive += amount
        else:
            negative -= amount
    return economic_value(nba_price, positive, negative)


@dataclass(frozen=True)
class PriceRange:
    """Prices that leave the customer better off than with the NBA, and where value-based pricing sits.

    ``ceiling`` is the EVE: at that price the customer gains nothing by switching, above it loses.
    ``floor`` is the NBA price when the offering has a net positive differentiation value: below it
    the supplier gives away more than all of its differentiation. When unfavourable elements outweigh
    favourable ones, ``floor`` is ``None``, ``premium_possible`` is False and ``ceiling`` lies below
    the NBA price: the offering must be priced under the alternative by at least the net disadvantage.
    """

    floor: Decimal | None
    ceiling: Decimal
    premium_possible: bool

    @property
    def width(self) -> Decimal:
        """Room for pricing between the NBA price and the EVE (0 when no premium is possible)."""
        return Decimal(0) if self.floor is None else self.ceiling - self.floor

    def leaves_customer_better_off(self, price: Money) -> bool:
        """True when the customer gains by buying at ``price`` instead of the NBA (below the EVE)."""
        return to_decimal(price, field="price") < self.ceiling


def better_off_range(value: EconomicValue) -> PriceRange:
    """The range of prices from the NBA price up to the EVE, rounded to the cent.

    Parameters
    ----------
    value
        The economic value estimate.

    Returns
    -------
    PriceRange
        ``floor`` = NBA price (or None when the net differentiation value is not positive),
        ``ceiling`` = EVE.

    Examples
    --------
    >>> r = better_off_range(economic_value(100, 30, 10))
    >>> r.floor, r.ceiling, r.premium_possible
    (Decimal('100.00'), Decimal('120.00'), True)
    >>> r = better_off_range(economic_value(100, 10, 25))
    >>> r.floor, r.ceiling, r.premium_possible
    (None, Decimal('85.00'), False)
    """
    premium = value.differentiation_value > 0
    return PriceRange(
        floor=to_cents(value.reference_value) if premium else None,
        ceiling=to_cents(value.economic_value),
        premium_possible=premium,
    )


def value_captured_share(price: Money, value: EconomicValue) -> Decimal:
    """Share of the differentiation value the supplier keeps: (price - NBA price) / differentiation value.

    0 at the NBA price (the customer keeps all of it), 1 at the EVE (the supplier takes all of it);
    below 0 or above 1 outside that range. Rounded to a hundredth of a percent (4 decimals).

    Parameters
    ----------
    price
        The supplier's price, in the same unit as the value figures.
    value
        The economic value estimate.

    Returns
    -------
    Decimal
        The share as a fraction, e.g. ``Decimal('0.6250')`` for 62.5 %.

    Raises
    ------
    PricingError
        When the net differentiation value is zero or negative: there is no premium to share.

    Examples
    --------
    >>> value_captured_share(125, economic_value(100, 45, 5))
    Decimal('0.6250')
    """
    number = to_decimal(price, field="price")
    diff = value.differentiation_value
    if diff <= 0:
        raise PricingError(
            "differentiation_value: the share of value captured needs a positive net differentiation value, "
            f"got {diff} (positive {value.positive_differentiation} "
            f"- negative {value.negative_differentiation})"
        )
    return round_share((number - value.reference_value) / diff)


def customer_incentive(price: Money, value: EconomicValue) -> Decimal:
    """What the customer gains by buying at ``price`` instead of the NBA: EVE - price, to the cent."""
    return to_cents(value.economic_value - to_decimal(price, field="price"))
