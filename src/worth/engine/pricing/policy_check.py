"""Read a pricing policy file and check it against the method's rules.

Reading fails with a :class:`~worth.engine.pricing.errors.PolicyError` that lists every problem with
its place in the file (``discounts[2].kind``) and the value as written. Checking a policy that reads
fine returns findings: errors break a rule of the method (a discount with no customer action is a
discount given for nothing); warnings point at something that is probably a mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from worth.engine.fields import validation_lines
from worth.engine.pricing.errors import PolicyError
from worth.engine.pricing.policy import Discount, Guideline, PricingPolicy, patterns_overlap
from worth.engine.pricing.stacking import Deduction, stacked_percent
from worth.engine.yaml_guard import NestingError, check_nesting

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """Something ``check_policy`` found: how bad, where (``discounts[id]`` ...) and what."""

    severity: Severity
    where: str
    message: str


def parse_policy(text: str, *, source: str = "<text>") -> PricingPolicy:
    """Parse policy YAML; raise :class:`PolicyError` naming the line or field path and the value given."""
    try:
        check_nesting(text)
        data: Any = yaml.safe_load(text)
    except NestingError as exc:
        raise PolicyError(f"{source}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PolicyError(f"{source}:{where}: not valid YAML: {problem}") from exc
    if not isinstance(data, dict):
        raise PolicyError(f"{source}: a pricing policy is a mapping with company, discounts and guidelines")
    try:
        return PricingPolicy.model_validate(data)
    except ValidationError as exc:
        lines = validation_lines(exc)
        raise PolicyError(
            f"{source}: {len(lines)} problem(s) in the pricing policy:\n" + "\n".join(lines)
        ) from exc


def load_policy(path: Path) -> PricingPolicy:
    """Read and validate a pricing policy YAML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read the pricing policy: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise PolicyError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    return parse_policy(text, source=str(path))


def _discount_findings(discount: Discount, segments: set[str]) -> list[Finding]:
    where = f"discounts[{discount.id}]"
    found: list[Finding] = []
    if not (discount.customer_action or "").strip():
        found.append(
            Finding(
                "error",
                where,
                f"{discount.name!r} requires no customer action: a discount should be given only in exchange "
                "for something the customer does that benefits the supplier",
            )
        )
    if not (discount.supplier_benefit or "").strip():
        found.append(
            Finding("warning", where, f"{discount.name!r} names no supplier benefit: what does it buy?")
        )
    for segment in discount.segments or []:
        if segments and segment not in segments:
            found.append(
                Finding("warning", where, f"segment {segment!r} is not one of the policy's segments")
            )
    return found


def _covers(earlier: Guideline, later: Guideline) -> bool:
    """True when every line ``later`` could match is matched by ``earlier`` first."""
    if earlier.segment is not None and earlier.segment != later.segment:
        return False
    if earlier.products is not None and (
        later.products is None or not set(later.products) <= set(earlier.products)
    ):
        return False
    low_ok = earlier.min_quantity is None or (
        later.min_quantity is not None and later.min_quantity >= earlier.min_quantity
    )
    high_ok = earlier.max_quantity is None or (
        later.max_quantity is not None and later.max_quantity <= earlier.max_quantity
    )
    return low_ok and high_ok


def _guideline_findings(policy: PricingPolicy) -> list[Finding]:
    found: list[Finding] = []
    segments = set(policy.segments)
    for index, guideline in enumerate(policy.guidelines):
        where = f"guidelines[{guideline.name}]"
        if segments and guideline.segment is not None and guideline.segment not in segments:
            found.append(
                Finding(
                    "warning", where, f"segment {guideline.segment!r} is not one of the policy's segments"
                )
            )
        shadow = next((g for g in policy.guidelines[:index] if _covers(g, guideline)), None)
        if shadow is not None:
            found.append(
                Finding(
                    "warning", where, f"never applies: {shadow.name!r} above it matches every line it would"
                )
            )
        if guideline.relative and guideline.floor_pct_of_list is not None:
            offered = [
                Deduction(d.id, percent=d.percent, stacking=d.stacking)
                for d in policy.discounts
                if d.percent is not None
                and (d.segments is None or guideline.segment in d.segments)
                and patterns_overlap(d.products, guideline.products)
            ]
            pocket = 100 - stacked_percent(offered)
            if offered and pocket < guideline.floor_pct_of_list:
                found.append(
                    Finding(
                        "warning",
                        where,
                        f"a customer who earns every percentage discount pays {pocket:.2f} % of list, "
                        f"below the floor of {guideline.floor_pct_of_list} %",
                    )
                )
    return found


def check_policy(policy: PricingPolicy) -> tuple[Finding, ...]:
    """Check a policy against the method's rules; errors first, then warnings, in file order.

    Parameters
    ----------
    policy
        A policy that has been read (see :func:`load_policy`).

    Returns
    -------
    tuple of Finding
        Errors: a discount that requires no customer action. Warnings: a discount that names no
        supplier benefit, a segment that is not declared, a guideline that can never apply because
        one above it matches first, and a guideline whose floor lies above what a customer pays after
        every percentage discount open to its segment and products.
    """
    segments = set(policy.segments)
    found = [f for d in policy.discounts for f in _discount_findings(d, segments)]
    found += _guideline_findings(policy)
    return tuple(sorted(found, key=lambda f: f.severity != "error"))
