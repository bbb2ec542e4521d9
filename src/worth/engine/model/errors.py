"""Errors a value model file can hold, each with the place in the file where it sits.

A model is written by people in a text editor, so one run of ``worth model check`` must list every
problem at once (not stop at the first), and each problem must point at a line and column the editor
can jump to, plus the path of the field (``elements[3].equation``) for files whose marks are lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from worth.engine.fields import format_path

#: One step of a path into the file: a mapping key or a list index.
PathPart = str | int
Path = tuple[PathPart, ...]


@dataclass(frozen=True)
class Issue:
    """One problem in a model: what is wrong, where in the model and, when known, where in the file.

    ``line`` and ``column`` count from 1, as editors do; they are ``None`` when the model did not come
    from a file (built in Python) or the place could not be traced. ``offset`` is the character
    position inside the field's own text (an equation), counted from 0, when the problem is there.
    """

    path: Path
    message: str
    line: int | None = None
    column: int | None = None
    offset: int | None = None

    @property
    def where(self) -> str:
        """``line:column`` or an empty string."""
        if self.line is None:
            return ""
        return f"{self.line}:{self.column}" if self.column is not None else str(self.line)

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{where}{format_path(self.path)}: {self.message}"


class ModelError(ValueError):
    """A value model that cannot be used as written; ``issues`` lists every problem found.

    It is a ``ValueError`` so callers that only know the standard library still catch it.
    """

    def __init__(self, issues: Iterable[Issue], *, source: str | None = None) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        self.source = source
        count = len(self.issues)
        head = f"{source}: " if source else ""
        first = str(self.issues[0]) if self.issues else "invalid model"
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(f"{head}{first}{more}")

    def report(self) -> str:
        """Every issue on its own line, prefixed with the file name when known."""
        prefix = f"{self.source}:" if self.source else ""
        return "\n".join(f"{prefix}{issue}" for issue in self.issues)


class ModelFileError(ModelError):
    """The file itself cannot be read: missing, not YAML/JSON, or not a mapping at the top."""
