"""A model's content as canonical JSON and its sha256: what a version is, whatever file it came from.

Two files that differ only in comments, key order, quoting or YAML against JSON hold the same model;
they hash the same, so importing one after the other is not a change. The editor's ``$schema`` hint
is not content.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from worth.engine.model.schema import ValueModel

__all__ = ["canonical_data", "canonical_json", "content_sha256"]


def canonical_data(model: ValueModel) -> dict[str, Any]:
    """The model as plain data without defaults or the ``$schema`` hint (``ValueModel.to_data``)."""
    data = model.to_data()
    data.pop("$schema", None)
    return data


def canonical_json(model: ValueModel) -> str:
    """Sorted keys, no insignificant spaces, text as UTF-8: the same model gives the same bytes."""
    return json.dumps(canonical_data(model), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_sha256(model: ValueModel) -> str:
    return hashlib.sha256(canonical_json(model).encode()).hexdigest()
