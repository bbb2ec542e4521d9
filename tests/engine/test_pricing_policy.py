"""The pricing policy file: reading it, its errors, and the findings of check_policy."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from worth.engine.pricing import PolicyError, check_policy, load_policy, parse_policy

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "pricing-policy.yaml"

BASE = """
company: Test Supplier
segments: [large, small]
discounts:
  - id: volume
    name: Volume discount
    kind: volume
    customer_action: Orders a full pallet.
    supplier_benefit: One shipment instead of several.
    percent: 5
"""


def test_the_example_policy_reads_and_passes_the_check() -> None:
    policy = load_policy(EXAMPLE)
    assert policy.company == "Nordkap Bearings"
    assert policy.segments == ["large mills", "small and mid-size mills"]
    kinds = {d.kind for d in policy.discounts}
    assert {
        "volume",
        "initial-use",
        "trade-in",
        "early-payment",
        "rebate",
        "bonus",
        "freight",
        "terms",
    } <= kinds
    assert all(d.customer_action and d.supplier_benefit for d in policy.discounts)
    assert check_policy(policy) == ()


def test_the_first_matching_guideline_applies_to_a_line() -> None:
    policy = load_policy(EXAMPLE)
    cm = policy.guideline_for(segment="large mills", product="CM wireless vibration sensor", quantity=80)
    big = policy.guideline_for(
        segment="large mills", product="SRB 22216 spherical roller bearing", quantity=50
    )
    edge = policy.guideline_for(
        segment="large mills", product="SRB 22216 spherical roller bearing", quantity=49.5
    )
    small = policy.guideline_for(segment="small and mid-size mills", product="DGB 6316", quantity=500)
    assert cm is not None
    assert cm.name == "Condition monitoring"
    assert big is not None
    assert big.floor_pct_of_list == Decimal(78)
    assert edge is not None
    assert edge.name == "Large mills"
    assert small is not None
    assert small.name == "Small and mid-size mills"
    assert policy.guideline_for(segment="traders", product="DGB 6316", quantity=1) is None


def test_a_discount_without_customer_action_is_flagged_as_an_error() -> None:
    policy = parse_policy(
        BASE
        + """
  - id: competitive
    name: Competitive discount
    kind: volume
    percent: 8
"""
    )
    findings = check_policy(policy)
    assert [(f.severity, f.where) for f in findings] == [
        ("error", "discounts[competitive]"),
        ("warning", "discounts[competitive]"),
    ]
    assert "requires no customer action" in findings[0].message
    assert "no supplier benefit" in findings[1].message


def test_a_blank_customer_action_counts_as_none() -> None:
    policy = parse_policy(BASE.replace("customer_action: Orders a full pallet.", 'customer_action: "   "'))
    assert [f.severity for f in check_policy(policy)] == ["error"]


def test_it_warns_about_unknown_segments_shadowed_guidelines_and_stacked_discounts_below_a_floor() -> None:
    policy = parse_policy(
        BASE
        + """
  - id: terms
    name: Early payment
    kind: early-payment
    customer_action: Pays in 10 days.
    supplier_benefit: Cash sooner.
    percent: 3
    stacking: compounds
    segments: [lagre]
guidelines:
  - name: all large
    segment: large
    floor_pct_of_list: 80
  - name: large big orders
    segment: large
    min_quantity: 100
    floor_pct_of_list: 75
  - name: small
    segment: small
    floor_pct_of_list: 96
"""
    )
    messages = {(f.where, f.message) for f in check_policy(policy)}
    assert ("discounts[terms]", "segment 'lagre' is not one of the policy's segments") in messages
    assert (
        "guidelines[large big orders]",
        "never applies: 'all large' above it matches every line it would",
    ) in messages
    # small: only the 5 % volume discount is open to it (terms is for 'lagre'): 95 % < 96 %.
    assert (
        "guidelines[small]",
        "a customer who earns every percentage discount pays 95.00 % of list, below the floor of 96 %",
    ) in messages
    assert all(f.severity == "warning" for f in check_policy(policy))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (BASE.replace("kind: volume", "kind: loyalty"), "discounts[0].kind"),
        (BASE.replace("percent: 5", "percent: 5\n    amount: 3"), "discounts[0]"),
        (BASE.replace("percent: 5", "percent: 150"), "discounts[0].percent"),
        (BASE.replace("percent: 5", "percent: 5\n    colour: red"), "discounts[0].colour"),
        (
            BASE + "guidelines:\n  - name: g\n    floor_pct_of_list: 90\n    ceiling_pct_of_list: 80\n",
            "guidelines[0]",
        ),
        (
            BASE + "guidelines:\n  - name: g\n    floor_pct_of_list: 90\n    floor_per_unit: 8\n",
            "guidelines[0]",
        ),
        (BASE + "guidelines:\n  - name: g\n    ceiling_pct_of_list: 90\n", "guidelines[0]"),
        (
            BASE
            + "guidelines:\n  - name: g\n    floor_per_unit: 1\n    min_quantity: 5\n    max_quantity: 5\n",
            "guidelines[0]",
        ),
        (BASE.replace("company: Test Supplier\n", ""), "company"),
        (BASE + "currency: euro\n", "currency"),
    ],
)
def test_reading_errors_name_the_field_path(text: str, where: str) -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, source="policy.yaml")
    assert f"  {where}" in str(caught.value)
    assert str(caught.value).startswith("policy.yaml: ")


def test_the_value_as_written_is_in_the_message() -> None:
    with pytest.raises(PolicyError, match=r"discounts\[0\]\.kind: .*\(given: 'loyalty'\)"):
        parse_policy(BASE.replace("kind: volume", "kind: loyalty"))


def test_a_yaml_syntax_error_names_the_line() -> None:
    with pytest.raises(
        PolicyError, match=r"policy.yaml: line 3, column 1: not valid YAML: found character '\\t'"
    ):
        parse_policy("company: X\ncurrency: USD\n\tsegments: []\n", source="policy.yaml")


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(PolicyError, match="each discount id must be unique, repeated: volume"):
        parse_policy(BASE + BASE.split("discounts:\n")[1])


def test_a_missing_file_is_a_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read the pricing policy"):
        load_policy(tmp_path / "nope.yaml")
