"""The value-based price page: from the NBA price and the differentiation value to candidate prices."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from worth.apps.core.routes import Access, reached_by
from worth.apps.core.typealias import AuthenticatedHttpRequest
from worth.apps.pricing.services import currency_for, project_policy
from worth.apps.pricing.value_price import OptionFormSet, ValuePriceForm, prefill_from_model, work_out
from worth.apps.programs.access import project_for
from worth.apps.programs.models import Project
from worth.apps.valuemodels.models import ValueModelRecord
from worth.engine.model.errors import ModelError
from worth.engine.pricing import PricingError


def _model_sources(project: Project) -> tuple[list[tuple[ValueModelRecord, list[str]]], dict[str, str]]:
    """The project's value models that can be read, with their subsegments (to prefill from), and why
    each of the others cannot (by primary key)."""
    out = []
    unreadable: dict[str, str] = {}
    for record in ValueModelRecord.objects.filter(project=project):
        try:
            out.append((record, [s.name for s in record.load().model.subsegments]))
        except ModelError as exc:
            unreadable[str(record.pk)] = f"“{record.name}” no longer passes the checks: " + "; ".join(
                str(issue) for issue in exc.issues
            )
    return out, unreadable


@reached_by(get=Access.MEMBER)
@require_GET
def value_price(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    project = project_for(request.user, project_pk)
    currency = currency_for(project, project_policy(project)[1])
    sources, unreadable = _model_sources(project)
    ctx: dict[str, Any] = {"project": project, "currency": currency, "sources": sources}
    if "nba_price" in request.GET:
        form = ValuePriceForm(request.GET)
        options = OptionFormSet(request.GET, prefix="opt")
        ctx.update(form=form, options=options)
        if not (form.is_valid() and options.is_valid()):
            return render(request, "pricing/value_price.html", ctx, status=400)
        try:
            ctx["result"] = work_out(form, options, currency=currency)
        except PricingError as exc:
            form.add_error(None, str(exc))
            return render(request, "pricing/value_price.html", ctx, status=400)
        return render(request, "pricing/value_price.html", ctx)
    initial: dict[str, Any] = {}
    option_initial: list[dict[str, Any]] = []
    model_pk, subsegment = request.GET.get("model"), request.GET.get("subsegment", "")
    if model_pk:
        record = next((r for r, _ in sources if str(r.pk) == model_pk), None)
        if record is None:
            ctx["prefill_problem"] = unreadable.get(model_pk, "That value model is not in this project.")
        else:
            try:
                prefill = prefill_from_model(record, subsegment)
            except ValueError as exc:
                ctx["prefill_problem"] = str(exc)
            else:
                ctx["prefill"] = prefill
                initial, option_initial = prefill.initial(), prefill.option_initial()
    ctx["form"] = ValuePriceForm(initial=initial or None)
    ctx["options"] = OptionFormSet(prefix="opt", initial=option_initial or None)
    return render(request, "pricing/value_price.html", ctx)
