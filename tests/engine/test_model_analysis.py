"""The analysis of a small model whose every number is worked out by hand in this file."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from scipy import stats as scipy_stats

from worth.engine.model import read_model_text
from worth.engine.model.analysis import analyse_model
from worth.engine.model.evaluation import evaluate_model
from worth.engine.model.summary import value_summary

SMALL = """
name: Small test model
currency: USD
offering: {name: Offering, price: {amount: 1000, per: Units}}
segment: {name: Segment}
subsegments:
  - name: Big
    characteristics: Size 100 or more
    rule: "[Size] >= 100"
    alternative: {kind: competitor, name: Rival, price: {amount: 400, per: Units}}
  - name: Small
    characteristics: Size below 100
    rule: "[Size] < 100"
    alternative: {kind: do-nothing, name: Nothing, price: {amount: 500}}
characteristics:
  - {name: Size}
  - {name: Units}
drivers:
  - {name: Hours before, unit: h/yr}
  - {name: Hours after, unit: h/yr}
  - name: Rate
    unit: USD/h
    default: {value: 50, source: outside-study, assumption: A rate of 50 USD/h, fallback: true}
  - {name: Salary, unit: USD/yr}
  - {name: Overhead, unit: "%"}
  - {name: Work hours, unit: h/yr}
  - {name: Setup hours, unit: h}
constants:
  - {name: Term, value: 2, unit: yr, source: supplier-assumption}
quantities:
  - {equation: "Cost per hour = [Salary] x (1 + [Overhead]) / [Work hours]", unit: USD/h}
elements:
  - name: Time
    category: economic
    classification: {Big: {as: point-of-difference}, Small: {as: point-of-difference}}
    equation: Time savings = ([Hours before] - [Hours after]) x [Rate]
    assumptions: [Hours saved are worth the rate]
  - name: Labour
    category: service
    classification: {Big: {as: point-of-difference}, Small: {as: point-of-contention, status: contested}}
    equation: Labour savings = ([Hours before] - [Hours after]) x [Cost per hour]
  - name: Setup
    category: service
    direction: unfavourable
    classification: {Big: {as: point-of-difference}, Small: {as: point-of-difference}}
    equation: Setup cost = [Setup hours] x [Cost per hour] / [Term]
  - name: Delivery
    category: service
    classification: {Big: {as: point-of-parity}, Small: {as: point-of-parity}}
placeholders:
  - {name: Safety, category: social, worth: Valued highly}
customers:
  - id: A1
    name: Alpha
    characteristics: {Size: 150, Units: 2}
    observations:
      Hours before: {value: 100, source: measured}
      Hours after: {value: 40, source: supplier-assumption}
      Rate: {value: 30, source: measured}
      Salary: {value: 60000, source: customer-estimate}
      Overhead: {value: 0.5, source: customer-estimate}
      Work hours: {value: 1500, source: measured}
      Setup hours: {value: 20, source: supplier-assumption}
  - id: A2
    name: Beta
    characteristics: {Size: 120, Units: 1}
    observations:
      Hours before: {value: 80, source: measured}
      Hours after: {value: 30, source: supplier-assumption}
      Rate: {value: 40, source: customer-estimate}
      Salary: {value: 45000, source: measured}
      Overhead: {value: 0.2, source: customer-estimate}
      Work hours: {value: 1800, source: measured}
      Setup hours: {value: 10, source: supplier-assumption}
  - id: A3
    name: Gamma
    characteristics: {Size: 200, Units: 3}
    observations:
      Hours before: {value: 120, source: measured}
      Hours after: {value: 60, source: supplier-assumption}
      Salary: {value: 72000, source: measured}
      Overhead: {value: 0.25, source: measured}
      Work hours: {value: 1600, source: measured}
      Setup hours: {value: 30, source: supplier-assumption}
  - id: B1
    name: Delta
    characteristics: {Size: 50, Units: 1}
    observations:
      Hours before: {value: 40, source: customer-estimate}
      Hours after: {value: 20, source: supplier-assumption}
      Rate: {value: 25, source: customer-estimate}
      Salary: {value: 40000, source: customer-estimate}
      Overhead: {value: 0.25, source: customer-estimate}
      Work hours: {value: 1600, source: customer-estimate}
      Setup hours: {value: 8, source: supplier-assumption}
  - id: B2
    name: Epsilon
    characteristics: {Size: 80, Units: 1}
    observations:
      Hours before: {value: 60, source: measured}
      Hours after: {value: 25, source: supplier-assumption}
      Rate: {value: 20, source: measured}
      Salary: {value: 48000, source: measured}
      Overhead: {value: 0.5, source: outside-study}
      Work hours: {value: 1800, source: measured}
      Setup hours: {value: 12, source: supplier-assumption}
  - id: B3
    name: Zeta
    characteristics: {Size: 30, Units: 1}
    observations:
      Hours before: {value: 50, source: customer-estimate}
      Rate: {value: 30, source: customer-estimate}
      Salary: {value: 42000, source: customer-estimate}
      Overhead: {value: 0.4, source: customer-estimate}
      Work hours: {value: 1400, source: customer-estimate}
      Setup hours: {value: 6, source: supplier-assumption}
  - id: P1
    name: Prospect
    status: prospective
    characteristics: {Size: 90, Units: 1}
