"""Salesperson behaviour against the hand calculation of ``tests.analytics.behaviour_data``."""

from __future__ import annotations

import io
from typing import Any

import pyarrow.csv as pacsv
import pytest

from tests.analytics.behaviour_data import BEHAVIOUR_CSV, BEHAVIOUR_POLICY
from worth.analytics.behaviour import salesperson_behaviour
from worth.engine.pricing import parse_policy


def _table(duck: Any) -> Any:
    lines = pacsv.read_csv(io.BytesIO(BEHAVIOUR_CSV.encode()))
    return duck.create_table("lines", lines)


def test_concessions_and_deals_below_floor_per_salesperson(duck: Any) -> None:
    s1, s2 = salesperson_behaviour(_table(duck), parse_policy(BEHAVIOUR_POLICY))
    assert (s1.salesperson, s1.lines, s1.list_revenue) == ("S1", 2, pytest.approx(1500.0))
    assert s1.concessions == pytest.approx(100.0)  # the competitive discount, tied to no action
    assert s1.concession_share == pytest.approx(100 / 1500)
    assert (s1.lines_below, s1.share_below) == (1, 0.5)
    assert s1.revenue_lost == pytest.approx(25.0)  # (85 - 80) x 5
    assert (s2.salesperson, s2.lines, s2.list_revenue) == ("S2", 2, pytest.approx(300.0))
    # 20 of rebate to a small mill (offered to large mills only) and 6 of freight (in no entry)
    assert s2.concessions == pytest.approx(26.0)
    assert s2.concession_share == pytest.approx(26 / 300)
    assert s2.lines_below == 1
    assert s2.revenue_lost == pytest.approx(1.0)  # (42.50 - 42) x 2


def test_without_a_policy_only_lines_and_revenue_are_known(duck: Any) -> None:
    s1, s2 = salesperson_behaviour(_table(duck), None)
    assert (s1.lines, s1.list_revenue, s2.list_revenue) == (2, pytest.approx(1500.0), pytest.approx(300.0))
    assert (s1.concessions, s1.concession_share, s1.lines_below, s1.revenue_lost) == (None, None, None, None)


def test_a_policy_without_guidelines_measures_concessions_only(duck: Any) -> None:
    text = BEHAVIOUR_POLICY[: BEHAVIOUR_POLICY.index("guidelines:")]
    s1, _ = salesperson_behaviour(_table(duck), parse_policy(text))
    assert s1.concessions == pytest.approx(100.0)
    assert (s1.lines_below, s1.share_below, s1.revenue_lost) == (None, None, None)
