"""How data-heavy a value model is: what its numbers rest on.

The method asks for value models that are "data heavy and assumption light": a customer manager is
persuaded by the mill's own measured data, less by estimates, least by the supplier's assumptions. For
every element and every customer whose value was computed, each input used (each driver through the
sub-equations, and each constant) counts once under its source kind; a declared fallback default counts
under the default's source and is also counted as a fallback.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from worth.engine.model.evaluation import Evaluation
from worth.engine.model.schema import SOURCE_KINDS, SourceKind

__all__ = ["DataHeaviness", "SourceShares", "data_heaviness"]


@dataclass(frozen=True)
class SourceShares:
    """Counts of inputs by source kind; ``fallbacks`` of them were declared defaults."""

    counts: dict[SourceKind, int]
    fallbacks: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def shares(self) -> dict[SourceKind, float]:
        """Each kind's share of the inputs (0 for every kind when there are none)."""
        total = self.total
        return {kind: (self.counts[kind] / total if total else 0.0) for kind in SOURCE_KINDS}

    def __add__(self, other: SourceShares) -> SourceShares:
        counts = {kind: self.counts[kind] + other.counts[kind] for kind in SOURCE_KINDS}
        return SourceShares(counts, self.fallbacks + other.fallbacks)


@dataclass(frozen=True)
class DataHeaviness:
    """Source shares per element and for the whole model (all elements pooled)."""

    by_element: dict[str, SourceShares]
    overall: SourceShares


def data_heaviness(evaluation: Evaluation, within: np.ndarray | None = None) -> DataHeaviness:
    """Count the inputs behind every computed element value by their source.

    Parameters
    ----------
    evaluation
        The evaluated research sample.
    within
        A mask of the customers to count (one subsegment's, for its value proposition); all by default.

    Returns
    -------
    DataHeaviness
    """
    compiled = evaluation.compiled
    table = evaluation.inputs
    constant_sources = {c.name: c.source for c in compiled.model.constants}
    kinds = len(SOURCE_KINDS)
    by_element: dict[str, SourceShares] = {}
    overall = SourceShares(dict.fromkeys(SOURCE_KINDS, 0))
    for name, element in evaluation.elements.items():
        rows = element.computable if within is None else element.computable & within
        counts = np.zeros(kinds, dtype=np.int64)
        fallbacks = 0
        for driver in compiled.drivers[name]:
            codes = table.sources[driver][rows]
            counts += np.bincount(codes[codes >= 0], minlength=kinds)
            fallbacks += int(table.fallback[driver][rows].sum())
        used = int(rows.sum())
        for constant in compiled.constants[name]:
            counts[SOURCE_KINDS.index(constant_sources[constant])] += used
        shares = SourceShares({kind: int(counts[i]) for i, kind in enumerate(SOURCE_KINDS)}, fallbacks)
        by_element[name] = shares
        overall = overall + shares
    return DataHeaviness(by_element, overall)
