"""The value proposition of a subsegment: the candidates' ranks, the suggested focus and the named warnings.

Every value below is worked out by hand from the model in this file (rate 100 USD per hour).
"""

from __future__ import annotations

import statistics

import pytest

from worth.engine.model import read_model_text
from worth.engine.model.analysis import analyse_model
from worth.engine.model.proposition import (
    Pick,
    candidates,
    check_focus,
    focus_value,
    proposition_kinds,
    suggest_focus,
)

MODEL = """
name: Proposition test
currency: USD
offering: {name: Sealed bearings, price: {amount: 5000}}
segment: {name: Mills}
subsegments:
  - name: Big
    characteristics: Size 100 or more
    rule: "[Size] >= 100"
    alternative: {kind: competitor, name: Standard bearings, price: {amount: 4000}}
  - name: Small
    characteristics: Size below 100
    rule: "[Size] < 100"
    alternative: {kind: competitor, name: Standard bearings, price: {amount: 4000}}
characteristics:
  - {name: Size}
drivers:
  - {name: Downtime hours, unit: h/yr}
  - {name: Energy hours, unit: h/yr}
  - {name: Labour hours, unit: h/yr}
  - {name: Setup hours, unit: h/yr}
  - {name: Lube hours, unit: h/yr}
constants:
  - {name: Rate, value: 100, unit: USD/h, source: outside-study}
elements:
  - name: Downtime
    category: economic
    classification:
      Big: {as: point-of-difference, status: agreed-by-customer}
      Small: {as: point-of-difference}
    equation: Downtime savings = [Downtime hours] x [Rate]
  - name: Energy
    category: technical
    classification: {Big: {as: point-of-difference}, Small: {as: point-of-difference}}
    equation: Energy savings = [Energy hours] x [Rate]
  - name: Labour
    category: service
    classification: {Big: {as: point-of-difference, status: agreed-by-customer}, Small: {as: point-of-parity}}
    equation: Labour savings = [Labour hours] x [Rate]
  - name: Delivery
    category: service
    classification: {Big: {as: point-of-parity, status: agreed-by-customer}, Small: {as: point-of-parity}}
  - name: Setup
    category: service
    direction: unfavourable
    classification:
      Big: {as: point-of-difference, status: agreed-by-customer}
      Small: {as: point-of-difference}
    equation: Setup cost = [Setup hours] x [Rate]
  - name: Lubrication
    category: technical
    classification: {Big: {as: point-of-contention}, Small: {as: point-of-contention}}
    equation: Lubrication savings = [Lube hours] x [Rate]
customers:
"""
#: Hours per Big customer: Downtime (measured), Energy (customer estimate), Labour (supplier assumption),
#: Setup and Lube (measured).
BIG = [
    (10, 4, 6, 2, 1),
    (20, 2, 6, 2, 3),
    (30, 6, 6, 4, 2),
]


