"""The one error type the sensitivity engine raises for bad input."""

from __future__ import annotations


class SensitivityError(ValueError):
    """Input to a sensitivity analysis that cannot be used as given.

    The message names the field (driver, characteristic, customer, setting) and shows the value as it
    arrived, so a user can find and fix it without reading code. It subclasses ``ValueError`` so callers
    that only know the standard library still catch it.
    """
