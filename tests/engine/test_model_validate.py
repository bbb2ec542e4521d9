"""Checks across a model's parts, and the subsegment rules."""

from __future__ import annotations

import copy

import pytest
import yaml

from worth.engine.model import ModelError, parse_model
from worth.engine.model.errors import format_path
from worth.engine.model.rules import RuleError, parse_rule

BASE = yaml.safe_load(
    """
name: Check model
currency: USD
offering: {name: Offering, price: {amount: 100, per: Machines}}
segment: {name: Segment}
subsegments:
  - name: Big
    characteristics: big
    rule: "[Size] >= 100"
    alternative: {kind: competitor, name: Rival, price: {amount: 50}}
  - name: Small
    characteristics: small
    rule: "[Size] < 100"
    alternative: {kind: competitor, name: Rival, price: {amount: 40}}
characteristics:
  - {name: Size}
  - {name: Machines}
  - {name: Region, kind: categorical, categories: [North, South]}
drivers:
  - {name: Hours before, unit: h/yr}
  - {name: Hours after, unit: h/yr}
  - {name: Rate, unit: USD/h}
quantities:
  - {equation: "Saved hours = [Hours before] - [Hours after]", unit: h/yr}
elements:
  - name: Time
    category: economic
    classification: {Big: {as: point-of-difference}, Small: {as: point-of-difference}}
    equation: Time savings = [Saved hours] x [Rate]
  - name: Delivery
    category: service
    classification: {Big: {as: point-of-parity}, Small: {as: point-of-parity}}
customers:
  - id: C1
    name: One
    subsegment: Big
    characteristics: {Size: 150, Machines: 2, Region: North}
    observations:
      Hours before: {value: 10, source: measured}
"""
)


def problems(change) -> dict[str, str]:
    data = copy.deepcopy(BASE)
    change(data)
    with pytest.raises(ModelError) as caught:
        parse_model(data)
    return {format_path(i.path): i.message for i in caught.value.issues}


def test_the_base_model_is_valid():
    assert parse_model(copy.deepcopy(BASE)).elements[0].name == "Time"


def test_it_wants_every_subsegment_classified_by_its_name():
    def change(d):
        d["elements"][0]["classification"] = {"Bigg": {"as": "point-of-difference"}}

    found = problems(change)
    assert "did you mean 'Big'" in found["elements[0].classification.Bigg"]
    assert "no classification for 'Big', 'Small'" in found["elements[0].classification"]


def test_a_point_of_difference_needs_an_equation_but_parity_does_not():
    found = problems(lambda d: d["elements"][0].pop("equation"))
    assert "point of difference needs a value word equation" in found["elements[0]"]
    assert "elements[1]" not in found


def test_it_checks_customer_subsegments_against_the_rules():
    def change(d):
        d["customers"][0]["subsegment"] = "Small"

    assert "do not meet its rule '[Size] < 100'" in problems(change)["customers[0].subsegment"]


def test_a_customer_without_subsegment_gets_it_from_the_rules():
    data = copy.deepcopy(BASE)
    data["customers"][0].pop("subsegment")
    from worth.engine.model.validate import customer_subsegment

    model = parse_model(data)
    assert customer_subsegment(model, model.customers[0]) == "Big"


def test_it_names_unknown_subsegments_drivers_and_characteristics():
    def change(d):
        c = d["customers"][0]
        c["subsegment"] = "Smal"
        c["observations"]["Hours befor"] = {"value": 1, "source": "measured"}
        c["characteristics"]["Sise"] = 3

    found = problems(change)
    assert "did you mean 'Small'" in found["customers[0].subsegment"]
    assert "did you mean 'Hours before'" in found["customers[0].observations.Hours befor"]
    assert "did you mean 'Size'" in found["customers[0].characteristics.Sise"]


def test_it_checks_characteristic_kinds_and_categories():
    def change(d):
        d["customers"][0]["characteristics"].update({"Size": "large", "Region": "East"})

    found = problems(change)
    assert "numeric; got the text 'large'" in found["customers[0].characteristics.Size"]
    assert "'East' is not one of" in found["customers[0].characteristics.Region"]


def test_a_price_per_a_characteristic_needs_it_numeric_and_present():
    def change(d):
        d["offering"]["price"]["per"] = "Region"
        d["subsegments"][0]["alternative"]["price"]["per"] = "Machnes"

    found = problems(change)
    assert "categorical" in found["offering.price.per"]
    assert "did you mean 'Machines'" in found["subsegments[0].alternative.price.per"]
    found = problems(lambda d: d["customers"][0]["characteristics"].pop("Machines"))
    assert "missing 'Machines'" in found["customers[0].characteristics"]


