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


def test_the_research_pages_do_not_grow_with_the_customers(world: World) -> None:
    from datetime import date

    from worth.apps.research.models import Contact, Customer, Meeting, Participation

    def add_mills(start: int, count: int) -> None:
        for n in range(start, start + count):
            customer = Customer.objects.create(name=f"Mill {n}", salesperson=world.analyst)
            contact = Contact.objects.create(customer=customer, name="Mill manager", function="Operations")
            joined = Participation.objects.create(
                project=world.project, customer=customer, subsegment="Large"
            )
            joined.contacts.add(contact)
            meeting = Meeting.objects.create(participation=joined, held=date(2026, 10, 1))
            meeting.supplier_participants.add(world.leader)
            meeting.managers.add(contact)

    pages = (
        reverse("research:project-customers", args=[world.project.pk]),
        reverse("research:customers"),
        reverse("research:checklist", args=[world.project.pk]),
        reverse("research:meetings", args=[world.project.pk]),
        reverse("programs:project", args=[world.project.pk]),
        reverse("programs:program", args=[world.program.pk]),
        reverse("programs:team", args=[world.project.pk]),
    )
    add_mills(0, 2)
    for user in (world.leader, world.viewer):
        client = world.client_for(user)
        before = {url: queries_for(client, url) for url in pages}
        add_mills(100 + user.pk * 10, 6)
        after = {url: queries_for(client, url) for url in pages}
        assert after == before, user


def test_a_page_reads_the_persons_roles_once(world: World) -> None:
    # Several access questions per page (administrator? salesperson who sees only their accounts?)
    # each asked the database before; now the roles are read once per request.
    from tests.web.example_model import import_example

    record = import_example(world)
    client = world.client_for(world.analyst)
    for url in (reverse("valuemodels:sensitivity", args=[record.pk]), reverse("valuemodels:list")):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        sql = [q["sql"] for q in ctx.captured_queries]
        # Django reads the permissions of the person's groups once too (auth_permission).
        roles = [q for q in sql if '"auth_user_groups"' in q and '"auth_permission"' not in q]
        assert len(roles) == 1, (url, roles)


def test_roles_changed_on_the_same_user_object_are_read_again(world: World) -> None:
    from django.contrib.auth.models import Group

    from worth.apps.accounts.roles import Role
    from worth.apps.programs.access import is_administrator, sees_own_customers_only

    person = User.objects.create_user("newcomer")
    assert not is_administrator(person)
    person.groups.add(Group.objects.get(name=Role.ADMINISTRATOR.value))
    assert is_administrator(person)
    person.groups.clear()
    person.groups.add(Group.objects.get(name=Role.SALESPERSON.value))
    assert not is_administrator(person)
    assert sees_own_customers_only(person)
