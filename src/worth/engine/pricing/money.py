"""Money a person reads: exact decimals, rounded to the cent half away from zero.

Analysis over many invoice lines runs in float64; a price quoted to a customer, a value promised in
a proposal or a figure on a pricing policy is a :class:`~decimal.Decimal` rounded once, deliberately,
with ``ROUND_HALF_UP`` (the rule people use on paper, so 2.675 becomes 2.68, not 2.67).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from worth.engine.pricing.errors import PricingError

#: What callers may pass where money is expected. Floats are read through their shortest repr, so
#: ``2.675`` means the decimal 2.675 a person typed, not the binary number nearest to it.
Money = Decimal | int | float | str

CENT = Decimal("0.01")
#: Shares (of value captured) are kept to a hundredth of a percent.
SHARE_QUANTUM = Decimal("0.0001")


def to_decimal(value: Money, *, field: str) -> Decimal:
    """Read ``value`` as an exact decimal; raise :class:`PricingError` naming ``field`` if it is not a number.

    Parameters
    ----------
    value
        A Decimal, int, float or numeric string.
    field
        The name of the input, used in the error message.

    Returns
    -------
    Decimal
        The number exactly as written (floats through their shortest ``repr``).

    Examples
    --------
    >>> to_decimal(2.675, field="price")
    Decimal('2.675')
    """
    if isinstance(value, bool):
        raise PricingError(f"{field}: expected a number, got {value!r}")
    try:
        if isinstance(value, float):
            if not math.isfinite(value):
                raise PricingError(f"{field}: expected a finite number, got {value!r}")
            number = Decimal(repr(value))
        elif isinstance(value, Decimal | int):
            number = Decimal(value)
        else:
            number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise PricingError(f"{field}: expected a number, got {value!r}") from exc
    if not number.is_finite():
        raise PricingError(f"{field}: expected a finite number, got {value!r}")
    return number


def to_cents(value: Money, *, field: str = "amount") -> Decimal:
    """Round money to the cent, half away from zero (``ROUND_HALF_UP``).

    Parameters
    ----------
    value
        The amount; see :func:`to_decimal` for what is accepted.
    field
        The name of the input, used in the error message.

    Returns
    -------
    Decimal
        The amount with exactly two decimal places.

    Examples
    --------
    >>> to_cents(2.675)
    Decimal('2.68')
    >>> to_cents("-0.125")
    Decimal('-0.13')
    """
    rounded = to_decimal(value, field=field).quantize(CENT, rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)  # -0.004 is 0.00, never -0.00


def round_share(value: Decimal) -> Decimal:
    """Round a fraction (0.4567 = 45.67 %) to a hundredth of a percent, half away from zero."""
    rounded = value.quantize(SHARE_QUANTUM, rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def require_non_negative(value: Money, *, field: str) -> Decimal:
    """Read ``value`` as a decimal that must not be negative (a magnitude, a price, a cost)."""
    number = to_decimal(value, field=field)
    if number < 0:
        raise PricingError(f"{field}: must not be negative, got {value!r}")
    return number
