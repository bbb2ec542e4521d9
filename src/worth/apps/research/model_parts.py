"""The value model the research reads: the project's most recently changed one, as its parts (draft).

The checklist, the workshop, the meeting grid and the customers' subsegments all read the same
model, so a part added in the builder shows everywhere at once.
"""

from __future__ import annotations

from typing import Any

from worth.apps.programs.models import Project
from worth.apps.valuemodels.models import ModelPart, ValueModelRecord


def latest_model(project: Project) -> ValueModelRecord | None:
    return project.value_models.order_by("-updated").first()


def parts_of(model: ValueModelRecord | None, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """The model's parts of one kind, in their order, as (key, data); none without a model."""
    if model is None:
        return []
    rows = ModelPart.objects.filter(model=model, kind=kind).order_by("position")
    return [(key, data) for key, data in rows.values_list("key", "data")]
