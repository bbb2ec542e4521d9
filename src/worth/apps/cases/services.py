"""Presenting a case and deciding on it: one orchestration for the web and any later entry point."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.utils import timezone

from worth.apps.cases.figures import case_figures
from worth.apps.cases.models import BusinessCase, Status
from worth.apps.core.locking import save_if_current


class CaseStateError(ValueError):
    """The case is not in a state that allows this step; the message says which it is in."""


def present(case: BusinessCase, user: User, *, opened_at: int) -> BusinessCase:
    """Freeze the case as presented: its figures and the model version they come from.

    ``CaseInputError`` for an unusable assumption, ``StaleEdit`` when changed since it was opened.
    """
    if not case.editable:
        raise CaseStateError(
            f"The case is {case.get_status_display().lower()}: it cannot be presented again."
        )
    case.figures = case_figures(case)
    case.version = case.proposition.version
    case.status = Status.PRESENTED
    case.presented, case.presented_by = timezone.now(), user
    case.decided, case.decided_by, case.decision_note = None, None, ""
    case.updated_by = user
    save_if_current(case, opened_at=opened_at)
    return case


def decide(case: BusinessCase, user: User, decision: str, note: str, *, opened_at: int) -> BusinessCase:
    """Record senior management's decision on a presented case; "revise" lets the team edit it again."""
    if case.status != Status.PRESENTED:
        raise CaseStateError(
            f"The case is {case.get_status_display().lower()}: only a presented case is decided."
        )
    case.status = Status(decision)
    case.decided, case.decided_by, case.decision_note = timezone.now(), user, note
    case.updated_by = user
    save_if_current(case, opened_at=opened_at)
    return case
