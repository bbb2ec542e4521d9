"""A pricing policy as the page lists it: each discount with what it asks and buys, each guideline."""

from __future__ import annotations

from dataclasses import dataclass

from worth.engine.pricing import Finding, PricingPolicy, to_cents


@dataclass(frozen=True)
class DiscountRow:
    """One discount in words; ``flagged`` when it requires no customer action (given for nothing)."""

    id: str
    name: str
    kind: str
    placement: str
    size: str
    segments: str
    products: str
    customer_action: str
    supplier_benefit: str
    invoice_column: str
    flagged: bool
    findings: list[Finding]


@dataclass(frozen=True)
class GuidelineRow:
    name: str
    segment: str
    products: str
    quantities: str
    floor: str
    ceiling: str


def _size(percent: object, amount: object, stacking: str, currency: str) -> str:
    if percent is not None:
        how = (
            "of list price (adds on list)" if stacking == "adds-on-list" else "of the price left (compounds)"
        )
        return f"{percent} % {how}"
    return f"{currency} {to_cents(str(amount)):,} per unit"


def discount_rows(policy: PricingPolicy, findings: tuple[Finding, ...]) -> list[DiscountRow]:
    rows = []
    for d in policy.discounts:
        mine = [f for f in findings if f.where == f"discounts[{d.id}]"]
        rows.append(
            DiscountRow(
                id=d.id,
                name=d.name,
                kind=d.kind,
                placement=d.placement,
                size=_size(d.percent, d.amount, d.stacking, policy.currency),
                segments=", ".join(d.segments) if d.segments else "every segment",
                products=", ".join(d.products) if d.products else "every product",
                customer_action=(d.customer_action or "").strip(),
                supplier_benefit=(d.supplier_benefit or "").strip(),
                invoice_column=d.invoice_column or "",
                flagged=not (d.customer_action or "").strip(),
                findings=mine,
            )
        )
    return rows


def _quantities(low: object, high: object) -> str:
    if low is None and high is None:
        return "any"
    if high is None:
        return f"{low} or more"
    if low is None:
        return f"below {high}"
    return f"{low} to below {high}"


def guideline_rows(policy: PricingPolicy) -> list[GuidelineRow]:
    rows = []
    for g in policy.guidelines:
        floor, ceiling = g.limits
        unit = " % of list" if g.relative else f" {policy.currency} per unit"
        rows.append(
            GuidelineRow(
                name=g.name,
                segment=g.segment or "every segment",
                products=", ".join(g.products) if g.products else "every product",
                quantities=_quantities(g.min_quantity, g.max_quantity),
                floor=f"{floor}{unit}" if floor is not None else "—",
                ceiling=f"{ceiling}{unit}" if ceiling is not None else "none",
            )
        )
    return rows
