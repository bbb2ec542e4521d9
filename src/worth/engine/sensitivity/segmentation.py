"""Does the variation in value warrant a new segmentation?

The project starts from two subsegments the team chose from customer characteristics it thought would
matter (mill size, say). After the value research it can check that choice: how much of the spread in
value across customers do the current subsegments explain, and would a split on another
characteristic explain more? A shallow regression tree (one or two levels of splits, scikit-learn)
searches every characteristic for the split that separates high-value from low-value customers best.

Both groupings are measured the same way: the between-group sum of squares over the total sum of
squares (eta squared), the share of the variance in value that knowing the group explains, and an
adjusted share that charges for every extra group (as adjusted R squared does) so a four-group tree is
not rewarded just for having more groups. For the tree, each split's own share is the drop in the
within-group sum of squares it achieves, divided by the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from worth.engine.sensitivity.characteristics import Characteristics, check_customers, encode_characteristics
from worth.engine.sensitivity.distributions import FloatArray
from worth.engine.sensitivity.errors import SensitivityError

MAX_DEPTH = 3


@dataclass(frozen=True)
class Group:
    """Customers in one group, with their mean and standard deviation of value."""

    label: str
    customers: tuple[str, ...]
    mean: float
    sd: float

    @property
    def n(self) -> int:
        """Number of customers in the group."""
        return len(self.customers)


@dataclass(frozen=True)
class Grouping:
    """A partition of the customers and how much of the variance in value it explains."""

    name: str
    groups: tuple[Group, ...]
    between_share: float
    adjusted_share: float


@dataclass(frozen=True)
class Split:
    """One split of the suggested tree and the share of the total variance it explains."""

    depth: int
    characteristic: str
    rule: str
    customers: int
    variance_share: float


@dataclass(frozen=True)
class SegmentationResult:
    """The current subsegments beside the suggested split, measured the same way."""

    output: str
    total_ss: float
    suggested: Grouping
    splits: tuple[Split, ...]
    current: Grouping | None

    @property
    def improvement(self) -> float | None:
        """How much more of the variance the suggested grouping explains than the current one."""
        return None if self.current is None else self.suggested.between_share - self.current.between_share

    def to_dict(self) -> dict[str, Any]:
        """Plain numbers and strings for JSON output."""

        def grouping(g: Grouping) -> dict[str, Any]:
            return {
                "name": g.name,
                "between_share": g.between_share,
                "adjusted_share": g.adjusted_share,
                "groups": [
                    {"label": x.label, "n": x.n, "mean": x.mean, "sd": x.sd, "customers": list(x.customers)}
                    for x in g.groups
                ],
            }

        return {
            "output": self.output,
            "total_ss": self.total_ss,
            "suggested": grouping(self.suggested),
            "splits": [
                {
                    "depth": s.depth,
                    "characteristic": s.characteristic,
                    "rule": s.rule,
                    "customers": s.customers,
                    "variance_share": s.variance_share,
                }
                for s in self.splits
            ],
            "current": None if self.current is None else grouping(self.current),
            "improvement": self.improvement,
        }


def grouping_shares(values: npt.ArrayLike, labels: Sequence[str]) -> tuple[float, float]:
    """Between-group SS / total SS, and the adjusted share ``1 - (SSW / (n - g)) / (SST / (n - 1))``."""
    y = np.asarray(values, dtype=np.float64)
    tags = np.asarray([str(label) for label in labels])
    total = float(np.square(y - y.mean()).sum())
    if total == 0:
        return 0.0, 0.0
    levels = list(dict.fromkeys(tags.tolist()))
    within = sum(float(np.square(y[tags == g] - y[tags == g].mean()).sum()) for g in levels)
    n, g = y.size, len(levels)
    adjusted = 1 - (within / (n - g)) / (total / (n - 1)) if n > g else float("nan")
    return 1 - within / total, adjusted


def _grouping(
    name: str, y: FloatArray, customers: tuple[str, ...], labels: Sequence[str], *, by_mean: bool = False
) -> Grouping:
    """Groups in order of first appearance, or by mean value, highest first."""
    groups = []
    for label in dict.fromkeys(labels):
        mask = np.array([lab == label for lab in labels])
        members = y[mask]
        sd = float(np.std(members, ddof=1)) if members.size > 1 else 0.0
        groups.append(
            Group(
                label, tuple(c for c, m in zip(customers, mask, strict=True) if m), float(members.mean()), sd
            )
        )
    if by_mean:
        groups.sort(key=lambda g: g.mean, reverse=True)
    between, adjusted = grouping_shares(y, labels)
    return Grouping(name, tuple(groups), between, adjusted)


def _tree_features(
    columns: Characteristics, customers: tuple[str, ...]
) -> tuple[FloatArray, list[tuple[str, str | None]]]:
    """Numeric characteristics as they are; every level of a categorical one as its own 0/1 column."""
    encoding, _ = encode_characteristics(columns, customers)
    features: list[FloatArray] = []
    meaning: list[tuple[str, str | None]] = []
    for name in encoding.characteristics:
        values = list(columns[name])
        if name in encoding.levels:
            for level in encoding.levels[name]:
                features.append(np.array([1.0 if str(v) == level else 0.0 for v in values]))
                meaning.append((name, level))
        else:
            features.append(np.array([float(v) for v in values]))  # type: ignore[arg-type]
            meaning.append((name, None))
    return np.column_stack(features), meaning


def _rules(meaning: tuple[str, str | None], threshold: float) -> tuple[str, str]:
    name, level = meaning
    if level is None:
        return f"{name} <= {threshold:,.6g}", f"{name} > {threshold:,.6g}"
    return f"{name} is not {level}", f"{name} is {level}"


def suggest_segmentation(
    values: npt.ArrayLike,
    characteristics: Characteristics,
    customers: Sequence[str],
    *,
    current: Sequence[str] | None = None,
    max_depth: int = 1,
    min_group: int = 3,
    output: str = "delta value",
) -> SegmentationResult:
    """Search the characteristics for the split of customers that best separates their value.

    Parameters
    ----------
    values
        Value per customer.
    characteristics
        ``{name: one value per customer}``, numbers or text.
    customers
        Customer names, in the order of ``values``.
    current
        The current subsegment of each customer, to compare with.
    max_depth
        Levels of splits: 1 gives two groups (comparable with two subsegments), 2 up to four.
    min_group
        Fewest customers a group may have (a segment of one customer is an anecdote).
    output
        What ``values`` measure, for labels.

    Returns
    -------
    SegmentationResult
        The suggested groups and splits with their shares of variance, and the current subsegments'
        share for comparison.

    References
    ----------
    Breiman, Friedman, Olshen and Stone, *Classification and Regression Trees*, 1984 (CART, as in
    scikit-learn's ``DecisionTreeRegressor``).
    """
    names = check_customers(customers)
    y = np.asarray(values, dtype=np.float64).ravel()
    if y.size != len(names):
        raise SensitivityError(f"{y.size} values given for {len(names)} customers")
    bad = np.flatnonzero(~np.isfinite(y))
    if bad.size:
        raise SensitivityError(
            f"customer {names[int(bad[0])]!r}: value is {float(y[bad[0]])!r}, not a finite number"
        )
    if isinstance(max_depth, bool) or not isinstance(max_depth, int) or not 1 <= max_depth <= MAX_DEPTH:
        raise SensitivityError(f"tree depth must be a whole number from 1 to {MAX_DEPTH}, got {max_depth!r}")
    if isinstance(min_group, bool) or not isinstance(min_group, int) or min_group < 1:
        raise SensitivityError(f"smallest group must be a whole number of at least 1, got {min_group!r}")
    if y.size < 2 * min_group:
        raise SensitivityError(
            f"{y.size} customers are too few to split into groups of at least {min_group}; "
            f"need at least {2 * min_group}"
        )
    if current is not None and len(current) != len(names):
        raise SensitivityError(f"{len(current)} current subsegments given for {len(names)} customers")
    from sklearn.tree import DecisionTreeRegressor  # slow to import; loaded only when a tree is grown

    features, meaning = _tree_features(characteristics, names)
    tree = DecisionTreeRegressor(max_depth=max_depth, min_samples_leaf=min_group, random_state=0).fit(
        features, y
    )
    structure = tree.tree_
    total_ss = float(np.square(y - y.mean()).sum())
    splits: list[Split] = []
    path: dict[int, list[str]] = {0: []}
    depth: dict[int, int] = {0: 1}
    for node in range(structure.node_count):
        left, right = int(structure.children_left[node]), int(structure.children_right[node])
        if left < 0:
            continue
        feature = meaning[int(structure.feature[node])]
        rule_left, rule_right = _rules(feature, float(structure.threshold[node]))
        path[left], path[right] = [*path[node], rule_left], [*path[node], rule_right]
        depth[left] = depth[right] = depth[node] + 1
        ss = [float(structure.impurity[i]) * float(structure.n_node_samples[i]) for i in (node, left, right)]
        share = (ss[0] - ss[1] - ss[2]) / total_ss if total_ss > 0 else 0.0
        splits.append(
            Split(
                depth[node],
                feature[0],
                f"{rule_left} / {rule_right}",
                int(structure.n_node_samples[node]),
                share,
            )
        )
    leaves = tree.apply(features)
    labels = [" and ".join(path[int(leaf)]) or "all customers" for leaf in leaves]
    suggested = _grouping("suggested", y, names, labels, by_mean=True)
    present = (
        None if current is None else _grouping("current subsegments", y, names, [str(c) for c in current])
    )
    return SegmentationResult(output, total_ss, suggested, tuple(splits), present)
