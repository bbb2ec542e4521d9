"""A business case's figures in the words a person reads: money to the cent with its currency, rates
as percentages, the IRR a year, and the success target in one sentence.

One wording for the command line, the web app and the reports, so the same case reads the same
wherever it is shown. Decimals are rounded here, for display only (half away from zero).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from worth.engine.finance.profitability import Basis, TargetResult

__all__ = [
    "BASIS_WORDS",
    "PERIODS",
    "annualised",
    "count",
    "exact_percent",
    "money",
    "percent",
    "rate_per_period",
    "target_sentence",
]

#: Per period: the singular, the plural and how many make a year (to annualise a rate).
PERIODS = {
    "month": ("month", "months", 12),
    "quarter": ("quarter", "quarters", 4),
    "year": ("year", "years", 1),
}
BASIS_WORDS: dict[Basis, str] = {"profit": "incremental profit", "net": "net cash flow"}
_HUNDRED = Decimal(100)


def _rounded(value: Decimal, quantum: str) -> Decimal:
    with localcontext() as context:
        context.prec = max(40, value.adjusted() + 12)
        rounded = value.quantize(Decimal(quantum), rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def money(amount: Decimal, currency: str, *, cents: bool = True) -> str:
    """``USD 1,234.50``, ``USD -400,000.00``; ``cents=False`` drops ``.00`` from a whole amount.

    Examples
    --------
    >>> money(Decimal("1234.5"), "USD"), money(Decimal("1000000"), "EUR", cents=False)
    ('USD 1,234.50', 'EUR 1,000,000')
    """
    digits = 0 if not cents and amount == amount.to_integral_value() else 2
    return f"{currency} {_rounded(amount, '0.01'):,.{digits}f}"


def percent(share: Decimal, decimals: int = 2) -> str:
    """A share as a percentage: ``0.123456`` is ``12.35%`` (``decimals`` places, half away from zero).

    Examples
    --------
    >>> percent(Decimal("0.123456")), percent(Decimal("0.5"), 0)
    ('12.35%', '50%')
    """
    quantum = str(Decimal(1).scaleb(-decimals))
    return f"{_rounded(share * _HUNDRED, quantum):,.{decimals}f}%"


def exact_percent(share: Decimal) -> str:
    """A share a person typed, as a percentage with every digit and none added: ``0.055`` is ``5.5%``."""
    return f"{(share * _HUNDRED).normalize():f}%"


def annualised(rate: Decimal | None, period: str) -> Decimal | None:
    """``(1 + rate) ** n - 1`` with ``n`` periods in a year (12 months, 4 quarters); None for a year."""
    per_year = PERIODS[period][2]
    if rate is None or per_year == 1:
        return None
    with localcontext() as context:
        context.prec = 40
        grown = (1 + rate) ** per_year - 1
    return _rounded(grown, "1E-10")


def rate_per_period(annual: Decimal, period: str) -> Decimal:
    """The rate per period equivalent to ``annual`` a year: ``(1 + annual) ** (1 / n) - 1``.

    Examples
    --------
    >>> round(rate_per_period(Decimal("0.12"), "month"), 8)
    Decimal('0.00948879')
    """
    with localcontext() as context:
        context.prec = 40
        return (1 + annual) ** (Decimal(1) / PERIODS[period][2]) - 1


def count(number: int, period: str) -> str:
    """``1 month``, ``12 months``."""
    one, many, _ = PERIODS[period]
    return f"{number} {one if number == 1 else many}"


def target_sentence(target: TargetResult, *, currency: str, period: str) -> str:
    """The target in one sentence: met in which period, or missed by how much and when it comes in.

    Examples
    --------
    >>> from worth.engine.finance import ProfitabilityPlan, profitability
    >>> case = profitability(ProfitabilityPlan(periods=6, profit_at_full_adoption=100_000,
    ...     adoption=["0.1", "0.2", "0.3", "0.3", "0.3", "0.3"], investment=0, discount_rate=0))
    >>> print(target_sentence(case.target_reached(100_000, within=4), currency="USD", period="month"))
    The target of USD 100,000 incremental profit within 4 months is missed: USD 90,000.00 by month 4, \
USD 10,000.00 short; it is reached in month 5 of the plan.
    """
    one = PERIODS[period][0]
    head = (
        f"The target of {money(target.target, currency, cents=False)} {BASIS_WORDS[target.basis]} "
        f"within {count(target.within, period)}"
    )
    if target.reached:
        return f"{head} is met in {one} {target.period}."
    later = (
        f"it is reached in {one} {target.period_in_plan} of the plan"
        if target.period_in_plan is not None
        else "it is never reached within the plan"
    )
    return (
        f"{head} is missed: {money(target.amount, currency)} by {one} {target.within}, "
        f"{money(target.shortfall, currency)} short; {later}."
    )
