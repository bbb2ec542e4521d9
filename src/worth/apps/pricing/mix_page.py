"""The mix of business of a data set, for its page and the API: the form read, the figures worked out.

The grouped figures are kept per data set version and selection (two queries over the store); the
yearly purchases typed in the box are applied to them afterwards, so changing a figure there reads
no invoice line again. The box is read whole against the customers of the chosen lines, or not used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from worth.analytics import AnalyticsError
from worth.analytics.mix import MixReport, business_mix, share_of_business
from worth.apps.core.computed import remember
from worth.apps.pricing.analysis import Selection, dimension_choices, open_lines
from worth.apps.pricing.forms import MixForm
from worth.apps.pricing.models import CostStructure, InvoiceDataset
from worth.apps.pricing.services import currency_for, project_policy
from worth.engine.pricing import PricingError
from worth.engine.pricing.amounts import read_named_amounts
from worth.exports.charts import ChartSpec
from worth.exports.charts.mix import mix_chart

#: Customers the page's table lists (the largest pocket revenue first); the API gives them all.
MAX_CUSTOMER_ROWS = 200


def _version(dataset: InvoiceDataset) -> tuple[object, ...]:
    return (dataset.pk, dataset.imported.isoformat(), dataset.rows)


@dataclass
class MixPage:
    """What the page and the API show: the form, and the report unless something is refused.

    ``problem`` is set when the lines cannot be read; the form's errors name each refused field
    (the purchases box by line); ``report`` is None then.
    """

    form: MixForm
    currency: str
    problem: str = ""
    report: MixReport | None = None
    chart: ChartSpec | None = None
    cost_structures: list[str] = field(default_factory=list)


def _choices(dataset: InvoiceDataset) -> dict[str, list[tuple[str, str]]]:
    def read() -> dict[str, list[tuple[str, str]]]:
        table, _ = open_lines(dataset)
        return dimension_choices(table)

    return remember("dataset-choices", _version(dataset), read)


def _report(dataset: InvoiceDataset, selection: Selection) -> MixReport:
    def read() -> MixReport:
        table, contract = open_lines(dataset)
        return business_mix(table, contract=contract, **selection.kwargs)

    return remember("business-mix", (*_version(dataset), selection), read)


def mix_page(dataset: InvoiceDataset, query: Mapping[str, Any] | None) -> MixPage:
    """The mix for the filters and purchases of ``query`` (the page's fields; None on a first visit)."""
    currency = currency_for(dataset.project, project_policy(dataset.project)[1])
    try:
        choices = _choices(dataset)
    except (AnalyticsError, OSError) as refused:
        return MixPage(MixForm(choices={}), currency, problem=f"The invoice lines cannot be read: {refused}")
    form = MixForm(query or None, choices=choices)
    page = MixPage(form, currency)
    page.cost_structures = list(
        CostStructure.objects.filter(project=dataset.project).values_list("name", flat=True)
    )
    if form.is_bound and not form.is_valid():
        return page
    selection = form.selection() if form.is_bound else Selection()
    try:
        report = _report(dataset, selection)
    except AnalyticsError as refused:
        form.add_error(None, str(refused))
        return page
    except OSError as refused:
        page.problem = f"The invoice lines cannot be read: {refused}"
        return page
    text = str(form.cleaned_data.get("spend") or "") if form.is_bound else ""
    try:
        purchases = read_named_amounts(
            text,
            name="CUSTOMER_ID",
            example="C1=250000",
            known={c.customer_id for c in report.customers},
            unknown="no customer of that id in the chosen lines",
            positive=True,
        )
    except PricingError as refused:
        form.add_error("spend", str(refused))
        return page
    page.report = share_of_business(report, purchases) if purchases else report
    page.chart = mix_chart(page.report)
    return page
