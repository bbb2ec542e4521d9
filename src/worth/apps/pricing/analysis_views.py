"""The pocket price waterfall and band pages of a data set: chart, table, grouping and filters."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from worth.analytics import AnalyticsError, pocket_price_band, pocket_price_waterfall
from worth.apps.core.computed import content_hash, kept_fragment, remember
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


def _dataset_version(dataset: InvoiceDataset) -> tuple[object, ...]:
    """What identifies a data set's lines: they never change after the import that wrote them."""
    return (dataset.pk, dataset.imported.isoformat(), dataset.rows)


def _lines_facts(dataset: InvoiceDataset) -> tuple[dict[str, list[tuple[str, str]]], Any]:
    """The filter choices and the contract of a data set, read from its store once per version."""

    def read() -> tuple[dict[str, list[tuple[str, str]]], Any]:
        table, contract = open_lines(dataset)
        return dimension_choices(table), contract

    return remember("dataset-facts", _dataset_version(dataset), read)


def _prepare(
    request: AuthenticatedHttpRequest, dataset: InvoiceDataset, *, band: bool
) -> tuple[dict[str, Any], Any, Selection | None]:
    """Read the selection; ``None`` selection means the form has errors."""
    choices, contract = _lines_facts(dataset)
    form = SelectionForm(request.GET or None, choices=choices, band=band)
    ctx: dict[str, Any] = {"dataset": dataset, "form": form, "contract": contract}
    if not form.is_bound:
        return ctx, contract, Selection()
    if not form.is_valid():
        return ctx, contract, None
    return ctx, contract, form.selection()


def _page_key(page: str, request: AuthenticatedHttpRequest, dataset: InvoiceDataset, *more: object) -> str:
    """What a page's figures and form show: the data set's version, its project and names, the query."""
    shown = (dataset.name, dataset.project_id, dataset.project.name, dataset.source_name)
    query = sorted(request.GET.lists())
    return content_hash(page, *_dataset_version(dataset), *shown, query, *more)


def _unavailable(request: AuthenticatedHttpRequest, dataset: InvoiceDataset, exc: Exception) -> HttpResponse:
    ctx = {"dataset": dataset, "problem": str(exc)}
    return render(request, "pricing/dataset_unavailable.html", ctx, status=500)


def _waterfall_figures(dataset: InvoiceDataset, selection: Selection, currency: str) -> dict[str, Any]:
    """The chart and tables of a waterfall page (plain data, kept per version and selection)."""
    table, contract = open_lines(dataset)
    try:
        report = pocket_price_waterfall(table, contract=contract, by=selection.by, **selection.kwargs)
    except AnalyticsError as exc:
        return {"problem": str(exc)}
    figures: dict[str, Any] = {"chart": waterfall_chart(report, currency=currency)}
    first = report.groups[0]
    if selection.by is None:
        figures.update(steps=step_rows(first), overall=first)
    else:
        figures.update(
            headers=[s.label for s in first.steps],
            groups=group_rows(report.groups),
            group_count=len(report.groups),
        )
    return figures


@reached_by(get=Access.MEMBER)
@require_GET
def waterfall(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dataset = dataset_for(request.user, pk)
    _, policy, _ = project_policy(dataset.project)
    currency = currency_for(dataset.project, policy)
    key = _page_key("waterfall", request, dataset, currency)
    kept = _kept_page(request, "pricing/waterfall.html", dataset, key, currency=currency)
    if kept is not None:
        return kept
    try:
        ctx, _, selection = _prepare(request, dataset, band=False)
    except AnalyticsError as exc:
        return _unavailable(request, dataset, exc)
    ctx["currency"] = currency
    if selection is None:
        return render(request, "pricing/waterfall.html", ctx, status=400)
    ctx["selection"] = selection
    try:
        ctx.update(
            remember(
                "waterfall",
                (*_dataset_version(dataset), selection, currency),
                lambda: _waterfall_figures(dataset, selection, currency),
            )
        )
    except AnalyticsError as exc:
        return _unavailable(request, dataset, exc)
    ctx["kept_key"] = "" if "problem" in ctx else key
    return render(request, "pricing/waterfall.html", ctx)


def _kept_page(
    request: AuthenticatedHttpRequest, template: str, dataset: InvoiceDataset, key: str, **more: Any
) -> HttpResponse | None:
    """The page around its kept figures, when they are kept: no lines, form or figures to gather.

    Only a page with a chart is kept (one whose figures could not be worked out is not), so the
    chart's scripts go with it.
    """
    fragment = kept_fragment(key)
    if fragment is None:
        return None
    ctx = {"dataset": dataset, "kept_key": key, "kept_fragments": {key: fragment}, "chart": True, **more}
    return render(request, template, ctx)


def _band_figures(dataset: InvoiceDataset, selection: Selection, usable: Any) -> dict[str, Any]:
    """The chart and tables of a band page (plain data, kept per version, policy and selection)."""
    table, contract = open_lines(dataset)
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
        return {"problem": str(exc)}
    figures: dict[str, Any] = {"chart": band_chart(report), "report": report, "bands": band_rows(report)}
    if usable is not None:
        figures["costs"] = cost_tables(table, usable, contract, selection)
        figures["deals"] = costliest_deals(table, usable, contract, selection)
    return figures


@reached_by(get=Access.MEMBER)
@require_GET
def band(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dataset = dataset_for(request.user, pk)
    record, policy, policy_problem = project_policy(dataset.project)
    currency = currency_for(dataset.project, policy)
    policy_text = record.text if record is not None else None
    key = _page_key("band", request, dataset, currency, policy_text, policy_problem)
    kept = _kept_page(request, "pricing/band.html", dataset, key, currency=currency)
    if kept is not None:
        return kept
    try:
        ctx, _, selection = _prepare(request, dataset, band=True)
    except AnalyticsError as exc:
        return _unavailable(request, dataset, exc)
    ctx.update(policy_record=record, policy=policy, policy_problem=policy_problem)
    ctx["currency"] = currency
    if selection is None:
        return render(request, "pricing/band.html", ctx, status=400)
    ctx["selection"] = selection
    usable = policy if policy is not None and policy.guidelines else None
    try:
        ctx.update(
            remember(
                "band",
                (
                    *_dataset_version(dataset),
                    selection,
                    record.text if usable is not None and record else None,
                ),
                lambda: _band_figures(dataset, selection, usable),
            )
        )
    except AnalyticsError as exc:
        return _unavailable(request, dataset, exc)
    ctx["kept_key"] = "" if "problem" in ctx else key
    return render(request, "pricing/band.html", ctx)
