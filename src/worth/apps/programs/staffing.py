"""Changes to a project team that keep it whole: one leader, named before the old one steps down.

The team page and the JSON API both change the team through here, so the rules hold whichever way
a leader works.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from worth.apps.programs.models import Function, MemberRole, Membership, Project


class TeamRefusedError(ValueError):
    """A change that would leave the team without its leader; nothing was changed."""


def start_team(project: Project, creator: User) -> Membership:
    """Whoever creates a project leads it until someone else is named."""
    membership, _ = Membership.objects.get_or_create(
        project=project,
        user=creator,
        defaults={"role": MemberRole.LEADER, "function": Function.LEADER, "commitment": 50},
    )
    return membership


def hand_over_leadership(membership: Membership) -> list[Membership]:
    """After ``membership`` was saved: if it is a leader's seat, the leaders before it become members
    (and are returned, so the page can say who stepped down); any other seat changes nothing."""
    stepped_down: list[Membership] = []
    if membership.role != MemberRole.LEADER:
        return stepped_down
    with transaction.atomic():
        others = membership.project.memberships.filter(role=MemberRole.LEADER).exclude(pk=membership.pk)
        for other in others.select_for_update():
            other.role = MemberRole.MEMBER
            if other.function == Function.LEADER:
                other.function = Function.OTHER
            other.revision += 1
            other.save()
            stepped_down.append(other)
    return stepped_down


def remove_member(membership: Membership) -> None:
    if membership.role == MemberRole.LEADER:
        raise TeamRefusedError(
            f"{membership.user.get_full_name() or membership.user.get_username()} leads the team: "
            "name another leader first."
        )
    membership.delete()
