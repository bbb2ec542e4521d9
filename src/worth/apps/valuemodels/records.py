"""A model's parts as the team edits them in the browser, and saving them as a version.

The parts (``ModelPart``) are the model's working draft: each is edited on its own, with its own
revision (two people editing two elements never collide; two editing the same one are told who
changed what) and its own history. A draft is saved as a version only as a whole and only when the
engine accepts it, so every version, and every analysis, rests on a checked model. Importing a file
or a customer data sheet adds a version too, and the parts follow it (:func:`sync_parts`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from worth.apps.core.locking import Conflict, FieldChange, StaleEdit, save_if_current
from worth.apps.programs.models import Project
from worth.apps.valuemodels.models import ModelPart, ModelVersion, ValueModelRecord
from worth.apps.valuemodels.versions import current_version
from worth.engine.bulk import collector_paused
from worth.engine.model.canonical import Canonical, canonical, canonical_data
from worth.engine.model.compare import Change, comparable_data, compare_data, describe_value
from worth.engine.model.errors import Issue, ModelError
from worth.engine.model.io import FileFormat, dump_model, parse_model
from worth.engine.model.parts import (
    Part,
    PartKind,
    canonical_part,
    join_parts,
    part_changes,
    part_key,
    partial_model,
    spelled_out,
    split_parts,
)
from worth.engine.model.schema import ValueModel

__all__ = [
    "Draft",
    "DraftPending",
    "NothingToSave",
    "PartHistoryEntry",
    "PartProblem",
    "add_version",
    "create_model",
    "discard_draft",
    "draft_model",
    "draft_of",
    "move_part",
    "part_history",
    "remove_part",
    "save_draft",
    "save_part",
    "sync_parts",
    "unsaved_changes",
]


class PartProblem(Exception):  # noqa: N818 - reads as what the person is told: a problem with the part
    """A part's data the schema refuses on its own: each problem with the field it is in."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{where}: {what}" if where else what for where, what in problems))
        self.problems = problems


class NothingToSave(Exception):  # noqa: N818
    """The draft holds what the current version holds."""


class DraftPending(Exception):  # noqa: N818
    """An import would replace parts someone changed and has not saved as a version yet."""


def _parts(record: ValueModelRecord) -> list[Part]:
    return [
        Part(p.kind, p.key, p.position, p.data)  # type: ignore[arg-type]
        for p in record.parts.order_by("kind", "position", "key")
    ]


@dataclass
class Draft:
    """The draft as it stands: its data, what it changes from the current version, the engine's verdict."""

    data: dict[str, Any]
    version: ModelVersion | None
    changes: list[Change] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    model: ValueModel | None = None

    @property
    def saveable(self) -> bool:
        return self.model is not None and (self.version is None or bool(self.changes))


def _comparable(data: Mapping[str, Any]) -> dict[str, Any] | None:
    try:
        return comparable_data(ValueModel.model_validate(data))
    except ValidationError:
        return None


@collector_paused()
def draft_of(record: ValueModelRecord) -> Draft:
    """Join the parts, check them with the engine, and compare them with the current version."""
    data = join_parts(_parts(record))
    version = current_version(record)
    draft = Draft(data, version)
    try:
        draft.model = parse_model(data)
    except ModelError as exc:
        draft.issues = list(exc.issues)
    before = _comparable(version.content) if version is not None and version.content else None
    after = comparable_data(draft.model) if draft.model is not None else _comparable(data)
    if before is not None and after is not None:
        draft.changes = compare_data(before, after)
    return draft


def draft_model(record: ValueModelRecord) -> ValueModel:
    """The draft as a model to check an equation against: whole if it passes, else what it defines."""
    data = join_parts(_parts(record))
    try:
        return parse_model(data)
    except ModelError:
        return partial_model(data)


