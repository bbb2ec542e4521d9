"""The profit levers, the pay plans and the value merchants in the JSON API, figures by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.analytics.behaviour_data import BEHAVIOUR_CSV, BEHAVIOUR_POLICY
from tests.web.conftest import World, make_user
from tests.web.test_pricing_support import import_lines
from worth.apps.accounts.roles import Role
from worth.apps.merchants.models import SalespersonCode
from worth.apps.pricing.models import CostStructure, InvoiceDataset
from worth.apps.pricing.services import save_policy_text
from worth.apps.programs.models import MemberRole, Membership


@pytest.fixture(autouse=True)
def inline_jobs_and_data(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.WORTH_JOBS_INLINE = True  # type: ignore[attr-defined]
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def test_the_levers_of_each_saved_structure(world: World) -> None:
    CostStructure.objects.create(
        project=world.project,
        name="Bearings, large mills",
        period="2025",
        currency="USD",
        price=Decimal(100),
        units=Decimal(10_000),
        variable_cost=Decimal(75),
        fixed_cost=Decimal(150_000),
    )
    url = reverse("api:project_levers", args=[world.project.pk])
    body = world.client_for(world.viewer).get(url).json()
    (found,) = body["structures"]
    # profit (100 - 75) x 10,000 - 150,000 = 100,000
    assert found["operating_profit"] == pytest.approx(100_000)
    assert found["contribution_margin_pct"] == pytest.approx(25.0)
    changes = {lever["key"]: lever["profit_change"] for lever in found["levers"]}
    # price +1 %: 1 x 10,000; variable cost -1 %: 0.75 x 10,000; volume +1 %: 0.25 x 10,000; fixed: 1,500
    assert changes == pytest.approx(
        {"price": 10_000, "variable_cost": 7_500, "volume": 2_500, "fixed_cost": 1_500}
    )
    assert [lever["key"] for lever in found["levers"]] == ["price", "variable_cost", "volume", "fixed_cost"]
    assert found["levers"][0]["profit_change_pct"] == pytest.approx(10.0)
    assert found["price_over_volume"] == pytest.approx(4.0)
    cut = next(row for row in found["keep_profit"] if row["price_change_pct"] == pytest.approx(-5))
    # a 5 % cut: contribution 25 -> 20 per unit, so 25 / 20 - 1 = 25 % more units, 12,500
    assert cut["volume_change_pct"] == pytest.approx(25.0)
    assert cut["units_needed"] == pytest.approx(12_500)
    two = world.client_for(world.viewer).get(url + "?step=2").json()["structures"][0]["levers"][0]
    assert two["profit_change"] == pytest.approx(20_000)
    refused = world.client_for(world.viewer).get(url + "?step=3")
    assert refused.status_code == 422
    assert refused.json()["problems"] == [{"field": "step", "message": "“3” is not one of 0.5, 1, 2, 5 (%)"}]
    assert world.client_for(world.outsider).get(url).status_code == 404


def test_the_pay_plans_of_a_data_set_for_the_pages_parameters(world: World) -> None:
    import_lines(world.client_for(world.analyst), world.project)
    dataset = InvoiceDataset.objects.get()
    url = reverse("api:dataset_compensation", args=[dataset.pk])
    body = world.client_for(world.viewer).get(url + "?variable_cost=50&revenue_rate=5").json()
    people = {p["salesperson"]: p for p in body["people"]}
    # S1: pocket 1,722 less 50 % of its 2,000 list = 722; S2: 1,840 - 1,000 = 840
    assert people["S1"]["contribution"] == pytest.approx(722)
    assert people["S2"]["contribution"] == pytest.approx(840)
    assert people["S1"]["pay_on_revenue"] == 86.10  # 5 % of 1,722
    assert body["total_on_revenue"] == pytest.approx(178.10)
    assert body["margin_rate_pct"] == pytest.approx(178.10 / 1562 * 100)  # the same total on margin
    assert people["S1"]["pay_on_margin"] == round(722 * 178.10 / 1562, 2)  # 82.32, to the cent
    assert people["S1"]["given_away_pct"] == pytest.approx(13.9)  # (2,000 - 1,722) / 2,000
    with_expenses = world.client_for(world.viewer).get(
        url, {"variable_cost": "50", "revenue_rate": "5", "expenses": "S1=100"}
    )
    assert {p["salesperson"]: p for p in with_expenses.json()["people"]}["S1"]["contribution"] == 622
    bad = world.client_for(world.viewer).get(url + "?variable_cost=abc")
    assert bad.status_code == 422
    assert bad.json()["problems"] == [{"field": "variable_cost", "message": "“abc” is not a number"}]
    none = world.client_for(world.viewer).get(url)
    assert none.status_code == 422
    assert none.json()["problems"][0]["field"] == "variable_cost"
    assert world.client_for(world.outsider).get(url).status_code == 404


@pytest.fixture
def mapped(world: World) -> tuple[User, User]:
    one, two = make_user("seller-one", Role.SALESPERSON), make_user("seller-two", Role.SALESPERSON)
    for user in (one, two):
        Membership.objects.create(project=world.project, user=user, role=MemberRole.MEMBER)
    import_lines(world.client_for(world.analyst), world.project, BEHAVIOUR_CSV, name="Behaviour lines")
    save_policy_text(project=world.project, text=BEHAVIOUR_POLICY, user=world.analyst)
    SalespersonCode.objects.create(program=world.program, code="S1", user=one, mapped_by=world.sponsor)
    return one, two


def test_the_value_merchants_with_their_pricing_habits(world: World, mapped: tuple[User, User]) -> None:
    url = reverse("api:program_merchants", args=[world.program.pk])
    body = world.client_for(world.sponsor).get(url).json()
    assert body["sees_everyone"] is True
    rows = {m["username"]: m for m in body["merchants"]}
    assert set(rows) == {"seller-one", "seller-two"}
    (habits,) = rows["seller-one"]["behaviour"]
    assert rows["seller-one"]["salesperson_codes"] == ["S1"]
    # by hand (tests/analytics/behaviour_data.py): S1 list 1,500, concessions 100, 1 of 2 below, 25 lost
    assert habits["currency"] == "EUR"
    assert habits["list_revenue"] == pytest.approx(1500)
    assert habits["concessions"] == pytest.approx(100)
    assert habits["concessions_pct_of_list"] == pytest.approx(100 / 1500 * 100)
    assert (habits["lines"], habits["lines_below_floor"]) == (2, 1)
    assert habits["lines_below_floor_pct"] == pytest.approx(50.0)
    assert habits["revenue_lost"] == pytest.approx(25)
    assert rows["seller-two"]["behaviour"] == []
    (apart,) = body["codes_apart"]
    assert (apart["code"], apart["reason"]) == ("S2", "not mapped to anyone")
    assert apart["behaviour"][0]["concessions"] == pytest.approx(26)
    assert apart["behaviour"][0]["revenue_lost"] == pytest.approx(1)


def test_a_salesperson_gets_only_their_own_row(world: World, mapped: tuple[User, User]) -> None:
    one, two = mapped
    url = reverse("api:program_merchants", args=[world.program.pk])
    mine = world.client_for(one).get(url).json()
    assert [m["username"] for m in mine["merchants"]] == ["seller-one"]
    assert mine["codes_apart"] == []
    theirs = world.client_for(two).get(url).json()
    assert [(m["username"], m["behaviour"]) for m in theirs["merchants"]] == [("seller-two", [])]
    assert world.client_for(world.viewer).get(url).json()["merchants"] == []
    assert world.client_for(world.outsider).get(url).status_code == 404
