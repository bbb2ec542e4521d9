"""Compensation on profitability for a data set: each salesperson's contribution, and two pay plans."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.pricing.access import dataset_for
from worth.apps.pricing.pay_plans import pay_plans
from worth.exports.charts.compensation import pay_chart


@reached_by(get=Access.MEMBER)
@require_GET
def compensation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dataset = dataset_for(request.user, pk)
    plans = pay_plans(dataset, request.GET)
    ctx: dict[str, Any] = {"dataset": dataset, "currency": plans.currency, "current": "compensation"}
    if plans.problem:
        ctx["problem"] = plans.problem
        return render(request, "pricing/compensation.html", ctx, status=400)
    ctx.update(given=plans.given, errors=plans.errors)
    if plans.cost_source:
        ctx["cost_source"] = plans.cost_source
    if plans.errors:
        return render(request, "pricing/compensation.html", ctx, status=400)
    if plans.found is not None:
        ctx.update(found=plans.found, chart=pay_chart(plans.found, currency=plans.currency))
    return render(request, "pricing/compensation.html", ctx)
