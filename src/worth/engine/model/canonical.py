"""A model's content as canonical JSON and its sha256: what a version is, whatever file it came from.

Two files that differ only in comments, key order, quoting or YAML against JSON hold the same model;
they hash the same, so importing one after the other is not a change. The editor's ``$schema`` hint
is not content.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from worth.engine.model.schema import ValueModel

__all__ = ["Canonical", "canonical", "canonical_data", "canonical_json", "content_sha256"]


def canonical_data(model: ValueModel) -> dict[str, Any]:
    """The model as plain data without defaults or the ``$schema`` hint (``ValueModel.to_data``)."""
    data = model.to_data()
    data.pop("$schema", None)
    return data


def canonical_json(model: ValueModel) -> str:
    """Sorted keys, no insignificant spaces, text as UTF-8: the same model gives the same bytes."""
    return _json(canonical_data(model))


def content_sha256(model: ValueModel) -> str:
    return _sha256(canonical_json(model))


@dataclass(frozen=True)
class Canonical:
    """A model's canonical data and its sha256, worked out together.

    Saving a version needs both; for a model of thousands of customers each takes a noticeable
    part of a second, so the import works them out once and hands them on.
    """

    data: dict[str, Any]
    sha256: str


def canonical(model: ValueModel) -> Canonical:
    data = canonical_data(model)
    return Canonical(data, _sha256(_json(data)))


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
