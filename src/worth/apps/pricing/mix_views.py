"""The mix of business of a data set: what each product keeps of list price, and each customer's business."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.pricing.access import dataset_for
from worth.apps.pricing.mix_page import MAX_CUSTOMER_ROWS, mix_page


@reached_by(get=Access.MEMBER)
@require_GET
def mix(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    dataset = dataset_for(request.user, pk)
    page = mix_page(dataset, request.GET)
    ctx: dict[str, Any] = {"dataset": dataset, "page": page, "form": page.form, "currency": page.currency}
    if page.report is not None:
        ctx["customers"] = page.report.customers[:MAX_CUSTOMER_ROWS]
    status = 400 if page.problem or page.form.errors else 200
    return render(request, "pricing/mix.html", ctx, status=status)
