"""The error type of the pricing engine: bad input is a ValueError that names the field and the value."""

from __future__ import annotations


class PricingError(ValueError):
    """A pricing input cannot be used; the message names the field and the value as it was given."""


class PolicyError(PricingError):
    """A pricing policy file cannot be read; the message names the file, the field path and the value."""
