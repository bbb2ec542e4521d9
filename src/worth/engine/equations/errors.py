"""Error types of the word equation language.

A person types equations in a form or a model file; every problem must be shown where it happened, in
their words, with what would have been right. ``EquationError`` carries the text, the 0-based character
position, the 1-based line and column, the friendly list of what was expected, and the nearest known
names; ``EquationSystemError`` gathers all problems of a set of equations so they are fixed in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["DeclaredUnitError", "EquationError", "EquationSystemError", "line_and_column"]


def line_and_column(text: str, position: int) -> tuple[int, int]:
    """Return the 1-based line and column of a 0-based character offset into ``text``."""
    position = max(0, min(position, len(text)))
    line = text.count("\n", 0, position) + 1
    line_start = text.rfind("\n", 0, position) + 1
    return line, position - line_start + 1


class EquationError(ValueError):
    """A problem with one word equation, pointing at the character where it was found.

    Parameters
    ----------
    message
        What is wrong and what would be right, in plain words (no parser token names).
    text
        The equation as the person wrote it (or the unit text, for a unit problem).
    position
        0-based character offset into ``text`` or ``None`` when the problem has no single place.
    expected
        Friendly words for what could have come at ``position`` (e.g. ``"a number"``).
    suggestions
        The nearest known names, best first, for an unknown name or function.
    target
        The name of the equation (its left-hand side) when known.
    """

    message: str
    text: str
    position: int | None
    line: int | None
    column: int | None
    expected: tuple[str, ...]
    suggestions: tuple[str, ...]
    target: str | None

    def __init__(
        self,
        message: str,
        *,
        text: str = "",
        position: int | None = None,
        expected: Iterable[str] = (),
        suggestions: Iterable[str] = (),
        target: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.position = position
        if position is None:
            self.line, self.column = None, None
        else:
            self.line, self.column = line_and_column(text, position)
        self.expected = tuple(expected)
        self.suggestions = tuple(suggestions)
        self.target = target

    def with_target(self, target: str) -> EquationError:
        """Return the same error naming the equation it belongs to."""
        return EquationError(
            self.message,
            text=self.text,
            position=self.position,
            expected=self.expected,
            suggestions=self.suggestions,
            target=target,
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only arguments would be lost by the default pickling of exceptions.
        return (
            _rebuild_error,
            (self.message, self.text, self.position, self.expected, self.suggestions, self.target),
        )

    def excerpt(self) -> str:
        """The line of text holding the position, with a caret under it (empty without a position)."""
        if self.position is None or not self.text:
            return ""
        assert self.line is not None
        assert self.column is not None
        line_text = self.text.split("\n")[self.line - 1]
        return f"    {line_text}\n    {' ' * (self.column - 1)}^"

    def __str__(self) -> str:
        head = f"{self.target}: {self.message}" if self.target else self.message
        if self.position is not None and self.text:
            return f"{head} (line {self.line}, column {self.column})\n{self.excerpt()}"
        if self.text:
            return f"{head}\n    {self.text}"
        return head


def _rebuild_error(
    message: str,
    text: str,
    position: int | None,
    expected: Sequence[str],
    suggestions: Sequence[str],
    target: str | None,
) -> EquationError:
    return EquationError(
        message, text=text, position=position, expected=expected, suggestions=suggestions, target=target
    )


class EquationSystemError(ValueError):
    """Every problem found in a set of equations, so a person can fix them all in one pass.

    ``errors`` holds one :class:`EquationError` per problem, each with ``target`` set to the equation
    (or driver) it concerns.
    """

    errors: list[EquationError]

    def __init__(self, errors: Sequence[EquationError]) -> None:
        self.errors = list(errors)
        count = len(self.errors)
        summary = f"{count} problem{'s' if count != 1 else ''} in the equations"
        super().__init__(summary)

    def __reduce__(self) -> tuple[Any, ...]:
        return (EquationSystemError, (self.errors,))

    def __str__(self) -> str:
        parts = [str(self.args[0]) + ":"]
        parts.extend(f"- {error!s}".replace("\n", "\n  ") for error in self.errors)
        return "\n".join(parts)


class DeclaredUnitError(EquationError):
    """A named quantity's equation gives another unit than the one declared for it.

    Reported on the quantity itself, first; the equations that read the quantity are then not
    unit-checked through it, so the one mistake is not reported again on each element that uses it.
    """
