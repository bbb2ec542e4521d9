"""Optimistic locking: a save based on a version someone else has since changed is refused, and shown.

Two people open the same edit form; the first saves; the second's save would silently undo the first's
change. Each record a form edits carries a ``revision`` number; the form sends back the revision it
was opened at, and :func:`save_if_current` saves only if the row is still at it. The check and the
claim of the next revision are one conditional UPDATE, so they are atomic on SQLite and PostgreSQL
alike; the record is then saved normally inside the same transaction, so its history is written as
for any other save. A refused save raises :class:`StaleEdit`, whose :class:`Conflict` says who
changed what since, read from the record's history, and the form is shown again with the person's
own values kept and the current revision, so a second save is a deliberate choice.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django import forms
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.http import QueryDict

__all__ = [
    "Conflict",
    "FieldChange",
    "LockedEdit",
    "RevisionField",
    "Revisioned",
    "StaleEdit",
    "edit_if_current",
    "merged_with_theirs",
    "rebind_at_current",
    "save_form_if_current",
    "save_if_current",
    "text_conflict",
]

#: Lines of a text diff shown in a conflict; the rest is counted.
DIFF_LINES = 60


class Revisioned(models.Model):
    """A record edited through forms: its revision goes up by one with every save through the app."""

    revision = models.PositiveIntegerField(
        default=1, editable=False, help_text="Goes up by one with every change saved through the app."
    )

    class Meta:
        abstract = True


@dataclass(frozen=True)
class FieldChange:
    """One field another person changed: as the form was opened, as it is now, and as this person sent.

    ``yours`` is ``None`` when this person left the field as it was: the form then takes the other
    person's value, so saving again keeps their change.
    """

    label: str
    opened: str
    now: str
    yours: str | None = None


@dataclass(frozen=True)
class Conflict:
    """What changed since the form was opened, by whom and when (the latest change)."""

    what: str
    revision: int
    who: str
    when: datetime | None
    changes: list[FieldChange] = field(default_factory=list)
    diff: list[str] = field(default_factory=list)
    more_diff_lines: int = 0


class StaleEdit(Exception):  # noqa: N818 - reads as what happened: the edit was stale
    """The record changed since the form was opened; nothing was saved."""

    def __init__(self, conflict: Conflict) -> None:
        super().__init__(f"{conflict.what} was changed by {conflict.who} since you opened it")
        self.conflict = conflict


def _shown(record: models.Model, name: str) -> str:
    value = getattr(record, name)
    if value is None or value == "":
        return "(empty)"
    display = getattr(record, f"get_{name}_display", None)
    return str(display() if callable(display) else value)


def _history_at(record: models.Model, revision: int) -> Any:
    history = getattr(record, "history", None)
    if history is None:
        return None
    return history.filter(revision=revision).order_by("-history_date").first()


def _latest(record: models.Model) -> tuple[str, datetime | None]:
    history = getattr(record, "history", None)
    latest = history.order_by("-history_date").first() if history is not None else None
    if latest is None:
        return "someone", None
    user = latest.history_user
    name = (user.get_full_name() or user.get_username()) if user is not None else "someone"
    return name, latest.history_date


def conflict_for(record: models.Model, *, opened_at: int, yours: models.Model | None = None) -> Conflict:
    """The fields changed between revision ``opened_at`` and now, with this person's values beside."""
    current = type(record)._default_manager.get(pk=record.pk)
    opened = _history_at(current, opened_at)
    changes = []
    for model_field in current._meta.concrete_fields:
        name = model_field.attname if model_field.is_relation else model_field.name
        if name in ("id", "revision") or not model_field.editable:
            continue
        label = str(model_field.verbose_name).capitalize()
        now_value = getattr(current, name)
        opened_value = getattr(opened, name, None) if opened is not None else None
        if opened is not None and opened_value == now_value:
            continue
        key = model_field.name
        touched = yours is not None and (opened is None or getattr(yours, name) != opened_value)
        changes.append(
            FieldChange(
                label,
                _shown(opened, key) if opened is not None else "(not known)",
                _shown(current, key),
                _shown(yours, key) if yours is not None and touched else None,
            )
        )
    who, when = _latest(current)
    return Conflict(str(current), int(getattr(current, "revision", 0)), who, when, changes)