def unsaved_changes(record: ValueModelRecord) -> bool:
    """Whether the parts hold edits that are in no version yet."""
    version = current_version(record)
    if version is None or version.content is None:
        return record.parts.exists() and not record.versions.exists()
    data = join_parts(_parts(record))
    if dict(version.content) == data:  # the usual case, and cheap: the parts are kept in the file's form
        return False
    try:
        data = canonical_data(parse_model(data))
    except ModelError:
        return True
    return dict(version.content) != data


def save_part(
    record: ValueModelRecord,
    *,
    kind: PartKind,
    data: dict[str, Any],
    user: User,
    part: ModelPart | None = None,
    opened_at: int | None = None,
) -> ModelPart:
    """Add a part (``part`` is ``None``) or change one that is still at revision ``opened_at``.

    The data is kept in the model file's own form (:func:`~worth.engine.model.parts.canonical_part`),
    whoever sends it: a form of the builder, the API. Raises :class:`PartProblem` when the part is
    refused on its own (a name taken by another part of its kind, a missing field, a word the schema
    does not know; each with its dotted path) and :class:`StaleEdit` when someone saved the part since
    it was opened; nothing is written then.
    """
    problems: list[tuple[str, str]] = []
    try:
        data = canonical_part(kind, data)
    except ValidationError as exc:
        problems = [
            (".".join(str(step) for step in error["loc"]), error["msg"])
            for error in exc.errors(include_url=False)
        ]
    key = part_key(kind, data)
    named_by = {"customer": "id", "quantity": "equation"}.get(kind, "name")
    if not key:
        problems.insert(0, (named_by, "a name is needed"))
    clash = record.parts.filter(kind=kind, key=key)
    if part is not None:
        clash = clash.exclude(pk=part.pk)
    if key and clash.exists():
        taken = f"has the id “{key}”" if kind == "customer" else f"is already called “{key}”"
        problems.insert(0, (named_by, f"another {kind} of this model {taken}"))
    if problems:
        raise PartProblem(problems)
    with transaction.atomic():
        if part is None:
            last = record.parts.filter(kind=kind).order_by("-position").first()
            part = ModelPart(
                model=record,
                kind=kind,
                key=key,
                position=(last.position + 1) if last is not None else 0,
                data=data,
                updated_by=user,
            )
            part._history_user = user  # type: ignore[attr-defined]
            part.save()
            return part
        opened = part.revision if opened_at is None else opened_at
        part.key, part.data, part.updated_by = key, data, user
        part._history_user = user  # type: ignore[attr-defined]
        try:
            save_if_current(part, opened_at=opened)
        except StaleEdit:
            raise StaleEdit(part_conflict(part, opened_at=opened, yours=data)) from None
        return part


def opened_data(part: ModelPart, revision: int) -> dict[str, Any] | None:
    """The part's data as it was at ``revision`` (``None`` when its history does not reach back)."""
    row = part.history.filter(revision=revision).order_by("-history_date").first()
    return dict(row.data) if row is not None else None


def part_conflict(part: ModelPart, *, opened_at: int, yours: Mapping[str, Any]) -> Conflict:
    """What someone changed in a part since it was opened, field by field, with this person's values."""
    current = ModelPart.objects.get(pk=part.pk)
    before = opened_data(current, opened_at) or {}
    kind = cast("PartKind", current.kind)
    theirs = {c.field: c for c in part_changes(kind, current.key, before, current.data)}
    mine = {c.field: c for c in part_changes(kind, current.key, before, yours)}
    changes = [
        FieldChange(
            name,
            describe_value(change.old) if change.old is not None else "(empty)",
            describe_value(change.new) if change.new is not None else "(empty)",
            (describe_value(mine[name].new) if mine[name].new is not None else "(empty)")
            if name in mine
            else None,
        )
        for name, change in theirs.items()
    ]
    latest = current.history.select_related("history_user").order_by("-history_date").first()
    user = latest.history_user if latest is not None else None
    who = (user.get_full_name() or user.get_username()) if user is not None else "someone"
    what = f"{current.kind} “{current.key}”"
    return Conflict(what, current.revision, who, latest.history_date if latest else None, changes)


