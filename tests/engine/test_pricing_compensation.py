"""Pay on revenue against pay on margin, worked out by hand for two salespeople."""

from __future__ import annotations

from decimal import Decimal

import pytest

from worth.engine.pricing import PricingError
from worth.engine.pricing.compensation import SalesResult, compare_pay_plans

# Both sold goods worth 100,000 at list; A pocketed 90,000 (10 % given away), B 75,000 (25 %).
RESULTS = [
    SalesResult("B", Decimal(100_000), Decimal(75_000), 40),
    SalesResult("A", Decimal(100_000), Decimal(90_000), 30),
]


def test_a_budget_neutral_margin_plan_moves_pay_to_who_keeps_the_price() -> None:
    found = compare_pay_plans(RESULTS, variable_cost_share="0.6", revenue_rate="0.03", expenses={"B": 1_000})
    a, b = found.people  # largest pocket revenue first
    assert (a.salesperson, b.salesperson) == ("A", "B")
    # gross margin = pocket - 60 % of list: A 90,000 - 60,000 = 30,000; B 75,000 - 60,000 = 15,000, less 1,000
    assert (a.gross_margin, b.gross_margin) == (30_000, 15_000)
    assert (a.contribution, b.contribution) == (30_000, 14_000)
    # on revenue, 3 %: A 2,700, B 2,250 = 4,950; the same 4,950 over 44,000 of contribution
    assert (a.pay_on_revenue, b.pay_on_revenue) == (2_700, 2_250)
    assert found.budget_neutral
    assert found.margin_rate == Decimal(4_950) / Decimal(44_000)
    assert float(a.pay_on_margin) == pytest.approx(30_000 * 4_950 / 44_000)  # 3,375
    assert float(b.pay_on_margin) == pytest.approx(14_000 * 4_950 / 44_000)  # 1,575
    assert float(found.total_on_margin) == pytest.approx(4_950)
    assert float(a.difference) == pytest.approx(675)
    assert (a.given_away_share, b.given_away_share) == (Decimal("0.1"), Decimal("0.25"))


def test_a_given_margin_rate_and_a_loss_that_pays_nothing() -> None:
    loss = [*RESULTS, SalesResult("C", Decimal(50_000), Decimal(28_000), 5)]  # 28,000 - 30,000 < 0
    found = compare_pay_plans(loss, variable_cost_share="0.6", revenue_rate="0.03", margin_rate="0.1")
    c = next(p for p in found.people if p.salesperson == "C")
    assert c.contribution == -2_000
    assert c.pay_on_margin == 0
    assert c.pay_on_revenue == 840
    assert not found.budget_neutral


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"variable_cost_share": "1"}, "variable cost share: 1 must be a share"),
        ({"revenue_rate": "-0.01"}, "revenue rate: -0.01 must be a share"),
        ({"margin_rate": "abc"}, "margin rate: expected a number"),
        ({"expenses": {"Z": 5}}, "expenses of 'Z': no salesperson of that code"),
        ({"expenses": {"A": -5}}, "expenses of A: -5 is negative"),
    ],
)
def test_bad_figures_are_named(options: dict[str, object], message: str) -> None:
    given: dict[str, object] = {"variable_cost_share": "0.6", "revenue_rate": "0.03", **options}
    with pytest.raises(PricingError, match=message):
        compare_pay_plans(RESULTS, **given)  # type: ignore[arg-type]
