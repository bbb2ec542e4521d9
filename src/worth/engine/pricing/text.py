"""Tables of formatted text: one definition for the terminal, the web page and reports.

A result is turned into a :class:`TextTable` once (numbers formatted, money to the cent); the
command line wraps it in a rich table and a page in an HTML table, so both show the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Cell = Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class TextTable:
    """Title, column headers, which columns are numbers (right-aligned), rows of text, strong rows."""

    title: str
    columns: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[tuple[str, ...], ...]
    strong: tuple[bool, ...]


def text_table(
    title: str,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, Cell, bool]],
    *,
    strong: Callable[[dict[str, Any]], bool] | None = None,
) -> TextTable:
    """Format ``rows`` with ``columns`` given as (header, cell function, numeric)."""
    return TextTable(
        title=title,
        columns=tuple(name for name, _, _ in columns),
        numeric=tuple(numeric for _, _, numeric in columns),
        rows=tuple(tuple(cell(row) for _, cell, _ in columns) for row in rows),
        strong=tuple(bool(strong(row)) if strong else False for row in rows),
    )


def unsigned_zero(text: str) -> str:
    """``-0.00`` as ``0.00``: an amount that rounds to nothing has no sign."""
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def money(key: str, *, sign: str = "") -> Cell:
    """Cell of a money amount with thousands separators (already rounded to the cent)."""
    return lambda row: unsigned_zero(f"{sign}{row[key]:,}")


def percent(key: str, suffix: str = "", *, digits: int = 2) -> Cell:
    """Cell of a percentage; '-' when there is none."""

    def cell(row: dict[str, Any]) -> str:
        value = row.get(key)
        return "-" if value is None else f"{unsigned_zero(f'{value:.{digits}f}')}{suffix}"

    return cell


def plain(key: str, fmt: str = "") -> Cell:
    """Cell of any value, optionally formatted (``",.0f"`` ...)."""
    return lambda row: format(row[key], fmt) if fmt else str(row[key])
