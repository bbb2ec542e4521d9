"""Units of drivers and results, checked with pint in a registry built for value models.

The registry is small and explicit rather than pint's full default one, so names mean what a value
model means by them:

- money: every currency code (USD, EUR, GBP, ... and any other three capital letters) is its own base
  dimension, so adding euros to dollars is an error rather than a silent conversion;
- clock time (s, min, h, day, week) and calendar periods (yr, quarter, month) are separate dimensions,
  so ``h/yr`` stays "hours per year" instead of collapsing to a pure number;
- physical units for the usual drivers: m, km, mm, kg, g, t (tonne), lb, l, m³, J, kWh, MWh, W, kW...;
- any other word (``bearings``, ``units``, ``batches``) is declared on first use as a count with its own
  dimension, singular and plural alike, so ``bearings/yr x USD/bearing`` gives ``USD/yr``;
- ``%`` is a plain number: a quantity in % holds a fraction (0.15 for 15%) and is shown as a percentage.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any

import pint

from .errors import EquationError
from .suggest import nearest_names

__all__ = [
    "CURRENCY_SYMBOLS",
    "conversion_factor",
    "dimensionless",
    "format_unit",
    "is_dimensionless",
    "parse_unit",
    "registry",
]

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
_KNOWN_CURRENCIES = (
    "USD",
    "EUR",
    "GBP",
    "CHF",
    "JPY",
    "CNY",
    "CAD",
    "AUD",
    "NZD",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "INR",
    "BRL",
    "MXN",
    "ZAR",
    "SGD",
    "HKD",
    "KRW",
)

_DEFINITIONS = """
kilo- = 1e3 = k-
mega- = 1e6 = M-
giga- = 1e9 = G-
milli- = 1e-3 = m-
centi- = 1e-2 = c-
micro- = 1e-6 = u- = µ-
second = [time] = s = sec = secs
minute = 60 * second = min = mins
hour = 60 * minute = h = hr = hrs
day = 24 * hour = d
week = 7 * day = wk
year = [period] = yr = yrs = annum
quarter = year / 4 = qtr
month = year / 12 = mo
meter = [length] = m = metre
gram = [mass] = g
tonne = 1000 * kilogram = t = metric_ton = tonnes
pound = 0.45359237 * kilogram = lb = lbs
liter = 1e-3 * meter ** 3 = l = L = litre
joule = kilogram * meter ** 2 / second ** 2 = J
watt = joule / second = W
watt_hour = watt * hour = Wh
"""

_LOCK = threading.RLock()
_PLURALS: dict[str, str] = {}
_WORD = re.compile(r"[A-Za-zµ][A-Za-zµ_]*")
_CURRENCY_CODE = re.compile(r"[A-Z]{3}")


@cache
def registry() -> pint.UnitRegistry[Any]:
    """The shared unit registry (built once; count units are added to it as models declare them)."""
    units: pint.UnitRegistry[Any] = pint.UnitRegistry(None, autoconvert_offset_to_baseunit=False)
    for line in _DEFINITIONS.strip().splitlines():
        units.define(line)
    for code in _KNOWN_CURRENCIES:
        units.define(f"{code} = [currency_{code}]")
    return units


@cache
def _known_spellings() -> dict[str, str]:
    """Lower-cased spelling -> spelling, for "did you mean kWh?" when someone writes ``kwh``."""
    units = registry()
    names = [name for name in units._units if not name.startswith("_")]
    symbols = [units.get_symbol(name) for name in names]
    spellings = set(names) | set(symbols)
    for prefix in ("k", "M", "G", "m"):
        spellings |= {prefix + symbol for symbol in ("Wh", "W", "J", "g", "t", "m", "l")}
    return {spelling.casefold(): spelling for spelling in spellings}


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _plural(singular: str) -> str:
    if singular.endswith("y") and len(singular) > 1 and singular[-2] not in "aeiou":
        return singular[:-1] + "ies"
    if singular.endswith(("ch", "sh", "ss", "x")):
        return singular + "es"
    return singular + "s"


def _declare(word: str, text: str) -> None:
    """Make ``word`` known: a currency code or a count unit with its own dimension."""
    units = registry()
    if word in units:
        return
    if _CURRENCY_CODE.fullmatch(word):
        units.define(f"{word} = [currency_{word}]")
        return
    known = _known_spellings()
    if word.casefold() in known:
        spelling = known[word.casefold()]
        raise EquationError(
            f"unknown unit {word!r} in {text!r}: did you mean {spelling!r}? (units are case-sensitive)",
            text=text,
            position=text.find(word),
            suggestions=(spelling,),
        )
    singular = _singular(word)
    plural = word if singular != word else _plural(word)
    if singular in units:
        return
    aliases = f" = {plural}" if plural != singular and plural not in units else ""
    units.define(f"{singular} = [count_{singular}] = _{aliases}")
    _PLURALS[singular] = plural


def _clean(text: str) -> str:
    cleaned = text.strip()
    for old, new in (
        ("·", "*"),
        ("×", "*"),
        ("÷", "/"),
        ("²", "**2"),
        ("³", "**3"),
        ("^", "**"),
        ("$", "USD "),
        ("€", "EUR "),
        ("£", "GBP "),
    ):
        cleaned = cleaned.replace(old, new)
    cleaned = re.sub(r"\bper\b", "/", cleaned)
    cleaned = re.sub(r"\bpercent\b|%", "1", cleaned)
    cleaned = re.sub(r"(?<=[A-Za-z0-9_)])\s+(?=[A-Za-z(])", " * ", cleaned)
    return cleaned or "1"


def parse_unit(text: str) -> pint.Unit:
    """Read a unit written the usual way: ``h/yr``, ``USD/h``, ``$/kWh``, ``bearings/yr``, ``%``, ``1``.

    Parameters
    ----------
    text
        The unit. ``per`` may stand for ``/``; ``·``, ``×``, ``*`` or a space multiply; ``²`` and ``^2``
        raise to a power; ``$``, ``€`` and ``£`` stand for USD, EUR and GBP.

    Returns
    -------
    pint.Unit
        A unit of :func:`registry`.

    Raises
    ------
    EquationError
        When the text cannot be read, with the position of the problem where known.

    Examples
    --------
    >>> format_unit(parse_unit("bearings per yr"))
    'bearings/yr'
    """
    if not isinstance(text, str) or len(text) > 100:
        raise EquationError(f"a unit must be a short text such as 'h/yr', not {text!r:.60}")
    cleaned = _clean(text)
    with _LOCK:
        try:
            for word in _WORD.findall(cleaned):
                _declare(word, text)
            unit = registry().parse_units(cleaned)
        except EquationError:
            raise
        except Exception as error:  # pint raises several unrelated types for unreadable text
            raise EquationError(
                f"cannot read the unit {text!r}: write it like 'h/yr', 'USD/h', 't/yr' or '%'",
                text=text,
                suggestions=nearest_names(text, _known_spellings().values()),
            ) from error
    return unit


def dimensionless() -> pint.Unit:
    """The unit of a pure number."""
    return registry().dimensionless


def is_dimensionless(unit: pint.Unit) -> bool:
    """True for a pure number whose value needs no scaling (``1``, ``%``, ``h/h``)."""
    return conversion_factor(unit, dimensionless()) == 1.0


def conversion_factor(unit: pint.Unit, other: pint.Unit) -> float | None:
    """How many ``other`` one ``unit`` is, or ``None`` when they measure different things."""
    if unit == other:
        return 1.0
    if unit.dimensionality != other.dimensionality:
        return None
    with _LOCK:
        factor = float(registry().Quantity(1.0, unit).to(other).magnitude)
    return 1.0 if abs(factor - 1.0) <= 1e-12 else factor


_SUPERSCRIPTS = {2: "²", 3: "³"}
_PERIODS = frozenset({"year", "quarter", "month"})


def _symbol(name: str, exponent: float, *, numerator: bool) -> str:
    units = registry()
    symbol = units.get_symbol(name)
    if symbol == "_" or (symbol == name and name in _PLURALS):
        symbol = name
        if numerator and exponent == 1:
            symbol = _PLURALS.get(name, name)
    power = abs(exponent)
    if power == 1:
        return symbol
    whole = int(power)
    if power == whole and whole in _SUPERSCRIPTS:
        return symbol + _SUPERSCRIPTS[whole]
    return f"{symbol}^{power:g}"


def _is_currency(name: str) -> bool:
    return bool(_CURRENCY_CODE.fullmatch(name))


def format_unit(unit: pint.Unit | Any) -> str:
    """Write a unit compactly: ``USD/yr``, ``USD·h/yr``, ``1/yr``, ``USD/(h·yr)``, ``1``.

    Currencies come first; count units read in the plural above the line (``bearings/yr``) and in the
    singular below it (``USD/bearing``).
    """
    items = [(name, float(exponent)) for name, exponent in unit._units.items()]  # type: ignore[arg-type]
    items.sort(key=lambda item: (not _is_currency(item[0]), item[0] in _PERIODS))
    above = [_symbol(name, power, numerator=True) for name, power in items if power > 0]
    below = [_symbol(name, power, numerator=False) for name, power in items if power < 0]
    top = "·".join(above) or "1"
    if not below:
        return top
    bottom = below[0] if len(below) == 1 else "(" + "·".join(below) + ")"
    return f"{top}/{bottom}"
