"""Error types of the analytics layer: each is a ValueError whose message names the column, row or file."""

from __future__ import annotations


class AnalyticsError(ValueError):
    """Transaction data or a request about it cannot be used as given."""


class ContractError(AnalyticsError):
    """An invoice-line table or contract file does not fit the invoice-line contract."""
