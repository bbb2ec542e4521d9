"""Numbers as a person reads them in an equation: thousands separators, sensible digits, units.

Two kinds of numbers are written. Numbers that are part of the equation (``1,200.5``, ``15%``,
``$2,500``) are written exactly, so the rendered words parse back to the same equation. Values
substituted into an equation for a report are rounded for reading: whole numbers from 1,000 up, four
significant digits below that (money keeps cents: ``$12.50/h``, ``$0.085/kWh``), percentages as ``15%``,
and the currency symbol in front of the amount for USD, EUR and GBP (``$2,500/h``; other codes follow
the number: ``2,500 CHF/h``).
"""

from __future__ import annotations

import math
import re

from .nodes import Number
from .units import CURRENCY_SYMBOLS

__all__ = ["exact_number", "format_amount", "format_number", "literal_text"]

_CURRENCY_PREFIX = re.compile(r"^([A-Z]{3})(?=$|[/·])")


def exact_number(value: float) -> str:
    """A number written so that reading it back gives the same float: ``1,200.5``, ``2,500``, ``1e-07``."""
    if value.is_integer() and abs(value) < 1e16:
        return f"{int(value):,}"
    return format(value, ",")


def literal_text(number: Number) -> str:
    """A number of the equation as written: ``15%``, ``$2,500``, ``1,200.5``."""
    digits = exact_number(number.written)
    if number.percent:
        return digits + "%"
    if number.currency is not None:
        return (number.symbol or number.currency + " ") + digits
    return digits


def format_number(value: float, *, money: bool = False) -> str:
    """Round a value for reading.

    Examples
    --------
    >>> format_number(200000.0), format_number(12.5, money=True), format_number(3.14159)
    ('200,000', '12.50', '3.142')
    """
    if math.isnan(value):
        return "n/a"
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    size = abs(value)
    if size >= 1000 or size == 0 or abs(value - round(value)) < 1e-9 * max(1.0, size):
        decimals = 0
    else:
        whole_digits = math.floor(math.log10(size)) + 1
        decimals = min(10, max(0, (3 if money else 4) - whole_digits))
        if money:
            decimals = max(2, decimals)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        keep = 2 if money else 0
        integer, fraction = text.split(".")
        fraction = fraction.rstrip("0")
        fraction = fraction.ljust(keep, "0")
        text = f"{integer}.{fraction}" if fraction else integer
    if text.lstrip("-").strip("0.,") == "":
        text = "0"
    return text


def format_amount(value: float, unit: str) -> tuple[str, str, str]:
    """A value with its unit, as (number text, separator, unit text).

    Examples
    --------
    >>> format_amount(2500.0, "USD/h"), format_amount(120.0, "h/yr"), format_amount(0.15, "%")
    (('$2,500', '', '/h'), ('120', ' ', 'h/yr'), ('15%', '', ''))
    """
    unit = unit.strip()
    if unit == "%":
        return format_number(value * 100.0) + "%", "", ""
    if unit in ("", "1"):
        return format_number(value), "", ""
    currency = _CURRENCY_PREFIX.match(unit)
    if currency is not None:
        code = currency.group(1)
        rest = unit[len(code) :]
        symbol = CURRENCY_SYMBOLS.get(code)
        if symbol is not None and not math.isnan(value):
            sign = "-" if value < 0 else ""
            return f"{sign}{symbol}{format_number(abs(value), money=True)}", "", rest
        return format_number(value, money=True), " ", unit
    return format_number(value), " ", unit
