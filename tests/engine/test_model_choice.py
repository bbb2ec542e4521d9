"""The customer's choice in words: every figure in the sentence worked out by hand here."""

from __future__ import annotations

import math

import numpy as np

from worth.engine.model import read_model_text
from worth.engine.model.analysis import analyse_model
from worth.engine.model.choice import customer_choice
from worth.engine.model.summary import value_summary


def choose(**given: float | None):
    base = {
        "who": "Hartmann Papier",
        "offering": "Sealed bearings",
        "alternative": "Standard bearings",
        "currency": "USD",
        "period": "year",
    }
    return customer_choice(**base, **given)  # type: ignore[arg-type]


def test_ours_wins_and_the_ratios_point_the_other_way():
    # The textbook case: ours is worth 1,000 at a price of 800 (ratio 1.25, keeps 200); the alternative is
    # worth 500 at 350 (ratio 1.43, keeps 150). Delta value 500 > delta price 450: choose ours by 50.
    c = choose(delta_value=500, offering_price=800, alternative_price=350, alternative_value=500)
    assert c.verdict == "ours"
    assert c.margin == 50
    assert c.sentence == (
        "Hartmann Papier should choose Sealed bearings: its value over Standard bearings is $500 per year "
        "against a price premium of $450, so the customer is $50 per year better off with Sealed bearings "
        "(value minus price: $200 with Sealed bearings, $150 with Standard bearings)."
    )
    assert c.ratios == (1000 / 800, 500 / 350)
    assert c.ratio_note is not None
    opening = "The value-to-price ratios point the other way (Sealed bearings returns 1.25"
    assert c.ratio_note.startswith(opening)
    assert "Standard bearings 1.43" in c.ratio_note
    assert "the inequality decides" in c.ratio_note


def test_the_alternative_wins_when_the_premium_exceeds_the_value():
    # Value 20,000 against a premium of 40,000 - 10,000 = 30,000: worse off by 10,000; the value supports a
    # price of at most 10,000 + 20,000 = 30,000.
    c = choose(delta_value=20_000, offering_price=40_000, alternative_price=10_000)
    assert c.verdict == "alternative"
    assert c.margin == -10_000
    assert c.sentence == (
        "Hartmann Papier should keep Standard bearings: the value Sealed bearings adds ($20,000 per year) is "
        "less than its price premium of $30,000, so the customer would be $10,000 per year worse off with "
        "Sealed bearings. At a price of $30,000 or less Sealed bearings would be the better choice."
    )
    assert c.ratio_note is None  # the alternative's whole value is not known


def test_a_cheaper_offering_with_less_value_and_one_with_more_value_at_a_lower_price():
    worse = choose(delta_value=-500, offering_price=900, alternative_price=1_000)
    # Keeps -500 - (-100) = -400 compared with the alternative.
    assert worse.verdict == "alternative"
    assert "Sealed bearings costs $100 less but delivers $500 less value per year" in worse.sentence
    assert "$400 per year worse off" in worse.sentence
    better = choose(delta_value=300, offering_price=900, alternative_price=1_000)
    assert better.verdict == "ours"
    assert "against a price $100 below that of Standard bearings" in better.sentence
    assert "$400 per year better off" in better.sentence


def test_indifference_and_figures_that_cannot_be_computed():
    even = choose(delta_value=250, offering_price=1_250, alternative_price=1_000)
    assert even.verdict == "indifferent"
    assert even.sentence.startswith("Hartmann Papier gains nothing either way")
    unknown = choose(delta_value=math.nan, offering_price=1_250, alternative_price=1_000)
    assert unknown.verdict == "unknown"
    assert "its value over the alternative is not computable" in unknown.sentence
    no_price = choose(delta_value=100, offering_price=math.nan, alternative_price=1_000)
    assert no_price.verdict == "unknown"
    assert "a price is not computable" in no_price.sentence


def test_ratios_that_agree_are_said_to_agree():
    # Ours: (200 + 300) / 250 = 2.0; alternative 200 / 200 = 1.0; keeps 250 against 0.
    c = choose(delta_value=300, offering_price=250, alternative_price=200, alternative_value=200)
    assert c.ratio_note == (
        "The value-to-price ratios agree "
        "(Sealed bearings returns 2.00 per unit of price, Standard bearings 1.00)."
    )


def test_every_amount_shows_its_currency():
    c = customer_choice(
        who="Mill",
        offering="A",
        alternative="B",
        delta_value=1_000,
        offering_price=600,
        alternative_price=100,
        currency="CHF",
        period="month",
    )
    assert "1,000 CHF per month against a price premium of 500 CHF" in c.sentence


MODEL = """
name: Choice
currency: EUR
offering: {name: Ours, price: {amount: 100, per: Units}}
segment: {name: Mills}
subsegments:
  - name: Big
    characteristics: Units 3 or more
    rule: "[Units] >= 3"
    alternative: {kind: competitor, name: Rival, price: {amount: 40, per: Units}}
  - name: Small
    characteristics: Units below 3
    rule: "[Units] < 3"
    alternative: {kind: do-nothing, name: Nothing, price: {amount: 0}}
characteristics:
  - {name: Units}
drivers:
  - {name: Hours, unit: h/yr}
constants:
  - {name: Rate, value: 50, unit: EUR/h, source: outside-study}
elements:
  - name: Time
    category: economic
    classification: {Big: {as: point-of-difference}, Small: {as: point-of-difference}}
    equation: Time savings = [Hours] x [Rate]
customers:
  - {id: b1, name: B1, characteristics: {Units: 3}, observations: {Hours: {value: 10, source: measured}}}
  - {id: b2, name: B2, characteristics: {Units: 5}, observations: {Hours: {value: 12, source: measured}}}
  - {id: s1, name: S1, characteristics: {Units: 1}, observations: {Hours: {value: 1, source: measured}}}
  - {id: s2, name: S2, characteristics: {Units: 2}, observations: {Hours: {value: 3, source: measured}}}
"""


def test_the_summary_says_the_choice_of_each_subsegments_average_customer():
    summary = value_summary(analyse_model(read_model_text(MODEL).model))
    big, small = summary.subsegments
    # Big: values 10 x 50 = 500 and 12 x 50 = 600, mean 550; prices 300 and 500 against 120 and 200:
    # premiums 180 and 300, mean 240; better off by 310.
    assert np.isclose(big.choice.delta_value, 550)
    assert np.isclose(big.choice.delta_price, 240)
    assert big.choice.sentence == (
        "The average customer of Big (2 customers) should choose Ours: its value over Rival is €550 per year "
        "against a price premium of €240, so the customer is €310 per year better off with Ours."
    )
    # Small: values 50 and 150, mean 100; prices 100 and 200 against nothing: premium 150; worse off by 50,
    # and the value supports a price of at most 0 + 100.
    assert small.choice.verdict == "alternative"
    assert "would be €50 per year worse off with Ours" in small.choice.sentence
    assert "At a price of €100 or less Ours would be the better choice." in small.choice.sentence
