"""Net present value, internal rate of return and payback of a series of cash flows, in exact decimals.

Senior management reads a business case with a calculator at hand, so money stays a
:class:`~decimal.Decimal` worked out with 40 significant digits and rounded once, at the end, to the
cent with ``ROUND_HALF_UP`` (the rule of :mod:`worth.engine.pricing.money`). A float NPV can be a cent
away from the sum a reader makes of the rounded rows; an exact one cannot drift.

The flows follow numpy-financial's convention, not a spreadsheet's ``NPV()``: ``flows[0]`` happens
now (time 0) and is not discounted, ``flows[t]`` happens at the end of period ``t`` and is divided by
``(1 + rate) ** t``. Spreadsheet users who find a different figure usually discounted the
investment by one period too.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Iterable, Sequence
from decimal import ROUND_CEILING, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from fractions import Fraction

from worth.engine.finance.errors import FinanceError
from worth.engine.pricing.money import CENT, Money

#: Significant digits of every intermediate sum and quotient (decimal128 has 34; a few more guard the
#: last cent of long series).
PRECISION = 40
#: The internal rate of return is given to ten decimal places (a millionth of a basis point): far
#: finer than any decision needs, coarse enough that the last digit shown is certain.
RATE_QUANTUM = Decimal("1E-10")
#: Payback is given to a hundredth of a period, rounded up, so it never claims a day too early.
PERIOD_QUANTUM = Decimal("0.01")
#: No input is this large in size: money beyond it is a typing slip, and refusing it keeps every sum
#: exact within :data:`PRECISION` digits.
LIMIT = Decimal("1E+30")
#: The longest series :func:`irr` solves (a century of monthly flows). Its root isolation grows with
#: the square of the length; longer series are refused rather than left to run for minutes.
MAX_IRR_FLOWS = 1201

_ONE = Decimal(1)
#: An interval of the rate polynomial's variable this narrow that still may hold several roots is
#: a root that touches zero or a pair of complex roots next to the real line (see :func:`irr`).
_CLUSTER_WIDTH = Fraction(1, 2**80)
#: The IRR is solved to within this, five digits finer than the ten decimal places it is given to.
_RATE_TOLERANCE = Fraction(1, 10**15)


def _context(prec: int = PRECISION) -> Context:
    """A fresh context, so the caller's thread-wide decimal settings never change a figure."""
    return Context(prec=prec, rounding=ROUND_HALF_UP)


def shown(value: object) -> str:
    """A value as a message quotes it: numbers as they were written, anything else as its repr."""
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, Decimal | int):
        return str(value)
    if isinstance(value, str):
        try:
            Decimal(value.strip())
        except InvalidOperation:
            return repr(value)
        return value.strip()
    return repr(value)


