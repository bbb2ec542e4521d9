"""Naming a place inside structured input (a model file, a policy, a contract) the way people read it.

Shared by every file format Worth reads, so a problem in any of them is reported in the same words:
the field path (``elements[3].equation``), the message, and the value as it was given.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

PathPart = str | int


def format_path(path: Sequence[PathPart]) -> str:
    """The path as people read it: ``elements[3].equation``, ``customers[0].observations.Power``.

    Examples
    --------
    >>> format_path(("elements", 3, "equation"))
    'elements[3].equation'
    >>> format_path(())
    '(top level)'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def validation_lines(exc: ValidationError) -> list[str]:
    """One indented line per pydantic problem: field path, message and the value given (if simple)."""
    lines = []
    for err in exc.errors():
        value = err.get("input")
        shown = "" if isinstance(value, dict | list) else f" (given: {value!r})"
        lines.append(f"  {format_path(tuple(err['loc']))}: {err['msg']}{shown}")
    return lines
