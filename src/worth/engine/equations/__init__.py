"""The value word equation language: parse, check, render and evaluate equations in the customer's words.

A value word equation puts a value element on the left and, on the right, the difference in performance
and what it is worth, in the customer's own words::

    Unplanned downtime savings = ([Downtime hours per year, alternative]
        - [Downtime hours per year, offering]) x [Contribution margin per hour]

See ``docs/equations.md`` for the language. Parsing never uses ``eval``; evaluation is vectorised numpy.
"""

from .compile import round_half_away
from .equation import Equation, parse_equation
from .errors import EquationError, EquationSystemError
from .formatting import format_amount, format_number
from .system import EquationSystem, Quantity
from .units import format_unit, parse_unit

__all__ = [
    "Equation",
    "EquationError",
    "EquationSystem",
    "EquationSystemError",
    "Quantity",
    "format_amount",
    "format_number",
    "format_unit",
    "parse_equation",
    "parse_unit",
    "round_half_away",
]
