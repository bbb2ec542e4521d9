"""Every analysis of the pricing layer on one table, as plain data, to compare backends with."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from worth.analytics import (
    guideline_compliance,
    out_of_policy_deals,
    pocket_price_band,
    pocket_price_waterfall,
)
from worth.engine.pricing import load_policy

EXAMPLE_POLICY = Path(__file__).resolve().parents[2] / "examples" / "pricing-policy.yaml"


def all_results(table: Any, *, full: bool = True) -> dict[str, Any]:
    """Waterfalls, bands, compliance and deals of ``table`` as plain data (fewer queries if not ``full``)."""
    policy = load_policy(EXAMPLE_POLICY)
    results = {
        "waterfall_by_segment": dataclasses.asdict(pocket_price_waterfall(table, by="segment")),
        "band_by_salesperson": dataclasses.asdict(pocket_price_band(table, policy=policy, by="salesperson")),
        "deals": [dataclasses.asdict(d) for d in out_of_policy_deals(table, policy, limit=5)],
    }
    if full:
        results["waterfall"] = dataclasses.asdict(pocket_price_waterfall(table))
        results["band_customers"] = dataclasses.asdict(pocket_price_band(table, level="customer"))
        results["compliance_by_product"] = [
            dataclasses.asdict(c) for c in guideline_compliance(table, policy, by="product")
        ]
    return results


def assert_same(left: Any, right: Any, path: str = "") -> None:
    """Equal structure; floats within 1e-9 relative (parallel sums differ in the last bits)."""
    if isinstance(left, dict):
        assert left.keys() == right.keys(), path
        for key in left:
            assert_same(left[key], right[key], f"{path}.{key}")
    elif isinstance(left, list | tuple):
        assert len(left) == len(right), path
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            assert_same(a, b, f"{path}[{i}]")
    elif isinstance(left, float):
        assert right == pytest.approx(left, rel=1e-9, abs=1e-9), path
    else:
        assert left == right, path
