"""The project's customers and their cooperation, the organisation's customers, and the research
checklist (seed 002, tasks 1-9) read from the records."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from django.contrib.auth.models import User
from django.urls import reverse

from tests.web.conftest import World, make_user
from tests.web.example_model import EXAMPLE, import_example
from worth.apps.accounts.roles import Role
from worth.apps.programs.models import Function, MemberRole, Membership
from worth.apps.research.checklist import research_checklist
from worth.apps.research.models import (
    Contact,
    Customer,
    Incentive,
    Meeting,
    Participation,
    Reason,
    Status,
    Support,
)


@pytest.fixture
def salesperson(world: World) -> User:
    user = make_user("sam", Role.SALESPERSON)
    Membership.objects.create(
        project=world.project, user=user, role=MemberRole.MEMBER, function=Function.SALES
    )
    return user


def join(world: World, name: str, salesperson: User | None = None, **fields: object) -> Participation:
    customer = Customer.objects.create(name=name, salesperson=salesperson)
    return Participation.objects.create(project=world.project, customer=customer, **fields)


def add_url(world: World) -> str:
    return reverse("research:participation-new", args=[world.project.pk])


def test_the_team_adds_a_new_and_an_existing_customer(world: World, salesperson: User) -> None:
    elsewhere = world.project.program.projects.create(name="Services", business_issue="x")
    Membership.objects.create(project=elsewhere, user=world.analyst, role=MemberRole.MEMBER)
    known = Customer.objects.create(name="Norrvik Bruk")
    Participation.objects.create(project=elsewhere, customer=known)
    client = world.client_for(world.analyst)
    fields = {
        "status": Status.INVITED,
        "incentive": Incentive.FINDINGS,
        "salesperson_support": Support.CONTACTED,
    }
    response = client.post(
        add_url(world),
        {
            **fields,
            "new_customer": "Kestrel Bay Paper",
            "new_salesperson": salesperson.pk,
            "reasons": [Reason.BENCHMARK],
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert client.post(add_url(world), {**fields, "customer": known.pk}).status_code == 302
    kestrel = Participation.objects.get(project=world.project, customer__name="Kestrel Bay Paper")
    assert kestrel.customer.salesperson == salesperson
    assert kestrel.reasons == [Reason.BENCHMARK]
    # One record across projects: Norrvik Bruk is the same customer in both.
    assert Customer.objects.filter(name="Norrvik Bruk").count() == 1
    assert known.participations.count() == 2
    page = client.get(reverse("research:project-customers", args=[world.project.pk])).content.decode()
    assert "Kestrel Bay Paper" in page
    assert "A benchmark against similar businesses" in page


def test_a_bad_customer_is_refused_by_field_and_writes_nothing(world: World) -> None:
    Customer.objects.create(name="Norrvik Bruk")
    client = world.client_for(world.analyst)
    base = {"status": Status.CANDIDATE, "incentive": 0, "salesperson_support": Support.NOT_ASKED}
    neither = client.post(add_url(world), base).content.decode()
    assert "Choose one of your customers or name a new one." in neither
    twice = client.post(add_url(world), {**base, "new_customer": "norrvik bruk"}).content.decode()
    assert "already has a customer named “norrvik bruk”" in twice
    declined = client.post(
        add_url(world), {**base, "new_customer": "Osprey", "status": Status.DECLINED}
    ).content.decode()
    assert "Say why the customer declined" in declined
    assert Participation.objects.count() == 0
    assert Customer.objects.count() == 1


def test_a_salesperson_sees_and_enters_data_for_their_own_customers_only(
    world: World, salesperson: User
) -> None:
    mine = join(world, "Kestrel Bay Paper", salesperson, subsegment="Large mills")
    theirs = join(world, "Norrvik Bruk", world.analyst, subsegment="Large mills")
    client = world.client_for(salesperson)
    page = client.get(reverse("research:project-customers", args=[world.project.pk])).content.decode()
    assert "Kestrel Bay Paper" in page
    assert "Norrvik Bruk" not in page
    assert "Norrvik Bruk" not in client.get(reverse("research:customers")).content.decode()
    assert client.get(reverse("research:participation", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("research:customer", args=[theirs.customer.pk])).status_code == 404
    # Their own: the research data, and its managers; not the customer record, not new customers.
    data = {
        "subsegment": "Large mills",
        "status": Status.AGREED,
        "incentive": Incentive.BENCHMARK,
        "gives": "Stop logs of two years",
        "gets": "Its own downtime benchmark",
        "salesperson_support": Support.SUPPORTIVE,
        "revision": mine.revision,
    }
    assert client.post(reverse("research:participation", args=[mine.pk]), data).status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.salesperson_support, mine.revision) == (Status.AGREED, Support.SUPPORTIVE, 2)
    contact = {"name": "Ann Berg", "function": "Maintenance manager"}
    assert client.post(reverse("research:contact-add", args=[mine.customer.pk]), contact).status_code == 302
    assert Contact.objects.get().customer == mine.customer
    record = {"name": "Renamed", "revision": mine.customer.revision}
    assert client.post(reverse("research:customer", args=[mine.customer.pk]), record).status_code == 403
    assert client.post(add_url(world), {"new_customer": "Osprey", "status": "candidate"}).status_code == 403
    assert Customer.objects.filter(name="Renamed").count() == 0


def test_the_sponsor_and_viewers_read_the_customers_but_change_nothing(world: World) -> None:
    p = join(world, "Kestrel Bay Paper", subsegment="Large mills")
    for user in (world.sponsor, world.viewer):
        client = world.client_for(user)
        assert client.get(reverse("research:participation", args=[p.pk])).status_code == 200
        body = {"status": Status.AGREED, "incentive": 0, "salesperson_support": "not_asked", "revision": 1}
        assert client.post(reverse("research:participation", args=[p.pk]), body).status_code == 403
    assert (
        world.client_for(world.outsider).get(reverse("research:participation", args=[p.pk])).status_code
        == 404
    )
    p.refresh_from_db()
    assert p.status == Status.CANDIDATE


def _example_subsegments() -> list[str]:
    return [s["name"] for s in yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["subsegments"]]


def test_the_checklist_is_read_from_the_model_and_the_customers(world: World, salesperson: User) -> None:
    items = research_checklist(world.project)
    assert [i.number for i in items] == list(range(1, 10))
    assert not any(i.done for i in items)
    assert items[0].url == reverse("valuemodels:new", args=[world.project.pk])
    import_example(world)
    done = {i.number: i.done for i in research_checklist(world.project)}
    # The example model: offering, segment, elements, two subsegments with characteristics and an
    # alternative each, every element classified, a word equation for every point of difference.
    assert [done[n] for n in range(1, 6)] == [True] * 5
    assert [done[n] for n in range(6, 10)] == [False] * 4
    large, small = _example_subsegments()
    manager = None
    for n in range(12):
        subsegment = large if n < 6 else small
        level = Incentive.FINDINGS if n % 2 else Incentive.BENCHMARK
        p = join(
            world, f"Mill {n}", salesperson, subsegment=subsegment, status=Status.AGREED, incentive=level
        )
        p.gives, p.gets, p.salesperson_support = "Stop logs", "Benchmark", Support.SUPPORTIVE
        p.save()
        manager = Contact.objects.create(customer=p.customer, name=f"Manager {n}", function="Mill manager")
        p.contacts.add(manager)
    items = {i.number: i for i in research_checklist(world.project)}
    assert all(items[n].done for n in range(6, 10)), [items[n].detail for n in range(6, 10)]
    assert items[6].detail == f"{large}: 6; {small}: 6"
    # One mill declines: the small mills fall to five of six; its managers and support no longer count.
    last = Participation.objects.get(customer__name="Mill 11")
    last.status, last.declined_reason = Status.DECLINED, "No time before the spring shutdown"
    last.save()
    items = {i.number: i for i in research_checklist(world.project)}
    assert not items[6].done
    assert items[6].detail == f"{large}: 6; {small}: 5"
    Participation.objects.filter(customer__name="Mill 3").update(salesperson_support=Support.AGAINST)
    item = {i.number: i for i in research_checklist(world.project)}[9]
    assert (item.done, item.detail) == (False, "Not yet at Mill 3.")
    page = (
        world.client_for(world.viewer)
        .get(reverse("research:checklist", args=[world.project.pk]))
        .content.decode()
    )
    assert "Preparing the research: 7 of 9 done" in page  # 1-5, 7 and 8
    project_page = world.client_for(world.viewer).get(reverse("programs:project", args=[world.project.pk]))
    assert "11 taking part, 1 declined" in project_page.content.decode()


def test_a_manager_is_corrected_and_one_never_met_is_removed(world: World, salesperson: User) -> None:
    mine = join(world, "Kestrel Bay Paper", salesperson, subsegment="Large mills")
    typo = Contact.objects.create(customer=mine.customer, name="Maintenence manager", function="Maintenance")
    met = Contact.objects.create(customer=mine.customer, name="Mill manager", function="Operations")
    meeting = Meeting.objects.create(participation=mine, held=date(2026, 10, 14))
    meeting.managers.add(met)
    client = world.client_for(salesperson)
    url = reverse("research:contact", args=[mine.customer.pk, typo.pk])
    assert client.post(url, {"name": "Maintenance manager", "function": "Maintenance"}).status_code == 302
    typo.refresh_from_db()
    assert typo.name == "Maintenance manager"
    removed = client.post(reverse("research:contact-remove", args=[mine.customer.pk, met.pk]), follow=True)
    assert "was met in 1 meeting: kept" in removed.content.decode()
    assert (
        client.post(reverse("research:contact-remove", args=[mine.customer.pk, typo.pk])).status_code == 302
    )
    assert list(mine.customer.contacts.values_list("name", flat=True)) == ["Mill manager"]
    other = join(world, "Norrvik Bruk", world.analyst)
    stranger = Contact.objects.create(customer=other.customer, name="Controller", function="Finance")
    assert (
        client.post(reverse("research:contact-remove", args=[other.customer.pk, stranger.pk])).status_code
        == 404
    )
    assert (
        world.client_for(world.viewer)
        .post(reverse("research:contact-remove", args=[mine.customer.pk, met.pk]))
        .status_code
        == 403
    )


def test_records_holding_every_customer_do_not_exist_for_a_salesperson(
    world: World, salesperson: User
) -> None:
    record = import_example(world)
    join(world, "Kestrel Bay Paper", salesperson, subsegment="Large mills")
    client = world.client_for(salesperson)
    assert client.get(record.get_absolute_url()).status_code == 404
    assert client.get(reverse("valuemodels:data", args=[record.pk])).status_code == 404
    assert client.get(reverse("valuemodels:file", args=[record.pk])).status_code == 404
    assert record.name not in client.get(reverse("valuemodels:list")).content.decode()
    project_page = client.get(reverse("programs:project", args=[world.project.pk])).content.decode()
    assert record.name not in project_page
    assert "The value models hold every customer's data" in project_page
    analysis = client.get(reverse("research:analysis", args=[world.project.pk])).content.decode()
    assert "The analysis reads every customer's data" in analysis
    assert "Norrvik Bruk" not in analysis  # no customer of the model is named
    # The team still reads them.
    assert world.client_for(world.viewer).get(record.get_absolute_url()).status_code == 200
