"""``worth model sensitivity|simulate|prospects``: how sure the value is, and why it varies."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the sensitivity commands to the ``worth model`` group."""
