"""Starting a proposition and resting it on a newer version: one orchestration for every entry point."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from worth.apps.core.locking import save_if_current
from worth.apps.propositions.models import Proposition
from worth.apps.propositions.page import subsegments_of, suggested_focus
from worth.apps.valuemodels.models import ValueModelRecord
from worth.apps.valuemodels.versions import current_version
from worth.engine.model.errors import ModelError


class PropositionError(ValueError):
    """A proposition cannot be started or moved; the message says why, in the user's terms."""


def start_proposition(record: ValueModelRecord, subsegment: str, user: User | None) -> Proposition:
    """A proposition for ``subsegment`` on the model's current version, starting from Worth's suggestion.

    An existing proposition for the subsegment is returned as it is: there is one per subsegment.
    """
    existing = Proposition.objects.filter(model=record, subsegment=subsegment).first()
    if existing is not None:
        return existing
    version = current_version(record)
    if version is None:
        raise PropositionError(f"{record.name} has no saved version yet: save a version of the model first.")
    try:
        names = subsegments_of(version)
    except ModelError as refused:
        raise PropositionError(f"{record.name} v{version.number} cannot be analysed: {refused}") from None
    if subsegment not in names:
        raise PropositionError(
            f"subsegment {subsegment!r} is not in {record.name} v{version.number}; "
            f"its subsegments are {', '.join(repr(n) for n in names)}"
        )
    try:
        with transaction.atomic():
            return Proposition.objects.create(
                project=record.project,
                model=record,
                version=version,
                subsegment=subsegment,
                focus=suggested_focus(version, subsegment),
                created_by=user,
                updated_by=user,
            )
    except IntegrityError:  # someone started it meanwhile
        return Proposition.objects.get(model=record, subsegment=subsegment)


def rest_on_current_version(proposition: Proposition, user: User | None, *, opened_at: int) -> Proposition:
    """Move the proposition to the model's current version (``StaleEdit`` when changed meanwhile).

    The focus and the statement stay as the team wrote them; the page then warns of any stated element
    the new version no longer has.
    """
    version = current_version(proposition.model)
    if version is None or version.pk == proposition.version_id:
        raise PropositionError("The proposition already rests on the model's current version.")
    try:
        names = subsegments_of(version)
    except ModelError as refused:
        raise PropositionError(f"v{version.number} cannot be analysed: {refused}") from None
    if proposition.subsegment not in names:
        raise PropositionError(
            f"v{version.number} has no subsegment {proposition.subsegment!r} any more: "
            "the proposition stays on the version it was written for."
        )
    proposition.version = version
    proposition.updated_by = user
    save_if_current(proposition, opened_at=opened_at)
    return proposition
