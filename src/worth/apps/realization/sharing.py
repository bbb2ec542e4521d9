"""Share links: the customer manager's narrow way into one documenter (gray money to green money).

The link carries a random token; only its sha256 is kept, so a copy of the database opens nothing.
A link opens its documenter only (view, comment, approve or contest each figure), until it expires or
is revoked; every use, refused ones included, is logged with the time and the address.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Literal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from worth.apps.realization.models import CaseHistory, Documenter, LinkUse, Measurement, ShareLink, Verdict
from worth.apps.realization.services import RealizationError

__all__ = [
    "LinkState",
    "approve_publication",
    "give_verdict",
    "issue_link",
    "link_state",
    "log_use",
    "revoke_link",
    "token_hash",
]

LinkState = Literal["open", "expired", "revoked", "unknown"]
#: The longest a link may stay open.
MAX_DAYS = 180


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def issue_link(documenter: Documenter, *, manager: str, days: int, user: User) -> tuple[ShareLink, str]:
    """A new link for the customer manager; the token is returned once and never stored."""
    manager = manager.strip()
    if not manager:
        raise RealizationError("customer manager: name who the link is for")
    if len(manager) > 200:
        raise RealizationError(f"customer manager: {len(manager)} characters; at most 200")
    if not 1 <= days <= MAX_DAYS:
        raise RealizationError(f"days: {days} is not between 1 and {MAX_DAYS}")
    token = secrets.token_urlsafe(32)
    link = ShareLink.objects.create(
        documenter=documenter,
        token_hash=token_hash(token),
        manager=manager,
        expires=timezone.now() + timedelta(days=days),
        created_by=user,
    )
    return link, token


def link_state(token: str) -> tuple[ShareLink | None, LinkState]:
    if not token or len(token) > 100:
        return None, "unknown"
    link = ShareLink.objects.select_related("documenter").filter(token_hash=token_hash(token)).first()
    if link is None:
        return None, "unknown"
    if link.revoked is not None:
        return link, "revoked"
    if link.expires <= timezone.now():
        return link, "expired"
    return link, "open"


def log_use(link: ShareLink, action: str, *, detail: str = "", address: str = "") -> None:
    LinkUse.objects.create(link=link, action=action[:20], detail=detail[:300], address=address[:64])


def revoke_link(link: ShareLink, user: User) -> None:
    if link.revoked is None:
        link.revoked = timezone.now()
        link.revoked_by = user
        link.save(update_fields=["revoked", "revoked_by"])


def give_verdict(link: ShareLink, measurement_id: str, verdict: str, note: str) -> Measurement:
    """The customer manager approves or contests one figure of the link's documenter (nothing else)."""
    if verdict not in (Verdict.CONFIRMED, Verdict.CONTESTED):
        raise RealizationError(f"verdict: {verdict[:30]!r} is neither approve nor contest")
    if verdict == Verdict.CONTESTED and not note.strip():
        raise RealizationError("Say what is wrong with the figure, so the team can correct it.")
    if len(note) > 500:
        raise RealizationError(f"note: {len(note)} characters; at most 500")
    try:
        pk = int(measurement_id)
    except ValueError:
        raise RealizationError("That figure is not part of this documenter.") from None
    with transaction.atomic():
        measurement = link.documenter.measurements.select_for_update().filter(pk=pk).first()
        if measurement is None:
            raise RealizationError("That figure is not part of this documenter.")
        measurement.verdict = verdict
        measurement.verdict_by = link.manager
        measurement.verdict_at = timezone.now()
        measurement.verdict_note = note.strip()
        measurement.save(update_fields=["verdict", "verdict_by", "verdict_at", "verdict_note"])
    return measurement


def approve_publication(link: ShareLink, variant: str) -> CaseHistory:
    """The customer manager approves publishing the documenter's case history in one variant."""
    if variant not in ("named", "anonymized"):
        raise RealizationError(f"variant: {variant[:30]!r} is neither named nor anonymized")
    history = CaseHistory.objects.filter(documenter=link.documenter).first()
    if history is None:
        raise RealizationError("There is no case history to approve yet.")
    history.approved_by = link.manager
    history.approved_at = timezone.now()
    history.approved_variant = variant
    history.save(update_fields=["approved_by", "approved_at", "approved_variant"])
    return history