def remove_part(record: ValueModelRecord, part: ModelPart, *, opened_at: int, user: User) -> None:
    """Remove a part that is still as it was opened (a removal never undoes a change unseen)."""
    with transaction.atomic():
        current = ModelPart.objects.select_for_update().filter(pk=part.pk, model=record).first()
        if current is None:
            return
        if current.revision != opened_at:
            raise StaleEdit(part_conflict(current, opened_at=opened_at, yours=current.data))
        current._history_user = user  # type: ignore[attr-defined]
        current.delete()


def move_part(record: ValueModelRecord, part: ModelPart, *, up: bool, opened_at: int, user: User) -> bool:
    """Swap a listed part with the one before (``up``) or after it; ``False`` at the end of its list.

    The order is the file's order, which the value summary follows (elements, customers...).
    """
    with transaction.atomic():
        current = ModelPart.objects.select_for_update().filter(pk=part.pk, model=record).first()
        if current is None:
            return False
        if current.revision != opened_at:
            raise StaleEdit(part_conflict(current, opened_at=opened_at, yours=current.data))
        siblings = list(record.parts.filter(kind=current.kind).order_by("position", "key"))
        at = next(i for i, p in enumerate(siblings) if p.pk == current.pk)
        other_at = at - 1 if up else at + 1
        if not 0 <= other_at < len(siblings):
            return False
        siblings[at], siblings[other_at] = siblings[other_at], siblings[at]
        for index, sibling in enumerate(siblings):  # positions become 0..n-1, whatever they were
            if sibling.position != index:
                sibling.position = index
                sibling.revision += 1
                sibling.updated_by = user
                sibling._history_user = user  # type: ignore[attr-defined]
                sibling.save()
    return True


def sync_parts(record: ValueModelRecord, content: Mapping[str, Any], user: User | None) -> int:
    """Make the parts hold ``content`` (a version just added); returns how many parts changed.

    Only parts whose data differ are written, so each part's history shows what the import changed.
    New and changed parts are written in bulk with their history rows (a model of thousands of
    customers is thousands of parts).
    """
    wanted = {(p.kind, p.key): p for p in split_parts(content)}
    now = timezone.now()
    changed: list[ModelPart] = []
    removed = 0
    for existing in record.parts.all():
        target = wanted.pop((existing.kind, existing.key), None)  # type: ignore[arg-type]
        if target is None:
            existing._history_user = user  # type: ignore[attr-defined]
            existing.delete()
            removed += 1
        elif existing.data != target.data or existing.position != target.position:
            existing.data, existing.position, existing.updated_by = target.data, target.position, user
            existing.revision += 1
            existing.updated = now
            changed.append(existing)
    if changed:
        fields = ["data", "position", "updated_by", "revision", "updated"]
        bulk_update_with_history(changed, ModelPart, fields, batch_size=500, default_user=user)
    added = [
        ModelPart(
            model=record,
            kind=part.kind,
            key=part.key,
            position=part.position,
            data=part.data,
            updated_by=user,
        )
        for part in wanted.values()
    ]
    if added:
        bulk_create_with_history(added, ModelPart, batch_size=500, default_user=user)
    return removed + len(changed) + len(added)


