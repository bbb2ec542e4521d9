"""The value merchant assessment: scores read and refused by contrast, the share and the gaps by hand."""

from __future__ import annotations

import pytest

from worth.engine.merchants import CONTRASTS, KEYS, AssessmentError, gaps, merchant_share, read_scores


def test_ten_contrasts_each_with_both_ends() -> None:
    assert len(CONTRASTS) == 10
    assert len(set(KEYS)) == 10
    assert CONTRASTS[0].merchant == "Routinely gain more business at the same price"


def test_the_share_is_the_mean_score_from_one_to_five() -> None:
    scores = read_scores({k: str(v) for k, v in zip(KEYS, (1, 2, 3, 4, 5, 5, 4, 3, 2, 1), strict=True)})
    # mean 3.0 -> (3 - 1) / 4 = 0.5
    assert merchant_share(scores) == pytest.approx(0.5)
    high = dict.fromkeys(KEYS, 4)
    assert merchant_share(high) == pytest.approx(0.75)


def test_gaps_put_the_largest_disagreement_first() -> None:
    own = dict.fromkeys(KEYS, 3) | {"concessions": 5, "services": 4, "claims": 1}
    manager = dict.fromkeys(KEYS, 3) | {"concessions": 2, "services": 2}
    found = gaps(own, manager)
    assert [(g.contrast.key, g.difference) for g in found[:3]] == [
        ("concessions", 3),
        ("claims", -2),
        ("services", 2),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"claims": ""}, "Demonstrate and document superior value in money: no score given"),
        ({"claims": "4.5"}, "“4.5” is not a whole number from 1 to 5"),
        ({"claims": "9"}, "9 is not from 1 to 5"),
        ({"claims": "0"}, "0 is not from 1 to 5"),
        ({"charm": "5"}, "no such contrast: charm"),
    ],
)
def test_a_bad_score_names_its_contrast(change: dict[str, str], message: str) -> None:
    given = dict.fromkeys(KEYS, "3") | change
    with pytest.raises(AssessmentError, match=message):
        read_scores(given)
