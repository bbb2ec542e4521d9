"""Numbers as people read them in tables and reports: money rounded deliberately, shares as percents.

Analysis runs in float64; what a person reads is rounded here, once, half away from zero on the decimal
value (as a spreadsheet's ROUND does), never by accident of float formatting.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from worth.engine.equations.units import CURRENCY_SYMBOLS

__all__ = ["format_money", "format_percent", "format_plain", "lower_bound", "round_money"]


def round_money(value: float, decimals: int = 0) -> Decimal:
    """``value`` rounded half away from zero to ``decimals`` places, as an exact Decimal.

    Examples
    --------
    >>> round_money(2.5), round_money(-2.5), round_money(1234.565, 2)
    (Decimal('3'), Decimal('-3'), Decimal('1234.57'))
    """
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def format_money(value: float, currency: str, *, decimals: int = 0, sign: bool = False) -> str:
    """``$313,600``, ``-$8,932``, ``1,250 CHF``; ``n/a`` for NaN (not computable).

    ``sign=True`` writes ``+`` before positive amounts (for margins and differences); an infinite
    amount (a division by zero in an equation) is no amount either.
    """
    if not math.isfinite(value):
        return "n/a"
    rounded = round_money(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)
    prefix = "-" if rounded < 0 else ("+" if sign and rounded > 0 else "")
    digits = f"{abs(rounded):,.{decimals}f}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{prefix}{symbol}{digits}" if symbol else f"{prefix}{digits} {currency}"


def format_percent(share: float, *, decimals: int = 0, sign: bool = False) -> str:
    """``0.4275`` -> ``43%``; ``n/a`` for NaN or inf; ``sign=True`` writes ``+`` before a positive share."""
    if not math.isfinite(share):
        return "n/a"
    rounded = round_money(share * 100, decimals)
    prefix = "+" if sign and rounded > 0 else ""
    return f"{prefix}{rounded:,.{decimals}f}%"


def format_plain(value: float, *, decimals: int = 3) -> str:
    """A statistic that is not money (t, degrees of freedom, p): fixed decimals, ``n/a`` for NaN."""
    if math.isnan(value):
        return "n/a"
    if 0 < abs(value) < 10 ** (-decimals):
        return f"{value:.1e}"
    return f"{value:,.{decimals}f}"


def lower_bound(value: float) -> float:
    """``value`` rounded towards zero to one significant digit: 252,000 -> 200,000.

    A figure that must not identify a customer (an anonymized case history) is told as "more than" it.

    >>> lower_bound(252_000), lower_bound(-8_634), lower_bound(0.0)
    (200000.0, -8000.0, 0.0)
    """
    if value == 0 or not math.isfinite(value):
        return 0.0
    scale = 10.0 ** math.floor(math.log10(abs(value)))
    return math.copysign(math.floor(abs(value) / scale) * scale, value)