def test_names_must_be_unique_where_equations_or_tables_read_them():
    def change(d):
        d["drivers"].append({"name": "rate", "unit": "USD/h"})
        d["elements"].append(copy.deepcopy(d["elements"][1]))
        d["customers"].append(copy.deepcopy(d["customers"][0]))

    found = problems(change)
    assert "'rate' is already the name of drivers[2]" in found["drivers[3].name"]
    assert "elements[2].name" in found
    assert "customers[1].id" in found


def test_a_quantity_unit_must_match_its_equation():
    found = problems(lambda d: d["quantities"][0].update(unit="USD/yr"))
    assert "the equation gives h/yr" in found["quantities[0].unit"]


def test_a_quantity_whose_equation_is_off_is_reported_on_itself_and_first():
    # A driver in hours where hours per year are meant: the quantity's equation gives h, not h/yr.
    def change(data):
        data["drivers"][0]["unit"] = "h"
        data["drivers"][1]["unit"] = "h"

    data = copy.deepcopy(BASE)
    change(data)
    with pytest.raises(ModelError) as caught:
        parse_model(data)
    issues = [(format_path(i.path), i.message) for i in caught.value.issues]
    assert issues == [("quantities[0].unit", "the equation gives h, but the unit says 'h/yr'")]


def test_equation_problems_come_with_their_offset():
    data = copy.deepcopy(BASE)
    data["elements"][0]["equation"] = "Time savings = [Saved hours] x [Rat]"
    with pytest.raises(ModelError) as caught:
        parse_model(data)
    (issue,) = caught.value.issues
    assert issue.offset == data["elements"][0]["equation"].index("[Rat]")
    assert "[Rate]" in issue.message


def test_syntax_errors_are_reported_even_when_the_structure_is_wrong():
    data = copy.deepcopy(BASE)
    data["currency"] = "dollars"
    data["elements"][0]["equation"] = "Time savings = [Saved hours] x x [Rate]"
    with pytest.raises(ModelError) as caught:
        parse_model(data)
    paths = {format_path(i.path) for i in caught.value.issues}
    assert paths == {"currency", "elements[0].equation"}


def test_a_driver_unit_that_cannot_be_read_is_placed_at_the_unit():
    found = problems(lambda d: d["drivers"][2].update(unit="USD/kwh"))
    assert "kWh" in found["drivers[2].unit"]


def test_rules_parse_numbers_texts_and_and():
    rule = parse_rule('[Size] >= 1,000 and [Region] = "North"')
    assert rule.names == ("Size", "Region")
    assert rule.matches({"Size": 1000.0, "Region": "North"}) is True
    assert rule.matches({"Size": 999.0, "Region": "North"}) is False
    assert rule.matches({"Size": 5000.0}) is None
    assert parse_rule("[Size] ≤ 5").matches({"Size": 5.0}) is True


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("Size >= 4", 0, "expected a [characteristic]"),
        ("[Size] 4", 7, "expected a comparison"),
        ("[Size] >= ", 10, "expected a number or a quoted text"),
        ("[Size] >= 4 or [Size] < 2", 12, "expected 'and'"),
        ("[Size] >= 4 and", 15, "expected a [characteristic]"),
        ("[Size] >= 4 ; x", 12, "unexpected ';'"),
    ],
)
def test_rule_errors_name_the_place(text, position, words):
    with pytest.raises(RuleError) as caught:
        parse_rule(text)
    assert caught.value.position == position
    assert words in caught.value.message


def test_a_rule_comparing_a_number_with_text_is_reported():
    found = problems(lambda d: d["subsegments"][0].update(rule='[Size] = "big"'))
    assert "compare it with a number" in found["subsegments[0].rule"]


def test_unknown_names_are_reported_even_when_another_part_is_broken():
    data = copy.deepcopy(BASE)
    data["elements"][1]["category"] = "services"
    data["elements"][0]["equation"] = "Time savings = [Saved hours] x [Rat]"
    with pytest.raises(ModelError) as caught:
        parse_model(data)
    found = {format_path(i.path): i.message for i in caught.value.issues}
    assert set(found) == {"elements[1].category", "elements[0].equation"}
    assert "[Rate]" in found["elements[0].equation"]