def read_number(value: object, *, field: str) -> Decimal:
    """Read ``value`` as an exact decimal, or raise :class:`FinanceError` naming ``field`` and the value.

    Floats are read through their shortest repr, so ``0.1`` is the decimal a person typed. Bools are
    refused although Python counts them as integers: ``True`` for an amount is always a slip.

    Examples
    --------
    >>> read_number(0.1, field="discount rate")
    Decimal('0.1')
    >>> read_number("twelve", field="investment")
    Traceback (most recent call last):
    ...
    worth.engine.finance.errors.FinanceError: investment: 'twelve' is not a number
    """
    if isinstance(value, bool):
        raise FinanceError(f"{field}: {value!r} is not a number")
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, Decimal | int):
        number = Decimal(value)
    elif isinstance(value, numbers.Integral):  # numpy's integers
        number = Decimal(int(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise FinanceError(f"{field}: {value!r} is not a number") from None
    else:
        raise FinanceError(f"{field}: {value!r} is not a number")
    if not number.is_finite():
        raise FinanceError(f"{field}: {shown(value)} is not a finite number")
    if abs(number) >= LIMIT:
        raise FinanceError(f"{field}: {shown(value)} is too large (the limit is 10^30)")
    return number


def read_rate(value: object, *, field: str = "discount rate") -> Decimal:
    """Read a rate per period; at -100 % or below, discounting divides by zero or flips signs."""
    rate = read_number(value, field=field)
    if rate <= -1:
        raise FinanceError(f"{field}: {shown(value)} is not above -100 %")
    return rate


def read_flows(flows: object, *, field: str = "cash flows") -> tuple[Decimal, ...]:
    """Read a series of cash flows, the first at time 0; the message names the time of a bad one."""
    if isinstance(flows, str | bytes) or not isinstance(flows, Iterable):
        raise FinanceError(f"{field}: {flows!r} is not a series of amounts")
    values = tuple(read_number(value, field=f"cash flow at time {t}") for t, value in enumerate(flows))
    if not values:
        raise FinanceError(f"{field}: no flows given (the first is the amount at time 0)")
    return values


def to_cents(value: Decimal) -> Decimal:
    """Round to the cent, half away from zero, whatever the size of ``value`` (never ``-0.00``)."""
    digits = max(PRECISION, value.adjusted() + 4)
    rounded = value.quantize(CENT, context=_context(digits))
    return rounded if rounded else abs(rounded)


def _growth(rate: Decimal) -> Decimal:
    """``1 + rate`` exactly: rounded, a rate a hair above -100 % would become a division by zero."""
    exponent = rate.as_tuple().exponent
    assert isinstance(exponent, int)  # read_number refused NaN and infinities
    digits = max(rate.adjusted(), 0) - min(exponent, 0) + 2
    return _context(max(digits, PRECISION)).add(_ONE, rate)


def discounted(rate: Decimal, values: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """Each flow divided by ``(1 + rate) ** t``, unrounded, so sums of them are rounded only once."""
    growth = _growth(rate)
    result: list[Decimal] = []
    with localcontext(_context()):
        factor = _ONE
        for value in values:
            result.append(value / factor)
            factor *= growth
    return tuple(result)


def npv(rate: Money, flows: Iterable[Money]) -> Decimal:
    """The net present value of ``flows`` at ``rate`` per period, to the cent.

    Parameters
    ----------
    rate
        The discount rate per period (0.01 is 1 % a period), above -100 %.
    flows
        The net cash flow at time 0 (undiscounted, typically minus the investment), then at the end
        of each period.

    Returns
    -------
    Decimal
        ``sum(flows[t] / (1 + rate) ** t)`` rounded once to the cent, ``ROUND_HALF_UP``.

    Raises
    ------
    FinanceError
        A rate at or below -100 %, no flows, or a value that is not a finite number.

    Examples
    --------
    numpy-financial's example (its ``npf.npv`` gives 3065.22267):

    >>> npv("0.08", [-40_000, 5_000, 8_000, 12_000, 30_000])
    Decimal('3065.22')
    """
    growth_rate = read_rate(rate)
    values = read_flows(flows)
    with localcontext(_context()):
        total = sum(discounted(growth_rate, values), Decimal(0))
    return to_cents(total)


def _variations(coefficients: Sequence[int]) -> int:
    """Sign changes along the coefficients, zeros skipped (Descartes' bound on the positive roots)."""
    signs = [c > 0 for c in coefficients if c]
    return sum(1 for a, b in itertools.pairwise(signs) if a != b)


def _shift_by_one(coefficients: Sequence[int]) -> list[int]:
    """The coefficients of ``q(t + 1)`` from those of ``q(t)`` (lowest degree first), exactly."""
    shifted = list(coefficients)
    n = len(shifted)
    for i in range(n - 1):
        for j in range(n - 2, i - 1, -1):
            shifted[j] += shifted[j + 1]
    return shifted


def _primitive(coefficients: list[int]) -> list[int]:
    """Divide out the common factor, so repeated halving does not grow the integers without need."""
    common = math.gcd(*coefficients)
    return [c // common for c in coefficients] if common > 1 else coefficients


def _deflate_at_one(coefficients: list[int]) -> list[int]:
    """Divide ``q(t)`` by ``(t - 1)`` for as long as ``q(1)`` is zero (synthetic division)."""
    while len(coefficients) > 1 and sum(coefficients) == 0:
        quotient: list[int] = []
        carry = 0
        for c in reversed(coefficients[1:]):
            carry += c
            quotient.append(carry)
        coefficients = quotient[::-1]
    return coefficients


def _rightmost_root(coefficients: list[int]) -> tuple[Fraction, Fraction] | None:
    """Isolate the largest root in (0, 1) of the integer polynomial ``coefficients`` (lowest first).

    Vincent-Collins-Akritas bisection: Descartes' rule applied to ``(1 + t)^n q(1 / (1 + t))`` counts
    the roots of ``q`` in (0, 1) or overstates them by an even number, exactly in integers, so no root
    is ever missed between two points where a float search happened to look. The right half is
    searched first, so the first interval found holding one root holds the largest.

    Returns
    -------
    tuple[Fraction, Fraction] | None
        ``(lo, hi)`` with the polynomial of opposite, non-zero signs at the ends and one root between
        them (or an odd number of them closer than :data:`_CLUSTER_WIDTH`); ``(root, root)`` for a
        root hit exactly; None when there is no root in (0, 1) where the polynomial changes sign.
    """
    pending: list[tuple[list[int], Fraction, Fraction] | Fraction] = [
        (coefficients, Fraction(0), Fraction(1))
    ]
    while pending:
        item = pending.pop()
        if isinstance(item, Fraction):
            return item, item
        q, lo, hi = item
        count = _variations(_shift_by_one(q[::-1]))
        if count == 0:
            continue
        if count == 1:
            return lo, hi
        if hi - lo < _CLUSTER_WIDTH:
            if q[0] * sum(q) < 0:  # an odd number of roots: the sign changes across the interval
                return lo, hi
            continue
        n = len(q) - 1
        left = [c << (n - i) for i, c in enumerate(q)]  # 2^n q(t / 2): the half (lo, mid)
        right = _shift_by_one(left)  # 2^n q((t + 1) / 2): the half (mid, hi)
        mid = (lo + hi) / 2
        pending.append((_primitive(_deflate_at_one(left)), lo, mid))
        if right[0] == 0:
            pending.append(mid)
            while right[0] == 0:
                right = right[1:]
        pending.append((_primitive(right), mid, hi))
    return None


def _sign_at(coefficients: Sequence[int], point: Fraction) -> int:
    """The sign of the polynomial at a rational point, exactly: ``d^n p(m / d)`` is an integer."""
    m, d = point.numerator, point.denominator
    value = 0
    power_of_d = 1
    for c in reversed(coefficients):
        value = value * m + c * power_of_d
        power_of_d *= d
    return (value > 0) - (value < 0)


def _rate_at(t: Fraction, *, above_zero: bool) -> Fraction:
    """The rate a root ``t`` in (0, 1) stands for: ``t = 1 / (1 + r)`` above zero, ``t = 1 + r`` below."""
    return 1 / t - 1 if above_zero else t - 1


def _refine(coefficients: Sequence[int], lo: Fraction, hi: Fraction, *, above_zero: bool) -> Fraction:
    """Bisect an isolating interval, exactly, until the rate is known to :data:`_RATE_TOLERANCE`."""
    if lo == hi:
        return _rate_at(lo, above_zero=above_zero)
    sign_lo = _sign_at(coefficients, lo)
    while True:
        width = (1 / lo - 1 / hi if lo else None) if above_zero else hi - lo
        if width is not None and width <= _RATE_TOLERANCE:
            break
        mid = (lo + hi) / 2
        sign = _sign_at(coefficients, mid)
        if sign == 0:
            return _rate_at(mid, above_zero=above_zero)
        if sign == sign_lo:
            lo = mid
        else:
            hi = mid
    return _rate_at((lo + hi) / 2, above_zero=above_zero)


def _integer_coefficients(values: Sequence[Decimal]) -> list[int]:
    """The flows as integers of one common scale, the largest with :data:`PRECISION` digits.

    The IRR does not change when every flow is multiplied by the same number, so this loses nothing
    but flows smaller than 10^-40 of the largest, which cannot move the rate by 10^-10.
    """
    largest = max(value.adjusted() for value in values if value)
    context = _context(PRECISION + 10)
    return [int(value.scaleb(PRECISION - largest, context=context).to_integral_value()) for value in values]


def irr(flows: Iterable[Money]) -> Decimal | None:
    """The internal rate of return per period: the rate above -100 % at which the NPV of ``flows`` is 0.

    Solved exactly rather than with floats: with ``x = 1 / (1 + r)`` the NPV is a polynomial with
    integer coefficients (the flows scaled), its roots are isolated by Descartes' rule of signs in
    integer arithmetic and the one kept is bisected in rational numbers until the rate is known to
    10^-15. No starting guess, so no root is missed and none is made up.

    Parameters
    ----------
    flows
        The net cash flow at time 0, then at the end of each period (see :func:`npv`).

    Returns
    -------
    Decimal | None
        The rate per period rounded to 10 decimal places (``ROUND_HALF_UP``; exactly ``0`` when the
        flows add up to nothing). With several sign changes the NPV can vanish at several rates: the
        one closest to zero is returned, as numpy-financial's ``irr`` does (on an exact tie, the one
        above zero). A rate at which the NPV touches zero without changing sign is returned only
        when hit exactly. None when no rate above -100 % makes the NPV zero, always so when the
        flows never change sign (all gains or all losses).

    Raises
    ------
    FinanceError
        No flows, a value that is not a finite number, or more than :data:`MAX_IRR_FLOWS` flows.

    Examples
    --------
    numpy-financial's examples (its ``npf.irr`` gives 0.28095, -0.0955 and 0.0886 rounded to 5 places):

    >>> irr([-100, 39, 59, 55, 20])
    Decimal('0.2809484212')
    >>> irr([-100, 0, 0, 74])
    Decimal('-0.0954958303')
    >>> irr([-5, 10.5, 1, -8, 1])
    Decimal('0.0885983385')
    >>> irr([-100, -20]) is None
    True
    """
    values = read_flows(flows)
    if len(values) > MAX_IRR_FLOWS:
        raise FinanceError(
            f"cash flows: {len(values)} flows are more than the {MAX_IRR_FLOWS} the IRR is solved for"
        )
    if not any(values):
        return None
    coefficients = _integer_coefficients(values)
    while coefficients[0] == 0:  # a zero flow at time 0 only shifts the series by a period
        coefficients.pop(0)
    while coefficients[-1] == 0:
        coefficients.pop()
    if _variations(coefficients) == 0:
        return None
    if sum(coefficients) == 0:
        return Decimal(0)
    rates: list[Fraction] = []
    for above_zero, polynomial in ((True, coefficients), (False, coefficients[::-1])):
        isolated = _rightmost_root(polynomial)
        if isolated is not None:
            rates.append(_refine(polynomial, *isolated, above_zero=above_zero))
    if not rates:
        return None
    closest = min(rates, key=lambda rate: (abs(rate), -rate))
    with localcontext(_context(PRECISION + max(0, math.ceil(math.log10(abs(closest) + 1))))):
        rate = Decimal(closest.numerator) / Decimal(closest.denominator)
    rounded = rate.quantize(RATE_QUANTUM, context=_context(max(PRECISION, rate.adjusted() + 12)))
    return rounded if rounded else Decimal(0)


def _payback(values: Sequence[Decimal]) -> Decimal | None:
    with localcontext(_context()):
        if values[0] >= 0:
            return Decimal(0).quantize(PERIOD_QUANTUM)
        cumulative = values[0]
        for t, value in enumerate(values[1:], start=1):
            if cumulative + value >= 0:  # value > 0 here: the cumulative rose from below zero
                periods = (t - 1) + (-cumulative) / value
                return periods.quantize(PERIOD_QUANTUM, rounding=ROUND_CEILING)
            cumulative += value
    return None


def payback(flows: Iterable[Money]) -> Decimal | None:
    """Periods until the cumulative cash flow first turns non-negative, the last period interpolated.

    Within the period in which it turns, the flow is taken to come in evenly, as payback is read on a
    chart: -100 then 60 and 60 is still 40 short after period 1, which period 2 makes up in 40/60 of
    its length, so the payback is 1 + 40/60 = 1.666... periods, given as 1.67. A cumulative flow
    that dips below zero again later is not looked at: payback is a first crossing.

    Returns
    -------
    Decimal | None
        The periods, rounded up to a hundredth (:data:`PERIOD_QUANTUM`); ``0.00`` when the flow at
        time 0 is not negative (nothing to pay back); None when the cumulative flow stays negative.

    Examples
    --------
    >>> payback([-100, 60, 60])
    Decimal('1.67')
    >>> payback([-100, 50, 50]), payback([-100, 10, 10]) is None
    (Decimal('2.00'), True)
    """
    return _payback(read_flows(flows))


def discounted_payback(rate: Money, flows: Iterable[Money]) -> Decimal | None:
    """Like :func:`payback`, on the flows discounted at ``rate`` per period (see :func:`npv`).

    The later money comes in, the less it is worth today: this is the payback that counts the time
    value of money, never earlier than the plain one when the rate is positive.

    Examples
    --------
    At 10 %, 60 at period 1 is worth 54.55 now and 60 at period 2 is 49.59; 45.45 is missing after
    period 1, so the payback is 1 + 45.45/49.59 = 1.92 periods:

    >>> discounted_payback("0.10", [-100, 60, 60])
    Decimal('1.92')
    """
    growth_rate = read_rate(rate)
    return _payback(discounted(growth_rate, read_flows(flows)))
