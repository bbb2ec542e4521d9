"""Business cases in the app: made on a proposition, worked out to the cent (checked against
numpy-financial and by hand), frozen when presented, decided by the sponsor, summed on the program."""

from __future__ import annotations

import re
from decimal import Decimal

import numpy_financial as npf
import pytest
from django.urls import reverse

from tests.web.conftest import World
from tests.web.example_model import example_text, import_example, second_round
from tests.web.forms import form_values
from worth.apps.cases.models import BusinessCase, Status
from worth.apps.propositions.models import Proposition
from worth.apps.propositions.services import start_proposition

FIELDS = {
    "title": "Monitored bearings for the large mills",
    "actions": "Offer it to the 40 large mills\nTrain the account managers",
    "resources": "Two field engineers",
    "concerns": "Will mills pay the premium?",
    "period": "month",
    "periods": "6",
    "profit_at_full_adoption": "100000",
    "adoption": "10, 20, 30",  # the last holds: 30 % in months 3 to 6
    "investment": "120000",
    "running_cost": "5000",
    "cost_of_capital": "12",
    "target_amount": "100000",
    "target_within": "4",
}


@pytest.fixture
def proposition(world: World) -> Proposition:
    record = import_example(world)
    return start_proposition(record, "Large integrated mills", world.analyst)


def _make(world: World, proposition: Proposition, **changes: str):
    client = world.client_for(world.analyst)
    data = {**FIELDS, "proposition": str(proposition.pk), **changes}
    return client.post(reverse("cases:new", args=[world.project.pk]), data)


def test_a_case_is_worked_out_to_the_cent(world: World, proposition: Proposition) -> None:
    response = _make(world, proposition)
    assert response.status_code == 302
    case = BusinessCase.objects.get()
    page = world.client_for(world.viewer).get(case.get_absolute_url()).content.decode()
    # By hand: incremental profit 10,000, 20,000, then 30,000 for four months; less 5,000 a month.
    flows = [-120000, 5000, 15000, 25000, 25000, 25000, 25000]
    rate = 1.12 ** (1 / 12) - 1
    npv = Decimal(repr(float(npf.npv(rate, flows)))).quantize(Decimal("0.01"))
    assert f"USD {npv:,.2f}" in page
    shown = re.search(r"([\d.]+)% a month", page)
    assert shown is not None
    assert float(shown[1]) == pytest.approx(npf.irr(flows) * 100, abs=0.005)  # shown to 2 places
    assert "USD 150,000.00" in page  # total incremental profit
    # Cumulative net flow: -115,000, -100,000, -75,000, -50,000, -25,000, 0 -> paid back after month 6.
    assert "6.00 months" in page
    # Cumulative profit 10,000, 30,000, 60,000, 90,000 by month 4: the target of 100,000 is missed
    # by 10,000 and reached in month 5.
    assert (
        "The target of USD 100,000 incremental profit within 4 months is missed: USD 90,000.00 by "
        "month 4, USD 10,000.00 short; it is reached in month 5 of the plan."
    ) in page
    assert "Conservative" in page  # the range from the Monte Carlo
    assert 'id="profitability"' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"adoption": "10, x, 30"}, "adoption", "value 2 (&#x27;x&#x27;) is not a number"),
        ({"adoption": "10, 120"}, "adoption", "value 2 (120) is not a percentage from 0 to 100"),
        ({"adoption": "1, 2, 3, 4, 5, 6, 7"}, "adoption", "7 values for 6 periods"),
        ({"periods": "0"}, "periods", "greater than or equal to 1"),
        ({"investment": "-5"}, "investment", "-5 is negative"),
        ({"cost_of_capital": "-100"}, "cost_of_capital", "-100 % is not above -100 %"),
        ({"target_within": "9"}, "target_within", "9 is beyond the case&#x27;s 6 periods"),
    ],
)
def test_bad_assumptions_are_named_and_nothing_is_saved(
    world: World, proposition: Proposition, changes: dict[str, str], field: str, message: str
) -> None:
    response = _make(world, proposition, **changes)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'name="{field}"' in page
    assert not BusinessCase.objects.exists()


