"""The output formats every ``worth`` command that prints results offers."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["OutputFormat"]


class OutputFormat(StrEnum):
    """How results are written: a terminal table, JSON or CSV (for other programs)."""

    table = "table"
    json = "json"
    csv = "csv"
