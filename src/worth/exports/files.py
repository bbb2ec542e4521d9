"""Writing an output file whole or not at all.

A report, a deck or a converted model is written beside its target and moved over it in one step, so
a full disk, a missing permission or a stop half-way never leaves half a file where a person expects
a whole one (nor spoils the file that was there).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["write_whole"]


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` in one go; an ``OSError`` leaves ``path`` as it was."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
