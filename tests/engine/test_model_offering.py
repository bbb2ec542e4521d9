"""Naked solutions and options from a small model's research values, counted by hand."""

from __future__ import annotations

import pytest
from tests.engine.test_sensitivity_model_adapter import small_model

from worth.engine.model.analysis import analyse_model
from worth.engine.model.io import parse_model
from worth.engine.model.offering import OfferingError, offering_analysis

# Downtime savings = hours saved x margin per hour:
# Large: L1 10 x 100 = 1,000; L2 20 x 120 = 2,400; L3 30 x 140 = 4,200.
# Small: S1 4 x 80 = 320; S2 6 x 90 = 540.


@pytest.fixture(scope="module")
def analysis():  # type: ignore[no-untyped-def]
    data = small_model()
    parity = {"as": "point-of-parity"}
    data["elements"].append(
        {"name": "Delivery", "category": "service", "classification": {"Large": parity, "Small": parity}}
    )
    return analyse_model(parse_model(data))


def test_every_large_mill_values_it_above_its_cost_only_one_small_one_does(analysis) -> None:  # type: ignore[no-untyped-def]
    found = offering_analysis(analysis, {"Downtime": 500})
    large = found.place_of("Downtime", "Large")
    small = found.place_of("Downtime", "Small")
    assert large is not None
    assert small is not None
    assert (large.place, large.customers, large.above_cost) == ("naked solution", 3, 3)
    assert large.median_value == pytest.approx(2400)
    assert large.mean_value == pytest.approx((1000 + 2400 + 4200) / 3)
    # Small: only S2's 540 beats 500: 1 of 2, an option; half the median of 540 is below the cost, so 500
    assert (small.place, small.above_cost, small.share_above_cost) == ("option", 1, 0.5)
    assert small.option_price == pytest.approx(500)
    assert small.buyers_at_price == 1
    # The point of parity is in both naked solutions; the unfavourable element in neither.
    assert [s.naked for s in found.subsegments] == [("Downtime", "Delivery"), ("Delivery",)]
    assert [s.options for s in found.subsegments] == [(), ("Downtime",)]
    assert any(w.startswith("Downtime: naked solution for Large") and "vanilla" in w for w in found.warnings)


def test_a_dear_element_is_an_option_priced_from_its_value_or_pruned(analysis) -> None:  # type: ignore[no-untyped-def]
    found = offering_analysis(analysis, {"Downtime": 2000})
    large = found.place_of("Downtime", "Large")
    assert large is not None
    # 2,400 and 4,200 beat 2,000: 2 of 3 (67 % < 80 %); half their median (3,300) is 1,650 < 2,000
    assert (large.place, large.above_cost) == ("option", 2)
    assert large.option_price == pytest.approx(2000)
    assert large.buyers_at_price == 2
    small = found.place_of("Downtime", "Small")
    assert small is not None
    assert (small.place, small.above_cost) == ("prune or keep on the shelf", 0)
    # with 90 % of the value captured and everyone needed for the naked solution:
    strict = offering_analysis(analysis, {"Downtime": 1500}, naked_share=1.0, capture=0.9)
    again = strict.place_of("Downtime", "Large")
    assert again is not None
    assert again.option_price == pytest.approx(0.9 * 3300)  # 2,970: only L3's 4,200 reaches it
    assert again.buyers_at_price == 1


def test_without_costs_it_places_on_value_alone_and_says_so(analysis) -> None:  # type: ignore[no-untyped-def]
    found = offering_analysis(analysis)
    assert found.place_of("Downtime", "Small").place == "naked solution"  # type: ignore[union-attr]
    assert found.warnings == (
        "No cost to serve given for Downtime: placed on their value alone (a cost of 0).",
    )


@pytest.mark.parametrize(
    ("costs", "options", "message"),
    [
        ({"Nothing": 1}, {}, "cost to serve of 'Nothing': the model has no such element"),
        ({"Downtime": -1}, {}, "-1 is not an amount of 0 or more"),
        ({"Downtime": float("nan")}, {}, "nan is not an amount"),
        ({}, {"naked_share": 0}, "naked share: 0 must be a share"),
        ({}, {"capture": 1.5}, "capture: 1.5 must be a share"),
        ({}, {"naked_share": 0.3, "option_share": 0.5}, "option share 0.5 is more than the naked share 0.3"),
    ],
)
def test_bad_costs_and_shares_are_named(analysis, costs, options, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(OfferingError, match=message):
        offering_analysis(analysis, costs, **options)


def test_the_decision_follows_the_place_and_how_it_is_offered_today(analysis) -> None:  # type: ignore[no-untyped-def]
    from worth.engine.model.offering import suggested_decision

    found = offering_analysis(analysis, {"Downtime": 500})
    naked, option = found.place_of("Downtime", "Large"), found.place_of("Downtime", "Small")
    parity = found.place_of("Delivery", "Large")
    pruned = offering_analysis(analysis, {"Downtime": 5000}).place_of("Downtime", "Large")
    cases = {
        (naked, "standard"): "retain",
        (naked, "optional"): "augment",
        (option, "standard"): "recast",
        (option, "optional"): "keep-option",
        (option, "not-offered"): "introduce",
        (pruned, "standard"): "prune",
        (pruned, "not-offered"): "shelf",
        (parity, "standard"): "retain",
        (None, "standard"): "",
    }
    for (place, offered), decision in cases.items():
        assert suggested_decision(place, offered)[0] == decision, (place, offered)  # type: ignore[arg-type]
    assert "50% of the customers" in suggested_decision(option, "standard")[1]
