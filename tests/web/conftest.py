"""Personas for the web tests, after the healthchecks pattern: the program's sponsor, the team's leader
and a member, a viewer, an outsider and an administrator."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from worth.apps.accounts.roles import Role
from worth.apps.accounts.setup import ensure_role_groups
from worth.apps.programs.models import Function, MemberRole, Membership, Program, Project

PASSWORD = "correct horse battery"


@dataclass
class World:
    sponsor: User
    leader: User
    analyst: User
    viewer: User
    outsider: User
    admin: User
    program: Program
    project: Project

    def client_for(self, user: User) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client


def make_user(username: str, *roles: Role) -> User:
    groups = ensure_role_groups()
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    user.groups.set([groups[r] for r in roles])
    return user


@pytest.fixture
def world(db: None) -> World:
    sponsor = make_user("sponsor", Role.PROGRAM_LEAD)
    leader = make_user("leader", Role.ANALYST)
    leader.first_name = "Team leader"
    leader.save()
    analyst = make_user("analyst", Role.ANALYST)
    viewer = make_user("viewer", Role.READ_ONLY)
    outsider = make_user("outsider", Role.ANALYST)
    admin = make_user("admin", Role.ADMINISTRATOR)
    program = Program.objects.create(name="Pilot", sponsor=sponsor, success_target="$1M in 12 months")
    project = Project.objects.create(program=program, name="Bearings", business_issue="Sold on price")
    Membership.objects.create(
        project=project, user=leader, role=MemberRole.LEADER, function=Function.LEADER, commitment=50
    )
    Membership.objects.create(project=project, user=analyst, role=MemberRole.MEMBER)
    Membership.objects.create(project=project, user=viewer, role=MemberRole.VIEWER)
    return World(sponsor, leader, analyst, viewer, outsider, admin, program, project)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: pytest.FixtureRequest) -> None:
    """Personas are made per test; the production hasher is exercised by the demo and browser tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
