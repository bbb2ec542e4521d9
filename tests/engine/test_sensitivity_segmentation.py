"""Suggested segmentation: variance shares checked with sums of squares worked out by hand."""

from __future__ import annotations

import pytest

from worth.engine.sensitivity import SensitivityError, suggest_segmentation
from worth.engine.sensitivity.segmentation import grouping_shares

CUSTOMERS = ["A", "B", "C", "D", "E", "F"]
VALUE = [10.0, 11.0, 12.0, 30.0, 31.0, 32.0]
MACHINES = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
REGION = ["North", "South", "North", "South", "North", "South"]
# current subsegments by mill size: A, B, C, D small; E, F large
CURRENT = ["Small", "Small", "Small", "Small", "Large", "Large"]


def test_the_tree_finds_the_split_and_its_share_matches_hand_sums_of_squares():
    result = suggest_segmentation(
        VALUE, {"Machines": MACHINES, "Region": REGION}, CUSTOMERS, current=CURRENT, max_depth=1, min_group=2
    )
    # grand mean 21; total SS = 2 * (11² + 10² + 9²) = 604
    # groups of means 11 and 31: between SS = 6 * 10² = 600
    assert result.total_ss == pytest.approx(604.0)
    assert result.suggested.between_share == pytest.approx(600 / 604)
    assert [g.customers for g in result.suggested.groups] == [("D", "E", "F"), ("A", "B", "C")]
    assert [g.label for g in result.suggested.groups] == ["Machines > 3.5", "Machines <= 3.5"]
    assert result.suggested.groups[0].mean == pytest.approx(31.0)
    assert result.suggested.groups[0].sd == pytest.approx(1.0)
    (split,) = result.splits
    assert split.characteristic == "Machines"
    assert split.variance_share == pytest.approx(600 / 604)
    # current: small = 10, 11, 12, 30 (mean 15.75), large = 31, 32 (mean 31.5)
    between = 4 * (15.75 - 21) ** 2 + 2 * (31.5 - 21) ** 2  # 330.75
    assert result.current is not None
    assert result.current.between_share == pytest.approx(between / 604)
    assert result.improvement == pytest.approx(600 / 604 - between / 604)
    # adjusted share: 1 - (SSW / (n - g)) / (SST / (n - 1))
    assert result.current.adjusted_share == pytest.approx(1 - ((604 - between) / 4) / (604 / 5))


def test_each_split_of_a_deeper_tree_explains_its_own_share_and_they_add_up():
    values = [10.0, 12.0, 14.0, 30.0, 33.0, 36.0, 50.0, 52.0]
    machines = [1.0, 1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 6.0]
    customers = [f"M{i}" for i in range(8)]
    result = suggest_segmentation(values, {"Machines": machines}, customers, max_depth=2, min_group=2)
    total = sum((v - sum(values) / 8) ** 2 for v in values)
    shares = [s.variance_share for s in result.splits]
    assert sum(shares) == pytest.approx(result.suggested.between_share)
    within = 0.0
    for group in result.suggested.groups:
        members = [values[customers.index(c)] for c in group.customers]
        mean = sum(members) / len(members)
        within += sum((m - mean) ** 2 for m in members)
    assert result.suggested.between_share == pytest.approx(1 - within / total)
    assert result.splits[0].depth == 1
    assert {s.depth for s in result.splits[1:]} == {2}


def test_categorical_splits_read_as_is_and_is_not():
    values = [10.0, 11.0, 30.0, 31.0, 12.0, 32.0]
    region = ["North", "North", "South", "South", "North", "South"]
    result = suggest_segmentation(values, {"Region": region}, CUSTOMERS, min_group=2)
    assert {g.label for g in result.suggested.groups} == {"Region is South", "Region is not South"}


def test_grouping_shares_by_hand():
    between, adjusted = grouping_shares([1.0, 3.0, 5.0, 7.0], ["a", "a", "b", "b"])
    # grand mean 4; SST = 9 + 1 + 1 + 9 = 20; group means 2 and 6: SSB = 2 * 4 + 2 * 4 = 16
    assert between == pytest.approx(16 / 20)
    assert adjusted == pytest.approx(1 - (4 / 2) / (20 / 3))
    assert grouping_shares([5.0, 5.0], ["a", "b"]) == (0.0, 0.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_depth": 0}, "tree depth must be a whole number from 1 to 3, got 0"),
        ({"max_depth": 4}, "tree depth must be a whole number from 1 to 3, got 4"),
        ({"min_group": 4}, "6 customers are too few to split into groups of at least 4"),
        ({"min_group": 0}, "smallest group must be a whole number of at least 1"),
        ({"current": ["Small"] * 5}, "5 current subsegments given for 6 customers"),
    ],
)
def test_bad_settings_are_refused_with_a_clear_message(kwargs, message):
    with pytest.raises(SensitivityError) as caught:
        suggest_segmentation(VALUE, {"Machines": MACHINES}, CUSTOMERS, **kwargs)
    assert message in str(caught.value)
