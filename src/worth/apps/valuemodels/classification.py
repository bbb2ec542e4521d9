"""The classification grid: every value element in every subsegment, changed together or not at all.

The method classifies each element per subsegment as a point of parity, of difference or of
contention, each hypothesized until customers agree or contest it. Teams decide these side by
side, so the grid is one form; each element it changes is saved with the revision it was opened at.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, get_args

from django.contrib.auth.models import User
from django.db import transaction

from worth.apps.core.locking import StaleEdit
from worth.apps.valuemodels.models import ModelPart, ValueModelRecord
from worth.apps.valuemodels.records import save_part
from worth.engine.model.schema import ClassificationKind, ClassificationStatus

__all__ = ["CLASSIFICATION_KINDS", "CLASSIFICATION_STATUSES", "ClassificationRefused", "save_classification"]

CLASSIFICATION_KINDS: tuple[str, ...] = get_args(ClassificationKind)
CLASSIFICATION_STATUSES: tuple[str, ...] = get_args(ClassificationStatus)


class ClassificationRefused(Exception):  # noqa: N818 - what the person is told
    """Elements changed by someone since the grid was opened (by name); nothing was saved."""

    def __init__(self, names: list[str]) -> None:
        super().__init__("changed since the grid was opened: " + ", ".join(names))
        self.names = names


def _cell(posted: Mapping[str, Any], part: ModelPart, index: int) -> tuple[str, str]:
    return str(posted.get(f"as-{part.pk}-{index}", "")), str(posted.get(f"status-{part.pk}-{index}", ""))


def save_classification(
    record: ValueModelRecord,
    subsegments: Sequence[str],
    elements: Sequence[ModelPart],
    posted: Mapping[str, Any],
    *,
    user: User,
) -> int:
    """Save every element whose classification the grid changed; returns how many changed."""
    changed = 0
    stale: list[str] = []
    with transaction.atomic():
        for part in elements:
            data = dict(part.data)
            classification = {k: dict(v) for k, v in (data.get("classification") or {}).items()}
            for index, subsegment in enumerate(subsegments):
                kind, status = _cell(posted, part, index)
                if kind not in CLASSIFICATION_KINDS or status not in CLASSIFICATION_STATUSES:
                    continue  # a cell the form did not send (or sent garbled) is left as it is
                cell = classification.setdefault(subsegment, {})
                cell["as"] = kind
                if status == "hypothesized":
                    cell.pop("status", None)
                else:
                    cell["status"] = status
            if classification == (data.get("classification") or {}):
                continue
            data["classification"] = classification
            try:
                opened_at = int(posted.get(f"revision-{part.pk}", -1))
            except (TypeError, ValueError):
                opened_at = -1
            try:
                save_part(record, kind="element", data=data, user=user, part=part, opened_at=opened_at)
            except StaleEdit:
                stale.append(part.key)
                continue
            changed += 1
        if stale:
            raise ClassificationRefused(stale)
    return changed