def test_presenting_freezes_the_case_on_its_version(world: World, proposition: Proposition) -> None:
    _make(world, proposition)
    case = BusinessCase.objects.get()
    client = world.client_for(world.analyst)
    before = client.get(case.get_absolute_url()).content.decode()
    response = client.post(reverse("cases:present", args=[case.pk]), {"revision": case.revision})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.PRESENTED
    assert case.version == proposition.version
    assert case.presented_by == world.analyst
    kept = dict(case.figures or {})
    # The model moves on and the proposition with it: the presented case does not.
    record = import_example(world, text=second_round(example_text()), note="margin")
    client.post(reverse("propositions:rest-on-current", args=[proposition.pk]), {"revision": 1})
    proposition.refresh_from_db()
    assert proposition.version.number == 2
    assert record.versions.count() == 2
    case.refresh_from_db()
    assert case.figures == kept
    page = client.get(case.get_absolute_url()).content.decode()
    assert "The model has moved on to v2" in page
    assert "?from=1&amp;to=2" in page
    assert "+$5,943" in page  # what the new version did to the large mills' total
    assert kept["npv"] in page.replace(",", "") or f"{Decimal(kept['npv']):,.2f}" in page
    assert f"{Decimal(kept['npv']):,.2f}" in before
    # Edits of a presented case are refused.
    values = form_values(before) | {"title": "Changed after presenting"}
    refused = client.post(case.get_absolute_url(), values, follow=True)
    assert "no longer changes" in refused.content.decode()
    case.refresh_from_db()
    assert case.title == FIELDS["title"]


def test_the_sponsor_decides_and_an_approved_case_is_the_commitment(
    world: World, proposition: Proposition
) -> None:
    _make(world, proposition)
    case = BusinessCase.objects.get()
    world.client_for(world.analyst).post(
        reverse("cases:present", args=[case.pk]), {"revision": case.revision}
    )
    case.refresh_from_db()
    decide = reverse("cases:decide", args=[case.pk])
    body = {"decision": "approved", "note": "Go", "revision": str(case.revision)}
    assert world.client_for(world.analyst).post(decide, body).status_code == 403
    assert world.client_for(world.outsider).post(decide, body).status_code == 404
    assert world.client_for(world.sponsor).post(decide, body).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.decided_by, case.decision_note) == (Status.APPROVED, world.sponsor, "Go")
    # Committed: the incremental profit by the end of the target's 4 months, 90,000.00.
    program = world.client_for(world.sponsor).get(world.program.get_absolute_url()).content.decode()
    assert program.count("USD 90,000.00") == 2  # the project's row and the program's total
    project = world.client_for(world.viewer).get(world.project.get_absolute_url()).content.decode()
    assert "USD 90,000.00 committed" in project


def test_a_case_sent_back_to_revise_is_edited_and_presented_again(world: World, proposition: Proposition):
    _make(world, proposition)
    case = BusinessCase.objects.get()
    team = world.client_for(world.analyst)
    team.post(reverse("cases:present", args=[case.pk]), {"revision": case.revision})
    case.refresh_from_db()
    world.client_for(world.sponsor).post(
        reverse("cases:decide", args=[case.pk]), {"decision": "revise", "revision": str(case.revision)}
    )
    case.refresh_from_db()
    assert case.status == Status.REVISE
    page = team.get(case.get_absolute_url()).content.decode()
    assert team.post(case.get_absolute_url(), form_values(page) | {"investment": "60000"}).status_code == 302
    case.refresh_from_db()
    team.post(reverse("cases:present", args=[case.pk]), {"revision": case.revision})
    case.refresh_from_db()
    assert case.status == Status.PRESENTED
    assert case.figures is not None
    assert case.figures["investment"] == "60000.00"


def test_what_the_team_wrote_is_escaped(world: World, proposition: Proposition) -> None:
    _make(world, proposition, actions='<script>alert("x")</script>', title="<b>bold</b> case")
    case = BusinessCase.objects.get()
    for url in (case.get_absolute_url(), reverse("cases:project", args=[world.project.pk])):
        page = world.client_for(world.viewer).get(url).content.decode()
        assert "<script>alert" not in page
        assert "<b>bold</b>" not in page
        assert "&lt;b&gt;bold&lt;/b&gt;" in page


def test_readers_cannot_make_or_present_a_case(world: World, proposition: Proposition) -> None:
    viewer = world.client_for(world.viewer)
    assert viewer.post(reverse("cases:new", args=[world.project.pk]), FIELDS).status_code == 403
    _make(world, proposition)
    case = BusinessCase.objects.get()
    assert viewer.post(reverse("cases:present", args=[case.pk]), {"revision": 1}).status_code == 403
    assert world.client_for(world.outsider).get(case.get_absolute_url()).status_code == 404
