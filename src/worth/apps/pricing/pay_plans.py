"""The pay-plan comparison of a data set, for its page and the API: the inputs read, the plans compared."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from worth.analytics import AnalyticsError
from worth.analytics.volume import sales_by_salesperson, sold_volume
from worth.apps.core.computed import remember
from worth.apps.pricing.analysis import open_lines
from worth.apps.pricing.models import CostStructure, InvoiceDataset
from worth.apps.pricing.services import currency_for, project_policy
from worth.engine.pricing import PricingError
from worth.engine.pricing.amounts import read_named_amounts
from worth.engine.pricing.compensation import CompensationComparison, compare_pay_plans

#: The revenue plan's rate when none is given: 3 % of revenue, a common commission on industrial goods.
DEFAULT_REVENUE_RATE = Decimal(3)
MAX_EXPENSE_LINES = 200


def _version(dataset: InvoiceDataset) -> tuple[object, ...]:
    return (dataset.pk, dataset.imported.isoformat(), dataset.rows)


def _facts(dataset: InvoiceDataset) -> tuple[list[Any], Decimal]:
    """The salespeople's revenues and the lines' pocket share of list, read once per data set."""

    def read() -> tuple[list[Any], Decimal]:
        table, contract = open_lines(dataset)
        sold = sold_volume(table, contract=contract)
        return sales_by_salesperson(table, contract=contract), sold.pocket_price / sold.list_price

    return remember("sales-by-salesperson", _version(dataset), read)


def _cost_share_from_structures(
    dataset: InvoiceDataset, pocket_of_list: Decimal
) -> tuple[Decimal, str] | None:
    """The project's price and cost structures' variable cost, as a % of list-price revenue."""
    structures = list(CostStructure.objects.filter(project=dataset.project))
    pocket = sum((s.price * s.units for s in structures), Decimal(0))
    if not structures or not pocket:
        return None
    of_pocket = sum((s.variable_cost * s.units for s in structures), Decimal(0)) / pocket
    names = ", ".join(s.name for s in structures)
    return (of_pocket * pocket_of_list * 100).quantize(Decimal("0.1")), names


def _number(raw: str, field: str, errors: dict[str, str]) -> Decimal | None:
    text = raw.replace(",", "").replace("%", "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors[field] = f"“{raw[:30]}” is not a number"
        return None
    if not value.is_finite():
        errors[field] = f"“{raw[:30]}” is not a number"
        return None
    return value


def _expenses(raw: str, errors: dict[str, str]) -> dict[str, Decimal]:
    try:
        return read_named_amounts(raw, name="CODE", example="SP04 West=12000", most=MAX_EXPENSE_LINES)
    except PricingError as refused:
        errors["expenses"] = str(refused)
        return {}


@dataclass
class PayPlans:
    """The pay-plan comparison a page or the API asks for: the inputs as given, or what is wrong.

    ``problem`` is set when the lines cannot be read; ``errors`` names each refused field; ``found``
    is None also on a first visit that gave nothing and has no cost structure to start from.
    """

    currency: str
    given: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    problem: str = ""
    cost_source: str = ""
    found: CompensationComparison | None = None


FIELDS = ("variable_cost", "revenue_rate", "margin_rate", "expenses")


def pay_plans(dataset: InvoiceDataset, query: Mapping[str, str]) -> PayPlans:
    """Each salesperson's pay on revenue and on margin for the inputs of ``query`` (the page's fields)."""
    out = PayPlans(currency=currency_for(dataset.project, project_policy(dataset.project)[1]))
    try:
        results, pocket_of_list = _facts(dataset)
    except (AnalyticsError, OSError) as refused:
        out.problem = f"The invoice lines cannot be read: {refused}"
        return out
    errors = out.errors
    given = out.given = {k: str(query.get(k, "")) for k in FIELDS}
    suggested = _cost_share_from_structures(dataset, pocket_of_list)
    variable = _number(given["variable_cost"], "variable_cost", errors)
    if variable is None and "variable_cost" not in errors and suggested is not None:
        variable, out.cost_source = suggested
        given["variable_cost"] = str(variable)
    revenue_rate = _number(given["revenue_rate"], "revenue_rate", errors)
    if revenue_rate is None and "revenue_rate" not in errors:
        revenue_rate = DEFAULT_REVENUE_RATE
        given["revenue_rate"] = str(revenue_rate)
    margin_rate = _number(given["margin_rate"], "margin_rate", errors)
    expenses = _expenses(given["expenses"], errors)
    asked = any(query.get(k) for k in FIELDS)
    if variable is None and not errors:
        if not asked:  # a first visit without structures to suggest a cost from: the empty form
            return out
        errors["variable_cost"] = "Give the variable cost as a % of list-price revenue."
    if errors:
        return out
    assert variable is not None
    assert revenue_rate is not None
    try:
        out.found = compare_pay_plans(
            results,
            variable_cost_share=variable / 100,
            revenue_rate=revenue_rate / 100,
            margin_rate=None if margin_rate is None else margin_rate / 100,
            expenses=expenses,
        )
    except PricingError as refused:
        errors["form"] = str(refused)
    return out
