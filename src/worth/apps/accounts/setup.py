"""Create the role groups and their permissions; safe to run any number of times."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from worth.apps.accounts.roles import ROLE_PERMISSIONS, Role


def ensure_role_groups() -> dict[Role, Group]:
    """Make the groups match ``ROLE_PERMISSIONS`` exactly (added and removed permissions alike)."""
    groups: dict[Role, Group] = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        if role is Role.ADMINISTRATOR:
            perms = list(Permission.objects.all())
        else:
            perms = []
            for dotted in ROLE_PERMISSIONS[role]:
                app_label, codename = dotted.split(".", 1)
                perms.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(perms)
        groups[role] = group
    return groups
