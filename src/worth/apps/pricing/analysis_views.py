"""The pocket price waterfall and band pages of a data set: chart, table, grouping and filters."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from worth.analytics import AnalyticsError, pocket_price_band, pocket_price_waterfall
from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.pricing.access import dataset_for
from worth.apps.pricing.analysis import (
    Selection,
    band_rows,
    cost_tables,
    costliest_deals,
    dimension_choices,
    group_rows,
    open_lines,
    step_rows,
)
from worth.apps.pricing.forms import SelectionForm
from worth.apps.pricing.models import InvoiceDataset
from worth.apps.pricing.services import currency_for, project_policy
from worth.exports.charts.pricing import band_chart, waterfall_chart


def _prepare(
    request: AuthenticatedHttpRequest, dataset: InvoiceDataset, *, band: bool
) -> tuple[dict[str, Any], Any, Any, Selection | None]:
    """Open the lines and read the selection; ``None`` selection means the form has errors."""
    table, contract = open_lines(dataset)
    form = SelectionForm(request.GET or None, choices=dimension_choices(table), band=band)
    ctx: dict[str, Any] = {"dataset": dataset, "form": form, "contract": contract}
    if not form.is_bound:
        return ctx, table, contract, Selection()
    if not form.is_valid():
        return ctx, table, contract, None
    return ctx, table, contract, form.selection()


def _unavailable(request: AuthenticatedHttpRequest, dataset: InvoiceDataset, exc: Exception) -> HttpResponse:
    ctx = {"dataset": dataset, "problem": str(exc)}
    return render(request, "pricing/dataset_unavailable.html", ctx, status=500)


@reached_by(get=Access.MEMBER)
@require_GET
def waterfall(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dataset = dataset_for(request.user, pk)
    try:
        ctx, table, contract, selection = _prepare(request, dataset, band=False)
    except AnalyticsError as exc:
        return _unavailable(request, dataset, exc)
    _, policy, _ = project_policy(dataset.project)
    ctx["currency"] = currency = currency_for(dataset.project, policy)
    if selection is None:
        return render(request, "pricing/waterfall.html", ctx, status=400)
    ctx["selection"] = selection
    try:
        report = pocket_price_waterfall(table, contract=contract, by=selection.by, **selection.kwargs)
    except AnalyticsError as exc:
        ctx["problem"] = str(exc)
        return render(request, "pricing/waterfall.html", ctx)
    ctx["chart"] = waterfall_chart(report, currency=currency)
    first = report.groups[0]
    if selection.by is None:
        ctx["steps"] = step_rows(first)
        ctx["overall"] = first
    else:
        ctx["headers"] = [s.label for s in first.steps]
        ctx["groups"] = group_rows(report.groups)
        ctx["group_count"] = len(report.groups)
    return render(request, "pricing/waterfall.html", ctx)


@reached_by(get=Access.MEMBER)
@require_GET
def band(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dataset = dataset_for(request.user, pk)
    try:
        ctx, table, contract, selection = _prepare(request, dataset, band=True)
    except AnalyticsError as exc:
        return _unavailable(request, dataset, exc)
    record, policy, policy_problem = project_policy(dataset.project)
    ctx.update(policy_record=record, policy=policy, policy_problem=policy_problem)
    ctx["currency"] = currency_for(dataset.project, policy)
    if selection is None:
        return render(request, "pricing/band.html", ctx, status=400)
    ctx["selection"] = selection
    usable = policy if policy is not None and policy.guidelines else None
    try:
        report = pocket_price_band(
            table,
            contract=contract,
            policy=usable,
            level=selection.level,
            by=selection.by,
            **selection.kwargs,
        )
    except AnalyticsError as exc:
        ctx["problem"] = str(exc)
        return render(request, "pricing/band.html", ctx)
    ctx["chart"] = band_chart(report)
    ctx["report"] = report
    ctx["bands"] = band_rows(report)
    if usable is not None:
        ctx["costs"] = cost_tables(table, usable, contract, selection)
        ctx["deals"] = costliest_deals(table, usable, contract, selection)
    return render(request, "pricing/band.html", ctx)
