"""Nearest known names for a misspelt one, so an error can say "did you mean ...?"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["nearest_names"]


def nearest_names(name: str, known: Iterable[str], *, limit: int = 3) -> tuple[str, ...]:
    """Return up to ``limit`` known names closest to ``name``, best first.

    A case-insensitive exact match comes first, then names that contain the typed phrase (people often
    shorten long driver names), then difflib's similarity ranking.

    Examples
    --------
    >>> nearest_names("downtime hours", ["Downtime hours", "Energy price"])
    ('Downtime hours',)
    """
    candidates = sorted(set(known))
    lowered = {candidate.casefold(): candidate for candidate in candidates}
    found: list[str] = []
    key = name.casefold()
    if key in lowered:
        found.append(lowered[key])
    if len(key) >= 4:
        found.extend(c for c in candidates if key in c.casefold() and c not in found)
    by_lower = difflib.get_close_matches(key, list(lowered), n=limit + len(found), cutoff=0.6)
    found.extend(lowered[match] for match in by_lower if lowered[match] not in found)
    return tuple(found[:limit])
