"""The meeting log: who met whom at a customer, and what the customer agreed element by element."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.web.conftest import World, make_user
from tests.web.example_model import import_example
from worth.apps.accounts.roles import Role
from worth.apps.programs.models import Function, MemberRole, Membership
from worth.apps.research.meeting_views import meeting_warnings
from worth.apps.research.models import Agreement, Contact, Customer, Meeting, Participation

SMALL = "Small and mid-size mills"


@pytest.fixture
def sam(world: World) -> User:
    user = make_user("sam", Role.SALESPERSON)
    Membership.objects.create(
        project=world.project, user=user, role=MemberRole.MEMBER, function=Function.SALES
    )
    return user


@pytest.fixture
def mill(world: World, sam: User) -> Participation:
    import_example(world)
    customer = Customer.objects.create(name="Holmsund Specialty Paper", salesperson=sam)
    Contact.objects.create(customer=customer, name="Mill manager", function="Operations")
    return Participation.objects.create(
        project=world.project, customer=customer, subsegment=SMALL, status="agreed"
    )


def grid(elements: list[str], rows: dict[str, dict[str, str]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agreements-TOTAL_FORMS": str(len(elements)),
        "agreements-INITIAL_FORMS": str(len(elements)),
    }
    for n, name in enumerate(elements):
        data[f"agreements-{n}-element"] = name
        for field, value in rows.get(name, {}).items():
            data[f"agreements-{n}-{field}"] = value
    return data


ELEMENTS = [
    "Unplanned downtime",
    "Bearing consumption",
    "Maintenance labour",
    "Energy",
    "Sensor installation time",
    "Delivery lead time",
]


def meeting_data(mill: Participation, people: list[User], rows: dict[str, dict[str, str]]) -> dict[str, Any]:
    manager = mill.customer.contacts.get()
    return {
        "kind": "initial",
        "held": "2026-10-14",
        "supplier_participants": [p.pk for p in people],
        "managers": [manager.pk],
        "data_sources": "Stop logs from the maintenance system, within three weeks",
        **grid(ELEMENTS, rows),
    }


def test_the_form_lists_the_models_elements_with_their_equations(world: World, mill: Participation) -> None:
    page = (
        world.client_for(world.leader).get(reverse("research:meeting-new", args=[mill.pk])).content.decode()
    )
    for name in ELEMENTS:
        assert f"<strong>{name}</strong>" in page
    assert "Energy savings = ([Friction energy losses per year, alternative]" in page


def test_a_meeting_with_a_contention_and_an_amended_equation(world: World, mill: Participation) -> None:
    client = world.client_for(world.leader)
    url = reverse("research:meeting-new", args=[mill.pk])
    rows = {
        "Unplanned downtime": {"confirmed": "point-of-difference", "equation": "amended"},
        "Energy": {"confirmed": "point-of-contention", "note": "No measurable friction losses at its speeds"},
        "Delivery lead time": {"confirmed": "point-of-parity"},
    }
    refused = client.post(url, meeting_data(mill, [world.leader], rows))
    assert refused.status_code == 200
    assert "Write the word equation as the customer amended it." in refused.content.decode()
    assert Meeting.objects.count() == 0
    assert Agreement.objects.count() == 0
    rows["Unplanned downtime"]["amended_equation"] = (
        "Savings = [Hours saved] x [Margin per hour] x [Share of line stops]"
    )
    response = client.post(url, meeting_data(mill, [world.leader], rows))
    assert response.status_code == 302, response.content.decode()
    meeting = Meeting.objects.get()
    agreed = {a.element: (a.confirmed, a.equation) for a in meeting.agreements.all()}
    assert agreed == {
        "Unplanned downtime": ("point-of-difference", "amended"),
        "Energy": ("point-of-contention", ""),
        "Delivery lead time": ("point-of-parity", ""),
    }  # the rows left "not discussed" hold nothing
    page = client.get(reverse("research:meeting", args=[meeting.pk])).content.decode()
    assert "1 of the supplier&#x27;s people took part; the method asks for at least two" in page
    assert "The customer&#x27;s salesperson (sam) was not there." in page
    log = client.get(reverse("research:meetings", args=[world.project.pk])).content.decode()
    row = log[log.index("<td>Energy</td>") :].split("</tr>")[0]
    assert f"<td>{SMALL}</td>" in row
    assert [cell.split(">")[-1] for cell in row.split("</td>")[2:5]] == ["0", "0", "1"]  # contention
    assert "Savings = [Hours saved] x [Margin per hour] x [Share of line stops]" in log


def test_rows_that_name_no_element_are_refused(world: World, mill: Participation) -> None:
    data = meeting_data(mill, [world.leader, world.analyst], {})
    data["agreements-0-element"] = "Goodwill"
    data["agreements-0-confirmed"] = "point-of-difference"
    response = world.client_for(world.leader).post(reverse("research:meeting-new", args=[mill.pk]), data)
    assert "Row 1 names “Goodwill”, which is no element of the model." in response.content.decode()
    data["agreements-0-element"] = "Energy"
    assert (
        "Row 4 repeats the element “Energy”."
        in world.client_for(world.leader)
        .post(reverse("research:meeting-new", args=[mill.pk]), data)
        .content.decode()
    )
    assert Meeting.objects.count() == 0


def test_the_salesperson_records_meetings_at_their_own_mill_only(
    world: World, mill: Participation, sam: User
) -> None:
    other = Participation.objects.create(
        project=world.project, customer=Customer.objects.create(name="Norrvik Bruk")
    )
    client = world.client_for(sam)
    data = meeting_data(mill, [sam, world.leader], {"Energy": {"confirmed": "point-of-contention"}})
    assert client.post(reverse("research:meeting-new", args=[mill.pk]), data).status_code == 302
    assert client.get(reverse("research:meeting-new", args=[other.pk])).status_code == 404
    meeting = Meeting.objects.get()
    assert meeting_warnings(meeting) == []  # two people, the salesperson among them, a manager met
    # The viewer reads the meeting, and may not change it; a stale save is refused.
    url = reverse("research:meeting", args=[meeting.pk])
    assert world.client_for(world.viewer).get(url).status_code == 200
    assert world.client_for(world.viewer).post(url, {**data, "revision": 1}).status_code == 403
    assert client.post(url, {**data, "held": "2026-10-15", "revision": 1}).status_code == 302
    assert client.post(url, {**data, "held": "2026-10-16", "revision": 1}).status_code == 409
    meeting.refresh_from_db()
    assert meeting.held == date(2026, 10, 15)


def test_the_api_lists_the_meetings_a_person_may_see(world: World, mill: Participation, sam: User) -> None:
    from worth.apps.accounts.models import ApiToken

    other = Participation.objects.create(
        project=world.project, customer=Customer.objects.create(name="Norrvik Bruk")
    )
    for participation in (mill, other):
        meeting = Meeting.objects.create(participation=participation, held=date(2026, 10, 14))
        Agreement.objects.create(meeting=meeting, element="Energy", confirmed="point-of-contention")
    _, raw = ApiToken.objects.issue(user=sam, name="crm")
    listed = Client(headers={"Authorization": f"Bearer {raw}"}).get(
        f"/api/projects/{world.project.pk}/meetings"
    )
    assert listed.status_code == 200
    body = listed.json()
    assert [m["customer"] for m in body] == ["Holmsund Specialty Paper"]  # Sam's own mill only
    assert body[0]["agreements"] == [
        {
            "element": "Energy",
            "confirmed": "point-of-contention",
            "equation": "",
            "amended_equation": "",
            "note": "",
        }
    ]
