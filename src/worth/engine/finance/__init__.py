"""Finance maths of a business case for change: NPV, IRR, payback and a profitability plan.

Pure functions of numbers, exact decimals to the cent (see :mod:`worth.engine.finance.discounting`
for the conventions), checked against numpy-financial's published values in the tests; the engine
itself does not depend on it.
"""

from __future__ import annotations

from worth.engine.finance.discounting import discounted_payback, irr, npv, payback
from worth.engine.finance.errors import FinanceError
from worth.engine.finance.profitability import (
    Basis,
    PeriodRow,
    Profitability,
    ProfitabilityPlan,
    TargetResult,
    profitability,
)

__all__ = [
    "Basis",
    "FinanceError",
    "PeriodRow",
    "Profitability",
    "ProfitabilityPlan",
    "TargetResult",
    "discounted_payback",
    "irr",
    "npv",
    "payback",
    "profitability",
]
