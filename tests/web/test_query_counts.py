"""List pages cost a fixed number of queries, however many records they show (no N+1)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web.conftest import World
from worth.apps.programs.models import MemberRole, Membership, Program, Project


def queries_for(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def add_programs(sponsor: User, member: User, count: int) -> None:
    for i in range(count):
        program = Program.objects.create(name=f"Extra {i}", sponsor=sponsor, success_target="t")
        for j in range(3):
            project = Project.objects.create(program=program, name=f"P{i}.{j}", business_issue="x")
            Membership.objects.create(project=project, user=member, role=MemberRole.MEMBER)


def test_the_program_list_does_not_grow_with_the_programs(world: World) -> None:
    client = world.client_for(world.analyst)
    for url in (
        reverse("programs:list"),
        reverse("home"),
        reverse("valuemodels:list"),
        reverse("pricing:index"),
    ):
        before = queries_for(client, url)
        add_programs(world.sponsor, world.analyst, 4)
        after = queries_for(client, url)
        assert after == before, url
