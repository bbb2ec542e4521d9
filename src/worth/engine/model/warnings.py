"""What a model may well mean otherwise than it says: warnings that do not stop the analysis.

An unfavourable element is subtracted, so its equation gives the cost as a positive amount. Written
with ``direction: unfavourable`` *and* a leading ``-1 ×``, the cost is subtracted twice and turns into
a gain; the checks cannot refuse it (the units are right), but the values show it: the element adds
value for most customers. The same look at favourable elements finds a point of difference that costs
most customers money. Each warning names the element and how many customers show it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from worth.engine.model.evaluation import Evaluation

__all__ = ["ModelWarning", "direction_warnings"]


@dataclass(frozen=True)
class ModelWarning:
    """Something the model likely means otherwise: which element, and what to look at."""

    element: str
    message: str

    def __str__(self) -> str:
        return f"{self.element}: {self.message}"


def direction_warnings(evaluation: Evaluation) -> list[ModelWarning]:
    """Elements whose computed values have the other sign than their direction for most customers."""
    warnings: list[ModelWarning] = []
    directions = {e.name: e.direction for e in evaluation.model.elements}
    for name, element in evaluation.elements.items():
        values = element.values[element.computable]
        if values.size == 0:
            continue
        if directions[name] == "unfavourable":
            wrong = int(np.count_nonzero(values > 0))
            message = (
                f"declared unfavourable (subtracted), yet it adds value for {wrong} of {values.size} "
                "customers: its equation likely gives a negative cost (a leading '-1 ×'?); write the cost "
                "as a positive amount and let the direction subtract it"
            )
        else:
            wrong = int(np.count_nonzero(values < 0))
            message = (
                f"its value is negative for {wrong} of {values.size} customers: if it costs the customer, "
                "declare it 'direction: unfavourable' with the cost as a positive amount; if the "
                "alternative does better for most customers, it is not a point of difference"
            )
        if wrong * 2 > values.size:
            warnings.append(ModelWarning(name, message))
    return warnings
