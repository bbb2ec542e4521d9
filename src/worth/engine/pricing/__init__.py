"""Pricing maths: economic value estimation, value-based price, penetration vs skimming, pricing policy.

Pure functions of numbers (no database): the analytics layer (``worth.analytics``) runs the pocket
price waterfall and band over invoice data with the same stacking rules and the same policy.
Money a person reads is a :class:`~decimal.Decimal` rounded to the cent with ``ROUND_HALF_UP``.
"""

from __future__ import annotations

from worth.engine.pricing.errors import PolicyError, PricingError
from worth.engine.pricing.money import Money, to_cents, to_decimal
from worth.engine.pricing.options import (
    PriceComparison,
    PriceOption,
    PriceOptionResult,
    compare_price_options,
)
from worth.engine.pricing.policy import Discount, Guideline, PricingPolicy
from worth.engine.pricing.policy_check import Finding, check_policy, load_policy, parse_policy
from worth.engine.pricing.stacking import (
    AppliedDeduction,
    Deduction,
    Stacking,
    apply_deductions,
    stacked_percent,
)
from worth.engine.pricing.summary import ValuePrice, value_price
from worth.engine.pricing.value import (
    EconomicValue,
    ElementValue,
    PriceRange,
    better_off_range,
    customer_incentive,
    economic_value,
    economic_value_from_elements,
    value_captured_share,
)
from worth.engine.pricing.value_map import ValueMap, ValueMapPoint, value_map

__all__ = [
    "AppliedDeduction",
    "Deduction",
    "Discount",
    "EconomicValue",
    "ElementValue",
    "Finding",
    "Guideline",
    "Money",
    "PolicyError",
    "PriceComparison",
    "PriceOption",
    "PriceOptionResult",
    "PriceRange",
    "PricingError",
    "PricingPolicy",
    "Stacking",
    "ValueMap",
    "ValueMapPoint",
    "ValuePrice",
    "apply_deductions",
    "better_off_range",
    "check_policy",
    "compare_price_options",
    "customer_incentive",
    "economic_value",
    "economic_value_from_elements",
    "load_policy",
    "parse_policy",
    "stacked_percent",
    "to_cents",
    "to_decimal",
    "value_captured_share",
    "value_map",
    "value_price",
]
