"""The value merchant assessment: ten contrasts between value merchants and value spendthrifts.

Anderson, Kumar and Narus (*Value Merchants*, ch. 6; seed 001 section 6.2) set a salesperson who
gains more business at the same price against one who trades more business for lower prices, in ten
contrasts. Each is scored from 1 (the spendthrift's habit) to 5 (the merchant's), by the salesperson
and by their manager; the score is the mean as a share of the way from 1 to 5, and the gaps between
the two views show where to coach.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["CONTRASTS", "AssessmentError", "Contrast", "Gap", "gaps", "merchant_share", "read_scores"]

LOW, HIGH = 1, 5


@dataclass(frozen=True)
class Contrast:
    key: str
    spendthrift: str
    merchant: str


CONTRASTS: tuple[Contrast, ...] = (
    Contrast(
        "volume-for-price",
        "Routinely trade more business for lower prices",
        "Routinely gain more business at the same price",
    ),
    Contrast(
        "claims",
        "Make unsupported claims of superior value",
        "Demonstrate and document superior value in money",
    ),
    Contrast(
        "compensation",
        "Focus on the revenue and volume part of their pay",
        "Focus on the gross margin and profitability part",
    ),
    Contrast(
        "concessions",
        "Give price concessions without a change in the offering",
        "Give concessions only for cost-saving changes in the offering",
    ),
    Contrast(
        "complaints",
        "Complain that our prices are too high",
        "Complain that our proof of superior value is lacking",
    ),
    Contrast(
        "services",
        "Give services away free to close a deal",
        "Employ services strategically to win more business",
    ),
    Contrast(
        "negotiation",
        "Give quick price concessions to close and move on",
        "Hang tough for a more profitable deal",
    ),
    Contrast(
        "strategy",
        "Believe management pursues a capacity-driven strategy",
        "Believe management pursues a value-driven strategy",
    ),
    Contrast(
        "comparisons",
        "Sell on price comparisons with competitors",
        "Sell on the customer's cost of ownership against competitors",
    ),
    Contrast(
        "insights",
        "Tell us customers only care about price",
        "Tell us customer insights that improve our offerings",
    ),
)

KEYS = tuple(c.key for c in CONTRASTS)


class AssessmentError(ValueError):
    """A score the assessment cannot take; the message names the contrast and the value as given."""


def read_scores(given: Mapping[str, object]) -> dict[str, int]:
    """Every contrast's score as a whole number from 1 to 5.

    Raises
    ------
    AssessmentError
        Naming the first contrast whose score is missing, not a whole number or outside 1-5, and any
        key that is no contrast.
    """
    unknown = sorted(set(given) - set(KEYS))
    if unknown:
        raise AssessmentError(f"no such contrast: {', '.join(unknown)}")
    scores: dict[str, int] = {}
    for c in CONTRASTS:
        raw = given.get(c.key)
        if raw is None or raw == "":
            raise AssessmentError(f"{c.merchant}: no score given")
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise AssessmentError(
                f"{c.merchant}: “{str(raw)[:20]}” is not a whole number from 1 to 5"
            ) from None
        if not LOW <= value <= HIGH:
            raise AssessmentError(f"{c.merchant}: {value} is not from 1 to 5")
        scores[c.key] = value
    return scores


def merchant_share(scores: Mapping[str, int]) -> float:
    """How far from the spendthrift (0) to the merchant (1) the mean score lies.

    >>> merchant_share({k: 5 for k in KEYS}), merchant_share({k: 1 for k in KEYS})
    (1.0, 0.0)
    >>> round(merchant_share({k: 3 for k in KEYS}), 2)
    0.5
    """
    values = [scores[k] for k in KEYS]
    return (sum(values) / len(values) - LOW) / (HIGH - LOW)


@dataclass(frozen=True)
class Gap:
    contrast: Contrast
    own: int
    manager: int

    @property
    def difference(self) -> int:
        """Positive when the salesperson sees themself more a merchant than their manager does."""
        return self.own - self.manager


def gaps(own: Mapping[str, int], manager: Mapping[str, int]) -> Sequence[Gap]:
    """Each contrast's two scores, the largest disagreement first (ties in the contrasts' order)."""
    found = [Gap(c, own[c.key], manager[c.key]) for c in CONTRASTS]
    order = {c.key: n for n, c in enumerate(CONTRASTS)}
    return sorted(found, key=lambda g: (-abs(g.difference), order[g.contrast.key]))