"""

# Worked by hand. Cost per hour = Salary x (1 + Overhead) / Work hours:
#   A1 60000*1.5/1500 = 60, A2 45000*1.2/1800 = 30, A3 72000*1.25/1600 = 56.25,
#   B1 40000*1.25/1600 = 31.25, B2 48000*1.5/1800 = 40, B3 42000*1.4/1400 = 42.
# Time = (before - after) x Rate (A3 uses the fallback rate 50; B3 has no "Hours after"):
TIME = {"A1": 60 * 30, "A2": 50 * 40, "A3": 60 * 50, "B1": 20 * 25, "B2": 35 * 20}
LABOUR = {"A1": 60 * 60, "A2": 50 * 30, "A3": 60 * 56.25, "B1": 20 * 31.25, "B2": 35 * 40}
# Setup (unfavourable, negative) = hours x cost per hour / 2 years:
SETUP = {"A1": -600, "A2": -150, "A3": -843.75, "B1": -125, "B2": -240, "B3": -126}
TOTAL = {"A1": 4800, "A2": 3350, "A3": 5531.25, "B1": 1000, "B2": 1860}


@pytest.fixture(scope="module")
def model():
    return read_model_text(SMALL).model


@pytest.fixture(scope="module")
def analysis(model):
    return analyse_model(model)


def by_id(evaluation, element):
    values = evaluation.elements[element].values
    return {c.id: float(values[i]) for i, c in enumerate(evaluation.customers)}


def test_it_values_every_element_for_every_customer_of_the_sample(model):
    evaluation = evaluate_model(model)
    assert [c.id for c in evaluation.customers] == ["A1", "A2", "A3", "B1", "B2", "B3"]
    assert [c.id for c in evaluation.prospects] == ["P1"]
    assert evaluation.subsegments == ("Big", "Big", "Big", "Small", "Small", "Small")
    time, labour, setup = by_id(evaluation, "Time"), by_id(evaluation, "Labour"), by_id(evaluation, "Setup")
    for cid, value in TIME.items():
        assert time[cid] == pytest.approx(value, rel=1e-12)
        assert labour[cid] == pytest.approx(LABOUR[cid], rel=1e-12)
    for cid, value in SETUP.items():
        assert setup[cid] == pytest.approx(value, rel=1e-12)


def test_it_never_fills_a_missing_input_silently(model):
    evaluation = evaluate_model(model)
    row = 5  # B3 has no "Hours after" and no fallback for it
    assert math.isnan(evaluation.elements["Time"].values[row])
    assert math.isnan(evaluation.elements["Labour"].values[row])
    assert evaluation.elements["Time"].missing == {row: ("Hours after",)}
    assert math.isnan(evaluation.totals[row])
    assert evaluation.partial_totals[row] == pytest.approx(-126)
    listed = [(c.id, element, missing) for c, element, missing in evaluation.not_computable()]
    assert listed == [("B3", "Time", ("Hours after",)), ("B3", "Labour", ("Hours after",))]


def test_it_flags_a_declared_fallback_where_it_was_used(model):
    evaluation = evaluate_model(model)
    assert evaluation.elements["Time"].fallbacks == {2: ("Rate",)}
    assert evaluation.elements["Labour"].fallbacks == {}
    assert evaluation.inputs.fallback["Rate"].tolist() == [False, False, True, False, False, False]


def test_it_reports_an_equation_that_gives_no_number_as_not_computable(model):
    customer = model.customers[0].model_copy(
        update={
            "observations": {
                **model.customers[0].observations,
                "Work hours": model.customers[0].observations["Work hours"].model_copy(update={"value": 0.0}),
            }
        }
    )
    evaluation = evaluate_model(model, customers=[customer])
    assert evaluation.elements["Labour"].invalid.tolist() == [True]
    assert math.isnan(evaluation.elements["Labour"].values[0])
    assert evaluation.elements["Time"].values[0] == 1800


def test_it_totals_each_customer_over_all_elements(model):
    evaluation = evaluate_model(model)
    totals = {c.id: float(evaluation.totals[i]) for i, c in enumerate(evaluation.customers)}
    for cid, value in TOTAL.items():
        assert totals[cid] == pytest.approx(value, rel=1e-12)
        assert TIME[cid] + LABOUR[cid] + SETUP[cid] == pytest.approx(value)


def test_it_describes_each_element_per_subsegment(analysis):
    big = [TIME["A1"], TIME["A2"], TIME["A3"]]
    stats = analysis.elements["Time"].by_subsegment
    assert stats["Big"].n == 3
    assert stats["Small"].n == 2
    assert stats["Big"].mean == pytest.approx(statistics.mean(big))
    assert stats["Big"].std == pytest.approx(statistics.stdev(big))
    assert stats["Big"].variance == pytest.approx(statistics.variance(big))
    assert (stats["Big"].minimum, stats["Big"].maximum) == (1800, 3000)
    low, high = scipy_stats.t.interval(
        0.95, 2, loc=statistics.mean(big), scale=statistics.stdev(big) / math.sqrt(3)
    )
    assert (stats["Big"].ci_low, stats["Big"].ci_high) == (pytest.approx(low), pytest.approx(high))
    assert stats["Small"].mean == pytest.approx(600)


def test_it_compares_the_subsegments_with_welch(analysis):
    big = [TIME["A1"], TIME["A2"], TIME["A3"]]
    small = [TIME["B1"], TIME["B2"]]
    test = analysis.elements["Time"].comparison
    direct = scipy_stats.ttest_ind(big, small, equal_var=False)
    assert test.difference == pytest.approx(statistics.mean(big) - 600)
    assert test.t == pytest.approx(direct.statistic)
    assert test.p_value == pytest.approx(direct.pvalue)
    assert test.df == pytest.approx(direct.df)


def test_it_describes_totals_over_customers_with_every_element(analysis):
    assert analysis.totals["Big"].mean == pytest.approx((4800 + 3350 + 5531.25) / 3)
    assert analysis.totals["Small"].n == 2
    assert analysis.totals["Small"].mean == pytest.approx((1000 + 1860) / 2)


def test_it_weighs_delta_value_against_delta_price(analysis):
    prices = {p.customer.id: p for p in analysis.prices}
    # offering 1000 per unit; alternative 400 per unit (Big) or 500 flat (Small)
    a1 = prices["A1"]
    assert (a1.offering_price, a1.alternative_price, a1.delta_price) == (2000, 800, 1200)
    assert a1.margin == pytest.approx(4800 - 1200)
    assert a1.exceeds is True
    assert a1.max_premium == pytest.approx(4800)
    assert a1.price_ceiling == pytest.approx(800 + 4800)
    assert a1.captured == pytest.approx(1200 / 4800)
    assert prices["A3"].delta_price == 3000 - 1200
    assert prices["B1"].delta_price == 1000 - 500
    assert prices["B3"].exceeds is None
    assert math.isnan(prices["B3"].margin)
    small = analysis.price_summary["Small"]
    assert (small.n, small.not_computable, small.exceeding) == (2, 1, 2)
    assert small.mean_margin == pytest.approx(((1000 - 500) + (1860 - 500)) / 2)


def test_it_finds_a_customer_whose_value_does_not_cover_the_premium(model):
    cheap = model.model_copy(
        update={
            "offering": model.offering.model_copy(
                update={"price": model.offering.price.model_copy(update={"amount": 2500})}
            )
        }
    )
    analysis = analyse_model(cheap)
    prices = {p.customer.id: p for p in analysis.prices}
    # B2: value 1860, premium 2500 - 500 = 2000
    assert prices["B2"].exceeds is False
    assert prices["B2"].margin == pytest.approx(1860 - 2000)


def test_it_counts_what_each_elements_inputs_rest_on(analysis):
    time = analysis.heaviness.by_element["Time"]
    # rows computed: A1 (M,S,M) A2 (M,S,E) A3 (M,S,fallback O) B1 (E,S,E) B2 (M,S,M)
    assert time.counts == {
        "measured": 6,
        "customer-estimate": 3,
        "outside-study": 1,
        "supplier-assumption": 5,
    }
    assert time.fallbacks == 1
    assert time.shares["measured"] == pytest.approx(6 / 15)
    setup = analysis.heaviness.by_element["Setup"]
    # (Salary, Overhead, Work hours, Setup hours) per row, plus the constant Term (a supplier assumption):
    # A1 E E M S, A2 M E M S, A3 M M M S, B1 E E E S, B2 M O M S, B3 E E E S
    # measured 1+2+3+0+2+0 = 8, estimates 2+1+0+3+0+3 = 9, outside 1, supplier 6 + 6 terms = 12
    assert setup.counts == {
        "measured": 8,
        "customer-estimate": 9,
        "outside-study": 1,
        "supplier-assumption": 12,
    }
    overall = analysis.heaviness.overall
    assert overall.total == time.total + setup.total + analysis.heaviness.by_element["Labour"].total


def test_it_reports_progress_to_the_end(model):
    seen = []
    analyse_model(model, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == list(range(1, len(seen) + 1))


def test_the_value_summary_lists_parity_and_placeholders_apart(analysis):
    summary = value_summary(analysis)
    big, small = summary.subsegments
    assert [i.element.name for i in big.differences] == ["Time", "Labour", "Setup"]
    assert [i.element.name for i in big.parity] == ["Delivery"]
    assert big.parity[0].stats is None
    assert big.parity[0].equation is None
    assert [p.name for p in summary.placeholders] == ["Safety"]
    assert small.differences[1].classification.as_ == "point-of-contention"
    assert [(d.name, used) for d, used in summary.fallbacks] == [("Rate", 1)]


def test_the_value_summary_shows_each_equation_twice_for_a_typical_customer(analysis):
    big = value_summary(analysis).subsegments[0]
    # totals 4800, 3350, 5531.25: the median is Alpha's
    assert big.example == "Alpha"
    time = big.differences[0].equation
    assert time.words_text == "Time savings = ([Hours before] - [Hours after]) × [Rate]"
    assert time.values_text == "(100 h/yr - 40 h/yr) × $30/h = $1,800/yr"
    setup = big.differences[2].equation
    assert setup.values_text == "20 h × $60/h ÷ 2 yr = $600/yr"
    assert big.differences[2].stats.mean == pytest.approx((-600 - 150 - 843.75) / 3)


def test_the_value_summary_can_use_the_subsegment_means(analysis):
    small = value_summary(analysis, example="subsegment-means").subsegments[1]
    assert small.example == "subsegment means"
    # means over B1, B2, B3 where known: before (40+60+50)/3 = 50, after (20+25)/2 = 22.5, rate 25
    assert small.differences[0].equation.values_text == "(50 h/yr - 22.5 h/yr) × $25/h = $687.50/yr"


def test_the_analysis_is_vectorised_over_many_customers(model):
    many = [model.customers[i % 5].model_copy(update={"id": f"C{i}"}) for i in range(2000)]
    evaluation = evaluate_model(model, customers=many)
    expected = np.tile([TOTAL[k] for k in ("A1", "A2", "A3", "B1", "B2")], 400)
    np.testing.assert_allclose(evaluation.totals, expected, rtol=1e-12)


def test_the_compiled_model_evaluates_arrays_and_overridden_constants(model):
    from worth.engine.equations import EquationError
    from worth.engine.model.compiled import compile_model

    compiled = compile_model(model)
    inputs = {
        "Hours before": np.array([100.0, 80.0]),
        "Hours after": np.array([40.0, 30.0]),
        "Rate": 30.0,
        "Salary": 60000.0,
        "Overhead": 0.5,
        "Work hours": 1500.0,
        "Setup hours": 20.0,
    }
    values = compiled.evaluate(inputs)
    np.testing.assert_allclose(values["Time"], [60 * 30, 50 * 30])
    np.testing.assert_allclose(values["Setup"], [-600.0, -600.0])  # broadcast to the rows
    # a constant given as an input overrides it: Term 4 years instead of 2
    np.testing.assert_allclose(compiled.evaluate({**inputs, "Term": 4.0})["Setup"], [-300.0, -300.0])
    with pytest.raises(EquationError, match=r"missing input: \[Rate\]"):
        compiled.evaluate({k: v for k, v in inputs.items() if k != "Rate"})
    with pytest.raises(EquationError, match="do not fit together"):
        compiled.evaluate({**inputs, "Rate": np.array([1.0, 2.0, 3.0])})
