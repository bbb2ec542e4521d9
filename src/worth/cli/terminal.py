"""The one way the command line writes to a terminal: user text is text, never markup.

rich reads ``[word ...]`` in printed strings as markup and drops it (an error about
``[e Extra deal]`` printed ``unknown name : did you mean ?``), and ``:name:`` as an emoji code. Every
console here has markup and emoji codes switched off, so a name, a path or a value is printed as it
was written, whatever it holds; styling is given as a style, with :class:`rich.text.Text`, never by
markup inside a string. Progress bars use :func:`text_column` for the same reason.
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import TextColumn
from rich.text import Text

__all__ = ["console", "styled", "text_column"]


def console(*, stderr: bool = False) -> Console:
    """A console for one command: the terminal's width, or 160 columns when output is redirected."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(
        file=stream,
        width=None if stream.isatty() else 160,
        highlight=False,
        soft_wrap=True,
        markup=False,
        emoji=False,
    )


def styled(*parts: str | tuple[str, str]) -> Text:
    """Text in parts, each plain or ``(text, style)``: ``styled(("error", "red"), " in ", path)``."""
    return Text.assemble(*parts)


def text_column(template: str) -> TextColumn:
    """A progress-bar column whose text (a file or subsegment name) is never read as markup."""
    return TextColumn(template, markup=False)