def save_if_current(record: models.Model, *, opened_at: int) -> None:
    """Save ``record`` if its row is still at revision ``opened_at``; else raise :class:`StaleEdit`."""
    manager = type(record)._default_manager
    with transaction.atomic():
        claimed = manager.filter(pk=record.pk, revision=opened_at).update(revision=opened_at + 1)
        if not claimed:
            raise StaleEdit(conflict_for(record, opened_at=opened_at, yours=record))
        record.revision = opened_at + 1  # type: ignore[attr-defined]
        record.save()


def text_conflict(what: str, record: models.Model, *, opened_text: str, field_name: str = "text") -> Conflict:
    """A conflict over a text record (a model file, a policy): the lines changed since it was opened."""
    current = type(record)._default_manager.get(pk=record.pk)
    now_text = str(getattr(current, field_name))
    lines = list(
        difflib.unified_diff(
            opened_text.splitlines(),
            now_text.splitlines(),
            "as you opened it",
            "as it is now",
            lineterm="",
            n=1,
        )
    )
    who, when = _latest(current)
    return Conflict(
        what,
        int(getattr(current, "revision", 0)),
        who,
        when,
        diff=lines[:DIFF_LINES],
        more_diff_lines=max(0, len(lines) - DIFF_LINES),
    )


class RevisionField(forms.IntegerField):
    """The hidden revision a form was opened at."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("required", True)
        kwargs.setdefault("error_messages", {"required": "The form lost its version: open it again."})
        super().__init__(**kwargs)


def save_form_if_current(form: forms.ModelForm[Any]) -> Conflict | None:
    """Save a valid ModelForm whose ``revision`` field says which revision it was opened at.

    Returns ``None`` when saved, or the :class:`Conflict` when someone changed the record meanwhile.
    """
    record = form.save(commit=False)
    try:
        save_if_current(record, opened_at=int(form.cleaned_data["revision"]))
    except StaleEdit as stale:
        if stale.conflict.changes:
            return stale.conflict
        # The save in between changed nothing this form holds: this one can go on top of it.
        try:
            save_if_current(record, opened_at=stale.conflict.revision)
        except StaleEdit as again:
            return again.conflict
    form.save_m2m()
    return None


@dataclass(frozen=True)
class LockedEdit:
    """What an edit request came to: the form to show, the conflict if any, whether it was saved."""

    form: forms.ModelForm[Any]
    conflict: Conflict | None
    saved: bool


def edit_if_current(
    data: QueryDict | None,
    make_form: Callable[[QueryDict | None, Any], forms.ModelForm[Any]],
    record: Any,
    reload: Callable[[], Any],
) -> LockedEdit:
    """One edit request of ``record`` with optimistic locking, for the edit views.

    ``make_form(data, instance)`` builds the form; ``reload()`` reads the record again (through the
    access module) when someone else's change was found, so the form is shown again on top of it with
    the person's own values and the current revision.
    """
    form = make_form(data, record)
    if data is None or not form.is_valid():
        return LockedEdit(form, None, saved=False)
    opened_at = int(form.cleaned_data["revision"])
    conflict = save_form_if_current(form)
    if conflict is None:
        return LockedEdit(form, None, saved=True)
    current = reload()
    merged = merged_with_theirs(data, form, current, opened_at=opened_at, revision=conflict.revision)
    return LockedEdit(make_form(merged, current), conflict, saved=False)


def merged_with_theirs(
    data: QueryDict, form: forms.ModelForm[Any], current: models.Model, *, opened_at: int, revision: int
) -> QueryDict:
    """The posted data on top of the current record: the fields this person changed keep their value,
    the fields only the other person changed take the other person's, and the revision is the current
    one. Saving the result again loses nobody's change except where both changed the same field."""
    merged = rebind_at_current(data, revision)
    opened = _history_at(current, opened_at)
    if opened is None:
        return merged
    names = [name for name in form.fields if name != "revision" and name in form._meta.fields]  # type: ignore[operator]
    mine = model_to_dict(form.instance, fields=names)
    then, now = model_to_dict(opened.instance, fields=names), model_to_dict(current, fields=names)
    for name in names:
        if mine.get(name) == then.get(name) and now.get(name) != then.get(name):
            merged[name] = "" if now.get(name) is None else now[name]
    return merged


def rebind_at_current(data: QueryDict, revision: int) -> QueryDict:
    """The posted data with the current revision, so the person's values stay and a resend is deliberate."""
    rebound = data.copy()
    rebound["revision"] = str(revision)
    return rebound
