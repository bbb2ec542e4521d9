"""A model's versions for the pages and the API: each one's model, and what changed between two.

Comparisons and the model of a version are kept per content hash (``computed.remember``): a version
never changes, so what was computed for it once stays true.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from worth.apps.core.computed import remember
from worth.apps.programs.models import Project
from worth.apps.valuemodels.models import ModelVersion, ValueModelRecord
from worth.engine.model.compare import (
    Change,
    ModelComparison,
    comparable_data,
    compare,
    compare_data,
    content_counts,
)
from worth.engine.model.errors import ModelError
from worth.engine.model.schema import ValueModel

__all__ = [
    "VersionRow",
    "comparison",
    "current_version",
    "moved_on",
    "readable",
    "version_changes",
    "version_model",
    "version_of",
    "version_rows",
]


def version_of(record: ValueModelRecord, number: int) -> ModelVersion:
    """The record's version ``number`` (404 if it has none of that number)."""
    try:
        return record.versions.select_related("created_by").get(number=number)
    except ModelVersion.DoesNotExist:
        raise Http404(f"{record.name} has no version {number}") from None


def current_version(record: ValueModelRecord) -> ModelVersion | None:
    """The version the model holds now (``None`` for a model saved before versions were kept)."""
    return record.versions.filter(sha256=record.content_sha256).order_by("-number").first()


def version_model(version: ModelVersion) -> ValueModel:
    """The checked model of a version; ``ModelError`` if this engine no longer accepts it."""
    return remember("version-model", (version.sha256,), lambda: version.load().model)


def comparison(old: ModelVersion, new: ModelVersion) -> ModelComparison:
    """Changes and totals from ``old`` to ``new`` (either order); ``ModelError`` for an unreadable one."""
    return remember(
        "version-comparison",
        (old.sha256, new.sha256),
        lambda: compare(version_model(old), version_model(new)),
    )


def _full(content: dict[str, Any]) -> dict[str, Any]:
    return comparable_data(ValueModel.model_validate(content))


def moved_on(old: ModelVersion, new: ModelVersion | None) -> ModelComparison | None:
    """What changed from the version a record rests on to the model's current one, if it moved on.

    ``None`` when it did not, or when this engine cannot read either version (the page then links to
    the comparison, which says why).
    """
    if new is None or new.pk == old.pk:
        return None
    try:
        return comparison(old, new)
    except ModelError:
        return None


def version_changes(old: ModelVersion, new: ModelVersion) -> list[Change] | None:
    """What changed, read from the saved contents alone (no analysis); ``None`` if either is unreadable."""
    before, after = old.content, new.content
    if before is None or after is None:
        return None

    def changes() -> list[Change] | None:
        try:
            return compare_data(_full(before), _full(after))
        except ValueError:
            return None

    return remember("version-changes", (old.sha256, new.sha256), changes)


@dataclass(frozen=True)
class VersionRow:
    """A line of a model's version list: the version and how much it changed from the one before."""

    version: ModelVersion
    counts: dict[str, int] | None
    first: bool = False

    @property
    def summary(self) -> str:
        if self.first:
            return "first version"
        if self.counts is None:
            return "cannot be compared (this version no longer passes the checks)"
        if not self.counts:
            return "same content"
        return ", ".join(f"{n} {part}{'s' if n != 1 else ''}" for part, n in self.counts.items())


def version_rows(record: ValueModelRecord, *, limit: int | None = None) -> list[VersionRow]:
    """Newest first, each with what changed from its predecessor (the first: nothing to compare)."""
    versions = list(record.versions.select_related("created_by").order_by("-number"))
    shown = versions if limit is None else versions[: limit + 1]
    rows: list[VersionRow] = []
    for newer, older in zip(shown, [*shown[1:], None], strict=False):
        if limit is not None and len(rows) == limit:
            break
        if older is None:
            rows.append(VersionRow(newer, {}, first=True))
            continue
        found = version_changes(older, newer)
        rows.append(VersionRow(newer, None if found is None else content_counts(found)))
    return rows


def readable(version: ModelVersion) -> str | None:
    """Why a version cannot be analysed by this engine, or ``None`` if it can."""
    try:
        version_model(version)
    except ModelError as exc:
        return "; ".join(str(issue) for issue in exc.issues)
    return None


def element_names(project: Project, *, favourable_only: bool = False) -> list[str]:
    """The value elements of the project's models (current versions, in the models' order), for forms
    that name an element; a model whose current version no longer reads is passed over."""
    names: list[str] = []
    for record in ValueModelRecord.objects.filter(project=project).order_by("pk"):
        version = current_version(record)
        if version is None:
            continue
        try:
            elements = version_model(version).elements
        except ModelError:
            continue
        names.extend(e.name for e in elements if not favourable_only or e.direction == "favourable")
    return list(dict.fromkeys(names))
