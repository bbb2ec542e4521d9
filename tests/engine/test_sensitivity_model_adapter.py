"""From a value model to sensitivity problems: a small model worked out by hand, and the demo file."""

from __future__ import annotations

import copy
import statistics
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from worth.engine.model import load_model, parse_model
from worth.engine.sensitivity import Fixed, SensitivityError, simulate, tornado
from worth.engine.sensitivity.model_adapter import (
    DELTA_PRICE,
    SubsegmentProblem,
    customer_data,
    subsegment_problems,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"

POD = {"as": "point-of-difference"}


def customer(cid: str, sub: str, machines: float, region: str, obs: dict[str, float]) -> dict[str, Any]:
    return {
        "id": cid,
        "name": f"Mill {cid}",
        "subsegment": sub,
        "characteristics": {"Machines": machines, "Region": region},
        "observations": {k: {"value": v, "source": "measured"} for k, v in obs.items()},
    }


SMALL_MODEL: dict[str, Any] = {
    "schema_version": 1,
    "name": "Sensitivity test model",
    "currency": "USD",
    "period": "yr",
    "offering": {"name": "Sealed bearings", "price": {"amount": 100, "per": "Machines"}},
    "segment": {"name": "Mills"},
    "subsegments": [
        {
            "name": "Large",
            "characteristics": "Two or more machines",
            "alternative": {
                "kind": "competitor",
                "name": "Standard",
                "price": {"amount": 40, "per": "Machines"},
            },
        },
        {
            "name": "Small",
            "characteristics": "One machine",
            "alternative": {"kind": "competitor", "name": "Standard", "price": {"amount": 50}},
        },
    ],
    "characteristics": [{"name": "Machines"}, {"name": "Region", "kind": "categorical"}],
    "drivers": [
        {"name": "Hours saved", "unit": "h/yr"},
        {"name": "Margin per hour", "unit": "USD/h"},
        {"name": "Install hours", "unit": "h/yr"},
        {
            "name": "Rate",
            "unit": "USD/h",
            "default": {
                "value": 50,
                "source": "outside-study",
                "assumption": "A technician hour costs 50 USD.",
                "fallback": True,
            },
        },
    ],
    "elements": [
        {
            "name": "Downtime",
            "category": "economic",
            "classification": {"Large": POD, "Small": POD},
            "equation": "Downtime savings = [Hours saved] x [Margin per hour]",
        },
        {
            "name": "Installation",
            "category": "service",
            "direction": "unfavourable",
            "classification": {"Large": POD, "Small": POD},
            "equation": "Installation cost = [Install hours] x [Rate]",
        },
    ],
    "customers": [
        customer(
            "L1",
            "Large",
            2,
            "North",
            {"Hours saved": 10, "Margin per hour": 100, "Install hours": 5, "Rate": 60},
        ),
        customer("L2", "Large", 3, "South", {"Hours saved": 20, "Margin per hour": 120, "Install hours": 5}),
        customer("L3", "Large", 4, "North", {"Hours saved": 30, "Margin per hour": 140, "Install hours": 5}),
        customer("S1", "Small", 1, "South", {"Hours saved": 4, "Margin per hour": 80, "Install hours": 2}),
        customer("S2", "Small", 1, "North", {"Hours saved": 6, "Margin per hour": 90, "Install hours": 3}),
        {
            "id": "P1",
            "name": "Prospect One",
            "status": "prospective",
            "subsegment": "Large",
            "characteristics": {"Machines": 5, "Region": "North"},
        },
    ],
}


def small_model() -> dict[str, Any]:
    return copy.deepcopy(SMALL_MODEL)


def by_name(items: list[SubsegmentProblem]) -> dict[str, SubsegmentProblem]:
    return {item.subsegment: item for item in items}


def test_baseline_is_the_model_at_the_subsegment_means_worked_out_by_hand():
    problems = by_name(subsegment_problems(parse_model(small_model())))
    large = tornado(problems["Large"].problem)
    # Large: hours 10, 20, 30 -> 20; margin 100, 120, 140 -> 120; install 5 h at the one observed rate 60
    assert large.total_tornado.baseline_value == pytest.approx(20 * 120 - 5 * 60)
    assert large.tornados["Downtime"].baseline_value == pytest.approx(2400)
    assert large.tornados["Installation"].baseline_value == pytest.approx(-300)  # unfavourable: negative
    # delta price per customer: (100 - 40) x machines 2, 3, 4 -> 120, 180, 240, so it varies
    assert problems["Large"].problem.price == DELTA_PRICE
    assert large.margin is not None
    assert large.margin.baseline_value == pytest.approx(2100 - 180)
    small = tornado(problems["Small"].problem)
    # Small: hours 4, 6 -> 5; margin 80, 90 -> 85; install 2, 3 -> 2.5 h at the default rate 50
    assert small.total_tornado.baseline_value == pytest.approx(5 * 85 - 2.5 * 50)
    # one machine each: 100 x 1 - 50 = 50 for everyone, a fixed delta price
    assert problems["Small"].problem.delta_price == pytest.approx(50)
    assert problems["Small"].problem.price is None


def test_drivers_are_fitted_to_the_subsegment_observations():
    problem = by_name(subsegment_problems(parse_model(small_model())))["Large"].problem
    hours = problem.driver("Hours saved")
    assert hours.distribution.mean == pytest.approx(statistics.mean([10, 20, 30]))
    assert hours.distribution.sd == pytest.approx(statistics.stdev([10, 20, 30]))
    assert hours.observed.tolist() == [10, 20, 30]
    price = problem.driver(DELTA_PRICE)
    assert price.observed.tolist() == [120, 180, 240]


def test_drivers_without_enough_observations_are_held_fixed_and_named():
    problems = by_name(subsegment_problems(parse_model(small_model())))
    large, small = problems["Large"], problems["Small"]
    assert large.problem.driver("Rate").distribution == Fixed(60.0)
    assert any("'Rate' has one observation in 'Large'; held fixed at 60" in n for n in large.notes)
    assert small.problem.driver("Rate").distribution == Fixed(50.0)
    assert any("held fixed at its default 50 (A technician hour costs 50 USD.)" in n for n in small.notes)


def test_correlations_come_from_the_customers_paired_observations():
    large = by_name(subsegment_problems(parse_model(small_model())))["Large"]
    assert large.correlations is not None
    # hours, margin and machines (delta price) rise together at the three large mills: rank correlation 1
    assert set(large.correlations.names) == {"Hours saved", "Margin per hour", DELTA_PRICE}
    np.testing.assert_allclose(large.correlations.matrix, np.ones((3, 3)))
    small = by_name(subsegment_problems(parse_model(small_model())))["Small"]
    assert small.correlations is None
    assert any("too few customers reported them" in n for n in small.notes)


def test_the_simulation_of_a_model_reproduces_its_subsegment_mean():
    large = by_name(subsegment_problems(parse_model(small_model())))["Large"]
    result = simulate(large.problem, draws=200_000, seed=3, correlations=large.correlations)
    # perfectly correlated normals: hours = 20 + 10 z, margin = 120 + 20 z, so
    # E[hours x margin] = 20 x 120 + 10 x 20 = 2600 and delta value = 2600 - 300
    assert result.mean == pytest.approx(2300, rel=0.01)
    assert result.price_varies


def test_customer_data_lists_research_customers_and_prospects():
    data = customer_data(parse_model(small_model()))
    assert data.names[-1] == "Prospect One"
    assert data.status[-1] == "prospective"
    # values by hand: L1 10 x 100 - 5 x 60; L2 20 x 120 - 5 x 50 (default rate); S1 4 x 80 - 2 x 50
    np.testing.assert_allclose(data.values[:4], [700, 2150, 3950, 220])
    assert np.isnan(data.values[-1])
    np.testing.assert_allclose(data.delta_prices, [120, 180, 240, 50, 50, 300])
    assert data.characteristics["Region"] == ["North", "South", "North", "South", "North", "North"]
    assert data.select(data.research) == ("Mill L1", "Mill L2", "Mill L3", "Mill S1", "Mill S2")
    element = customer_data(parse_model(small_model()), element="Installation")
    np.testing.assert_allclose(element.values[:2], [-300, -250])


def test_unknown_names_and_missing_data_are_reported_clearly():
    model = parse_model(small_model())
    with pytest.raises(SensitivityError, match="unknown subsegment 'Medium'; the model has Large, Small"):
        subsegment_problems(model, subsegments=["Medium"])
    with pytest.raises(
        SensitivityError, match="unknown element 'Energy'; quantified elements: Downtime, Installation"
    ):
        customer_data(model, element="Energy")
    with pytest.raises(SensitivityError, match="unknown characteristic 'Speed'"):
        customer_data(model, characteristics=["Speed"])
    data = small_model()
    del data["drivers"][3]["default"]
    for customer in data["customers"][3:5]:
        customer["observations"]["Rate"] = {"value": 55, "source": "measured"}
    del data["customers"][0]["observations"]["Rate"]
    del data["customers"][1]["observations"]["Install hours"]
    with pytest.raises(
        SensitivityError, match="driver 'Rate' has no observation in subsegment 'Large' and no default"
    ):
        subsegment_problems(parse_model(data))


@pytest.mark.skipif(not EXAMPLE.exists(), reason="the demo model ships with the value model engine")
def test_demo_model_drivers_match_the_observations_in_the_file():
    raw = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    problems = by_name(subsegment_problems(load_model(EXAMPLE)))
    for sub, item in problems.items():
        customers = [c for c in raw["customers"] if c.get("subsegment") == sub and c.get("observations")]
        name = "Unplanned downtime hours per year, alternative"
        observed = [c["observations"][name]["value"] for c in customers if name in c["observations"]]
        assert item.problem.driver(name).distribution.mean == pytest.approx(statistics.mean(observed))
        assert item.problem.driver(name).distribution.sd == pytest.approx(statistics.stdev(observed))
