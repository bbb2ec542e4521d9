"""Reading a box of ``NAME=AMOUNT`` lines (sales expenses per salesperson, yearly purchases per customer).

One reader for every such box, so each refuses bad input the same way: the whole box or nothing, and
the message names the line and the text as written. Thousands separators (``12,000``) are read; a
name given twice is refused rather than one of the two amounts silently winning.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal, InvalidOperation

from worth.engine.pricing.errors import PricingError

__all__ = ["MAX_LINES", "read_named_amounts"]

#: Lines a box may hold: a few hundred customers or salespeople, not a data file.
MAX_LINES = 200


def _amount(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def read_named_amounts(
    text: str,
    *,
    name: str = "CODE",
    example: str = "SP04 West=12000",
    most: int = MAX_LINES,
    known: Collection[str] | None = None,
    unknown: str = "no such code",
    positive: bool = False,
) -> dict[str, Decimal]:
    """Each non-blank line's name and amount, in the order given.

    Parameters
    ----------
    text
        The box as typed; blank lines are skipped but counted, so "line 3" is the third line typed.
        The amount follows the last ``=``.
    name, example
        How the message tells a person to write a line (``write CODE=AMOUNT, e.g. SP04 West=12000``).
    most
        How many non-blank lines are read at all.
    known, unknown
        When given, the names a line may have, and what the message says of any other.
    positive
        Refuse an amount that is not above 0.

    Raises
    ------
    PricingError
        Naming the first line that is not ``NAME=AMOUNT`` with a number, a name given twice, a name
        not ``known`` or an amount not above 0 when it must be.
    """
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if len(numbered) > most:
        raise PricingError(f"{len(numbered)} lines; at most {most}")
    found: dict[str, Decimal] = {}
    first_line: dict[str, int] = {}
    for n, line in numbered:
        shown = f"line {n}, “{line[:60]}”"
        code, sep, amount = line.rpartition("=")
        value = _amount(amount) if sep and code.strip() else None
        if value is None:
            raise PricingError(f"{shown}: write {name}=AMOUNT, e.g. {example}")
        key = code.strip()
        if key in found:
            raise PricingError(f"{shown}: {key} is given on line {first_line[key]} already")
        if known is not None and key not in known:
            raise PricingError(f"{shown}: {unknown}")
        if positive and value <= 0:
            raise PricingError(f"{shown}: the amount must be above 0")
        found[key] = value
        first_line[key] = n
    return found
