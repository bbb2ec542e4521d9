"""Pricing tactics as policy: discounts and allowances that buy something, and price guidelines.

A discount is only worth giving in exchange for a customer action that benefits the supplier,
usually by lowering its cost (ordering in full truckloads, paying early, committing to a volume).
The policy records, for each discount or allowance, the action it requires and the benefit it buys,
so a discount given for nothing stands out (:func:`worth.engine.pricing.policy_check.check_policy`
flags it). Price guidelines say which pocket prices are acceptable, by segment, product and volume
band; the analytics layer measures how many transactions keep to them and what the others cost.
The file format is YAML; ``examples/pricing-policy.yaml`` is a complete, documented example.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from worth.engine.pricing.stacking import Stacking

DiscountKind = Literal[
    "initial-use", "trade-in", "early-payment", "volume", "freight", "rebate", "bonus", "terms"
]
Placement = Literal["on-invoice", "off-invoice"]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
ColumnName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=63)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Percent = Annotated[Decimal, Field(gt=0, le=100)]
PositiveMoney = Annotated[Decimal, Field(gt=0)]
Quantity = Annotated[Decimal, Field(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Discount(_Strict):
    """A discount, allowance, rebate or term: what it gives, what the customer does for it, what it buys.

    ``segments`` and ``products`` (exact names or prefixes ending in ``*``) say who and what it is
    offered for; left out means everyone, everything. ``customer_action`` and ``supplier_benefit`` may
    be left out so an existing habit can be written
    down as it is; :func:`~worth.engine.pricing.policy_check.check_policy` then flags it.
    """

    id: Slug
    name: Text
    kind: DiscountKind
    placement: Placement = "on-invoice"
    customer_action: str | None = None
    supplier_benefit: str | None = None
    percent: Percent | None = None
    amount: PositiveMoney | None = None
    stacking: Stacking = "adds-on-list"
    segments: list[Text] | None = None
    products: list[Text] | None = None
    invoice_column: ColumnName | None = None

    @model_validator(mode="after")
    def _percent_or_amount(self) -> Discount:
        if (self.percent is None) == (self.amount is None):
            raise ValueError("give either percent or amount (per unit), not both or neither")
        return self


class Guideline(_Strict):
    """Allowed pocket price for invoice lines of a segment, product set and volume band.

    Pocket price limits are either a percentage of list price (``floor_pct_of_list``,
    ``ceiling_pct_of_list``) or money per unit (``floor_per_unit``, ``ceiling_per_unit``), not a mix.
    ``products`` are exact product names or prefixes ending in ``*`` (``"SRB *"``). The volume band
    is the line's quantity: ``min_quantity`` included, ``max_quantity`` excluded. Left out means any.
    """

    name: Text
    segment: Text | None = None
    products: list[Text] | None = None
    min_quantity: Quantity | None = None
    max_quantity: Quantity | None = None
    floor_pct_of_list: Annotated[Decimal, Field(ge=0, le=1000)] | None = None
    ceiling_pct_of_list: Annotated[Decimal, Field(gt=0, le=1000)] | None = None
    floor_per_unit: Annotated[Decimal, Field(ge=0)] | None = None
    ceiling_per_unit: PositiveMoney | None = None

    @model_validator(mode="after")
    def _limits(self) -> Guideline:
        pct = self.floor_pct_of_list is not None or self.ceiling_pct_of_list is not None
        absolute = self.floor_per_unit is not None or self.ceiling_per_unit is not None
        if pct == absolute:
            raise ValueError(
                "give the pocket price limits either as % of list (floor_pct_of_list, ceiling_pct_of_list) "
                "or per unit (floor_per_unit, ceiling_per_unit), not both or neither"
            )
        floor, ceiling = self.limits
        if floor is None:
            raise ValueError("a guideline needs a floor (floor_pct_of_list or floor_per_unit)")
        if ceiling is not None and ceiling < floor:
            raise ValueError(f"the ceiling {ceiling} is below the floor {floor}")
        if (
            self.min_quantity is not None
            and self.max_quantity is not None
            and self.max_quantity <= self.min_quantity
        ):
            raise ValueError(
                f"max_quantity {self.max_quantity} must be above min_quantity {self.min_quantity}"
            )
        return self

    @property
    def relative(self) -> bool:
        """True when the limits are percentages of list price."""
        return self.floor_pct_of_list is not None

    @property
    def limits(self) -> tuple[Decimal | None, Decimal | None]:
        """(floor, ceiling) in the guideline's own terms: % of list or money per unit."""
        if self.relative:
            return self.floor_pct_of_list, self.ceiling_pct_of_list
        return self.floor_per_unit, self.ceiling_per_unit

    def matches_product(self, product: str) -> bool:
        """True when ``product`` is one of the products or starts with a ``*`` prefix (any when unset)."""
        if self.products is None:
            return True
        return any(product.startswith(p[:-1]) if p.endswith("*") else product == p for p in self.products)

    def matches(self, *, segment: str, product: str, quantity: float | Decimal) -> bool:
        """True when an invoice line of this segment, product and quantity falls under this guideline."""
        qty = Decimal(str(quantity))
        return (
            (self.segment is None or self.segment == segment)
            and self.matches_product(product)
            and (self.min_quantity is None or qty >= self.min_quantity)
            and (self.max_quantity is None or qty < self.max_quantity)
        )


def patterns_overlap(first: list[str] | None, second: list[str] | None) -> bool:
    """True when two product lists (exact names or ``prefix*``; None = every product) share a product."""
    if first is None or second is None:
        return True

    def overlap(a: str, b: str) -> bool:
        a_prefix, b_prefix = a.endswith("*"), b.endswith("*")
        a_stem, b_stem = a.rstrip("*"), b.rstrip("*")
        if a_prefix and b_prefix:
            return a_stem.startswith(b_stem) or b_stem.startswith(a_stem)
        if a_prefix:
            return b.startswith(a_stem)
        if b_prefix:
            return a.startswith(b_stem)
        return a == b

    return any(overlap(a, b) for a in first for b in second)


class PricingPolicy(_Strict):
    """A supplier's pricing policy: discounts and allowances, and the price guidelines.

    Guidelines are read top to bottom; the first that matches an invoice line applies to it, so put
    specific rules (a product, a large-volume band) above general ones.
    """

    company: Text
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "EUR"
    segments: list[Text] = Field(default_factory=list)
    discounts: list[Discount] = Field(default_factory=list)
    guidelines: list[Guideline] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> PricingPolicy:
        for label, names in (
            ("discount id", [d.id for d in self.discounts]),
            ("guideline name", [g.name for g in self.guidelines]),
        ):
            repeated = sorted({n for n in names if names.count(n) > 1})
            if repeated:
                raise ValueError(f"each {label} must be unique, repeated: {', '.join(repeated)}")
        return self

    def guideline_for(self, *, segment: str, product: str, quantity: float | Decimal) -> Guideline | None:
        """The first guideline that matches the invoice line, or None when no guideline covers it."""
        return next(
            (g for g in self.guidelines if g.matches(segment=segment, product=product, quantity=quantity)),
            None,
        )