def add_version(
    record: ValueModelRecord,
    model: ValueModel,
    *,
    text: str,
    fmt: FileFormat,
    user: User | None,
    note: str,
    content: Canonical | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ModelVersion:
    """Add the next version of ``record`` holding ``model``, and make the parts hold it too.

    ``content`` is ``canonical(model)`` when the caller has worked it out already; ``progress``
    hears of the version saved (step 3 of 4) and of the parts written (4 of 4).
    """
    latest = record.versions.order_by("-number").values_list("number", flat=True).first() or 0
    if content is None:
        content = canonical(model)
    version = ModelVersion.objects.create(
        model=record,
        number=latest + 1,
        sha256=content.sha256,
        content=content.data,
        text=text,
        fmt=fmt,
        created=timezone.now(),
        created_by=user,
        note=note.strip()[:500],
    )
    if progress is not None:
        progress(3, 4)
    sync_parts(record, content.data, user)
    if progress is not None:
        progress(4, 4)
    return version


@collector_paused()
def save_draft(record: ValueModelRecord, *, user: User, note: str) -> ModelVersion:
    """Save the parts as the model's next version; the model file becomes their canonical export.

    Raises ``ModelError`` with every problem of the draft, and :class:`NothingToSave` when it holds
    what the current version holds.
    """
    with transaction.atomic():
        locked = ValueModelRecord.objects.select_for_update().get(pk=record.pk)
        draft = draft_of(locked)
        if draft.model is None:
            raise ModelError(draft.issues, source=locked.name)
        taken = ValueModelRecord.objects.filter(project=locked.project_id, name=draft.model.name)
        if taken.exclude(pk=locked.pk).exists():
            message = f"the project already has another model called “{draft.model.name}”"
            raise ModelError([Issue(("name",), message)], source=locked.name)
        content = canonical(draft.model)
        sha = content.sha256
        if draft.version is not None and draft.version.sha256 == sha:
            raise NothingToSave(f"{locked.name} already holds this content (version {draft.version.number})")
        fmt: FileFormat = "json" if locked.fmt == "json" else "yaml"
        text = dump_model(draft.model, fmt)
        version = add_version(locked, draft.model, text=text, fmt=fmt, user=user, note=note, content=content)
        locked.text, locked.content_sha256, locked.updated_by = text, sha, user
        locked.name = draft.model.name
        locked._history_user = user  # type: ignore[attr-defined]
        save_if_current(locked, opened_at=locked.revision)
    record.refresh_from_db()
    return version


def discard_draft(record: ValueModelRecord, *, user: User) -> int:
    """Put the parts back as the current version holds them; returns how many parts changed."""
    version = current_version(record)
    if version is None or version.content is None:
        return 0
    with transaction.atomic():
        return sync_parts(record, version.content, user)


def create_model(
    *, project: Project, header: dict[str, Any], offering: dict[str, Any], segment: dict[str, Any], user: User
) -> ValueModelRecord:
    """A new model of ``project`` with its first parts; it has no version until its draft is saved."""
    with transaction.atomic():
        record = ValueModelRecord(project=project, name=str(header["name"]), text="", updated_by=user)
        record._history_user = user  # type: ignore[attr-defined]
        record.save()
        for kind, data in (("header", header), ("offering", offering), ("segment", segment)):
            part = ModelPart(model=record, kind=kind, key=kind, data=data, updated_by=user)
            part._history_user = user  # type: ignore[attr-defined]
            part.save()
    return record


@dataclass(frozen=True)
class PartHistoryEntry:
    """One save of a part: who, when, and each field it changed (a first save lists what it held)."""

    when: datetime
    who: str
    action: str
    changes: list[Change]


def part_history(part: ModelPart) -> list[PartHistoryEntry]:
    """Newest first, field by field."""
    rows = list(part.history.select_related("history_user").order_by("history_date", "history_id"))
    kind = cast("PartKind", part.kind)
    entries: list[PartHistoryEntry] = []
    before: dict[str, Any] = {}
    for row in rows:
        user = row.history_user
        who = (user.get_full_name() or user.get_username()) if user is not None else "someone"
        now = spelled_out(kind, row.data)
        changes = list(part_changes(kind, part.key, before, now))
        action = {"+": "added", "~": "changed", "-": "removed"}.get(row.history_type, "changed")
        entries.append(PartHistoryEntry(row.history_date, who, action, changes))
        before = now
    return entries[::-1]
