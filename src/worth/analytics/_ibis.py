"""The one place the analytics layer imports Ibis.

Ibis ships without type information (no ``py.typed``), so the type checker treats it as ``Any``;
keeping the ignore here (rather than on every import) leaves one line to change when it does.
"""

from __future__ import annotations

import ibis  # type: ignore[import-untyped]
import ibis.expr.types as ir  # type: ignore[import-untyped]
from ibis.backends import BaseBackend  # type: ignore[import-untyped]

__all__ = ["BaseBackend", "ibis", "ir"]