def _customers() -> str:
    lines = []
    sources = ("measured", "customer-estimate", "supplier-assumption", "measured", "measured")
    names = ("Downtime hours", "Energy hours", "Labour hours", "Setup hours", "Lube hours")
    rows = [*BIG, (5, 5, 5, 5, 5)]
    for i, row in enumerate(rows):
        size = 150 if i < len(BIG) else 50
        observed = ", ".join(
            f"{name}: {{value: {value}, source: {source}}}"
            for name, value, source in zip(names, row, sources, strict=True)
        )
        head = f"id: c{i}, name: C{i}, characteristics: {{Size: {size}}}"
        lines.append(f"  - {{{head}, observations: {{{observed}}}}}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def big():
    analysis = analyse_model(read_model_text(MODEL + _customers()).model)
    return {c.name: c for c in candidates(analysis, "Big")}


def test_candidates_carry_the_subsegments_values_and_what_they_rest_on(big):
    columns = list(zip(*BIG, strict=True))
    for name, column, sign in (("Downtime", 0, 1), ("Energy", 1, 1), ("Labour", 2, 1), ("Setup", 3, -1)):
        values = [sign * 100 * hours for hours in columns[column]]
        assert big[name].mean == pytest.approx(statistics.mean(values))
        assert big[name].stats.std == pytest.approx(statistics.stdev(values))
    assert big["Delivery"].stats is None
    # Each value rests on one driver and the constant (an outside study): half and half.
    assert big["Downtime"].support == "measured"
    assert big["Downtime"].measured == pytest.approx(0.5)
    assert big["Energy"].support == "customer estimates"
    assert big["Energy"].customer_data == pytest.approx(0.5)
    assert big["Labour"].customer_data == 0
    assert big["Labour"].sources == "outside studies and supplier assumptions"
    assert big["Delivery"].support == "not quantified"


def test_the_ranks_on_each_criterion(big):
    # Means: Downtime 2,000, Labour 600, Energy 400, Lubrication 200, Setup -266.67, Delivery none.
    assert {n: c.rank_value for n, c in big.items()} == {
        "Downtime": 1,
        "Labour": 2,
        "Energy": 3,
        "Lubrication": 4,
        "Setup": 5,
        "Delivery": 6,
    }
    # Relative spread (std / |mean|): Labour 0; Setup 115.5 / 266.7 = 0.433; Downtime 1,000 / 2,000, Energy
    # 200 / 400 and Lubrication 100 / 200 all 0.5 (tied); Delivery has none.
    assert {n: c.rank_spread for n, c in big.items()} == {
        "Labour": 1,
        "Setup": 2,
        "Downtime": 3,
        "Energy": 3,
        "Lubrication": 3,
        "Delivery": 6,
    }
    # Support: measured counts twice: Downtime, Setup, Lubrication 2 x 0.5 + 0.5 = 1.5; Energy 0.5; Labour 0.
    assert big["Downtime"].rank_support == big["Setup"].rank_support == big["Lubrication"].rank_support == 1
    assert (big["Energy"].rank_support, big["Labour"].rank_support, big["Delivery"].rank_support) == (4, 5, 6)
    # Agreement: agreed (Downtime, Labour, Delivery, Setup) before hypothesized (Energy, Lubrication).
    assert big["Downtime"].rank_agreement == 1
    assert big["Energy"].rank_agreement == big["Lubrication"].rank_agreement == 5


def test_the_suggested_focus_resonates(big):
    items = list(big.values())
    focus = suggest_focus(items)
    # Labour is agreed but rests on no customer data; Energy is not agreed: only Downtime leads. Delivery
    # is an agreed point of parity; Setup, unfavourable, is addressed.
    assert focus == [Pick("Downtime", "difference"), Pick("Delivery", "parity"), Pick("Setup", "addressed")]
    assert check_focus(items, focus, alternative="Standard bearings") == []
    # Parity adds nothing over the alternative: 2,000 - 266.67.
    assert focus_value(items, focus) == pytest.approx(2000 - 800 / 3)


def test_every_named_warning(big):
    items = list(big.values())
    picks = [
        Pick("Downtime", "difference"),
        Pick("Energy", "difference"),
        Pick("Labour", "difference"),
        Pick("Delivery", "difference"),
        Pick("Lubrication", "difference"),
        Pick("Gone", "difference"),
    ]
    found = [(w.kind, w.element) for w in check_focus(items, picks, alternative="Standard bearings")]
    assert found == [
        ("benefit assertion", None),
        ("value presumption", "Energy"),
        ("value presumption", "Labour"),
        ("benefit assertion", "Delivery"),
        ("contested element stated as agreed", "Lubrication"),
        ("unknown element", "Gone"),
        ("unfavourable element left unmentioned", "Setup"),
    ]
    messages = {w.element: w.message for w in check_focus(items, picks, alternative="Standard bearings")}
    assert "6 points of difference and 0 of parity" in messages[None]
    assert "point of parity with Standard bearings" in messages["Delivery"]
    assert "only outside studies and supplier assumptions" in messages["Labour"]
    assert "point of contention" in messages["Lubrication"]


def test_an_empty_focus_and_a_contested_status():
    energy = "Energy\n    category: technical\n    classification: {Big: {as: point-of-difference"
    text = (MODEL + _customers()).replace(energy, energy + ", status: contested")
    items = candidates(analyse_model(read_model_text(text).model), "Big")
    kinds = [w.kind for w in check_focus(items, [], alternative="Standard bearings")]
    assert kinds == ["no focus", "unfavourable element left unmentioned"]
    contested = check_focus(items, [Pick("Energy", "difference")], alternative="X")
    assert contested[0].kind == "contested element stated as agreed"
    assert "a customer contested it" in contested[0].message


def test_the_three_kinds_side_by_side(big):
    items = list(big.values())
    kinds = proposition_kinds(items)
    assert [c.name for c in kinds.all_benefits] == ["Downtime", "Energy", "Labour", "Delivery", "Lubrication"]
    assert [c.name for c in kinds.favourable_differences] == ["Downtime", "Labour", "Energy"]
    assert kinds.resonating_focus == suggest_focus(items)
    mine = [Pick("Labour", "difference")]
    assert proposition_kinds(items, mine).resonating_focus == mine


def test_an_unknown_subsegment_is_refused_with_the_known_ones():
    analysis = analyse_model(read_model_text(MODEL + _customers()).model)
    with pytest.raises(KeyError, match="Big"):
        candidates(analysis, "Huge")
