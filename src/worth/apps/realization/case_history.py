"""A value case history's content, named or anonymized, from a documenter's customer-confirmed figures.

Only figures the customer confirmed are told (green money). The anonymized variant names no customer
and shows no figure that identifies one: the narrative's mentions of the customer are replaced by the
anonymized name, measures are told as relative changes, and amounts as a lower bound rounded down to
one significant digit ("more than $200,000 a year").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from worth.apps.realization.figures import DocumenterFigures
from worth.apps.realization.models import CaseHistory
from worth.engine.model.display import format_money, format_percent, lower_bound

__all__ = ["CaseHistoryContent", "HistoryLine", "Variant", "case_history_content"]

Variant = Literal["named", "anonymized"]


@dataclass(frozen=True)
class HistoryLine:
    element: str
    measure: str
    change: str
    value: str
    share: str


@dataclass(frozen=True)
class CaseHistoryContent:
    variant: Variant
    title: str
    customer: str
    narrative: str
    lines: tuple[HistoryLine, ...]
    total: str
    period: str
    approved: str


def _bound(value: float, currency: str) -> str:
    bound = lower_bound(value)
    if value < 0:
        return f"a cost of about {format_money(-bound, currency)}"
    return f"more than {format_money(bound, currency)}"


def _relative(baseline: float | None, actual: float | None) -> str:
    if baseline is None or actual is None or baseline == 0:
        return ""
    change = (actual - baseline) / abs(baseline)
    word = "lower" if change < 0 else "higher"
    return f"{format_percent(abs(change))} {word}"


def case_history_content(
    history: CaseHistory, figures: DocumenterFigures, variant: Variant
) -> CaseHistoryContent:
    customer = history.documenter.customer.name
    named = variant == "named"
    currency = figures.currency
    lines: list[HistoryLine] = []
    for item in figures.elements:
        if item.customer != "confirmed":
            continue
        plan = item.plan
        actual = next((m.value for m in reversed(item.figures) if m.driver == plan.measure), None)
        if named:
            measure = (
                f"{plan.measure}: {plan.baseline:g} → {actual:g} {plan.unit}".strip()
                if (plan.baseline is not None and actual is not None)
                else plan.measure
            )
            change = _relative(plan.baseline, actual)
            value = format_money(item.realized.documented, currency)
        else:
            measure = plan.measure
            change = _relative(plan.baseline, actual)
            value = _bound(item.realized.documented, currency)
        lines.append(HistoryLine(plan.element, measure, change, value, format_percent(item.realized.share)))
    narrative = history.narrative
    if not named:
        narrative = re.sub(re.escape(customer), history.anonymous_name, narrative, flags=re.IGNORECASE)
    total = format_money(figures.confirmed, currency) if named else _bound(figures.confirmed, currency)
    approved = ""
    if history.approved_at is not None and history.approved_variant == variant:
        approved = f"Publication approved by {history.approved_by}, {history.approved_at:%Y-%m-%d}."
    return CaseHistoryContent(
        variant,
        history.title
        if named
        else re.sub(re.escape(customer), history.anonymous_name, history.title, flags=re.I),
        customer if named else history.anonymous_name,
        narrative,
        tuple(lines),
        total,
        figures.period,
        approved,
    )
